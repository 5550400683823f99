import { expect } from 'vitest';
import { CHANNELS, type ApiErrorBody } from '../../shared/contract';
import { SETTING_KEYS } from '../../shared/settings';
import { CAMEL, CODE, FIELD } from './review-reasons';

// Errors the UI shows are read by the shop owner (docs/architecture.md, "Errors in words"): a sentence that says
// what to do next, with no channel names, field keys, Square codes or SDK names. The technical detail may have them.

/** A channel name as it appears in a message: `square.locations.refresh`, `invoices.list`. */
const CHANNEL = new RegExp(`(?:^|[^\\w.])(?:${CHANNELS.map((c) => c.replace(/\./g, '\\.')).join('|')})(?![\\w.])`);
/** Words of the machinery: the SDK, zod, HTTP codes, stack-ish text. */
const MACHINERY = /\bSquareError\b|\bsquare sdk\b|\bzod\b|\bHTTP \d{3}\b|\bstatus code\b|\bundefined\b|\bnull\b|\bNaN\b|\bTypeError\b|\bECONN\w+|\bInvalid input\b|\bsee the log\b|\(input\)/i;
/** A next step: the sentence tells the owner what to do. */
const NEXT_STEP =
  /\b(?:Try|Check|Press|Open|Reload|Restart|Enter|Choose|Copy|Paste|Go back|Change|Reconnect|Wait|Cancel|Give|Use|Say|Remove|Send|Close|Add|Set|Fix|Select|Update|Make sure|Connect|Fill|Shorten)\b/i;

/** The app's own environment variables may be named: changing one is the next step for a value they decide. */
const ENV_VARIABLE = /\b(?:SQUARE|TAXPOYNT|TUNNEL)(?:_[A-Z]+)*\b/g;

/** Asserts `message` is a sentence for the owner with a next step, free of keys, codes and machinery. */
export function expectOwnerWords(message: string, where = ''): void {
  const at = where ? `${where}: ` : '';
  const shown = message;
  message = message.replace(ENV_VARIABLE, 'the variable');
  expect(message, `${at}"${shown}" names a channel`).not.toMatch(CHANNEL);
  for (const key of SETTING_KEYS) expect(message, `${at}"${message}" names the setting key ${key}`).not.toContain(key);
  expect(message, `${at}"${message}" names a snake_case field`).not.toMatch(FIELD);
  expect(message, `${at}"${message}" names a Square code`).not.toMatch(CODE);
  expect(message, `${at}"${message}" names a camelCase key or SDK name`).not.toMatch(CAMEL);
  expect(message, `${at}"${message}" names the machinery`).not.toMatch(MACHINERY);
  expect(message.charAt(0), `${at}"${message}" is not a sentence`).toMatch(/[A-Z“]/);
  expect(message, `${at}"${message}" does not end as a sentence`).toMatch(/[.!?]$/);
  expect(message, `${at}"${message}" gives no next step`).toMatch(NEXT_STEP);
}

/** The same for a whole error body: its message, and each field's own sentence (which need not carry a next step). */
export function expectOwnerError(error: ApiErrorBody, where = ''): void {
  expectOwnerWords(error.message, where);
  for (const f of error.fieldErrors ?? []) {
    const at = `${where} field ${f.field}`;
    expect(f.message, `${at}: "${f.message}" names a channel`).not.toMatch(CHANNEL);
    expect(f.message, `${at}: "${f.message}" names a camelCase key`).not.toMatch(CAMEL);
    expect(f.message, `${at}: "${f.message}" names a Square code`).not.toMatch(CODE);
    expect(f.message, `${at}: "${f.message}" names the machinery`).not.toMatch(MACHINERY);
  }
}
