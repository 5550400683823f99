import type { ZodError } from 'zod';
import { ApiError, type ApiErrorCode, type FieldError } from '../../shared/contract';
import { fieldInWords } from '../../shared/field-words';
import { channelAction } from './channel-words';
import { KeychainUnavailableError } from '../platform/secrets/secret-store';

// Errors in words (docs/architecture.md): the message is a sentence for the owner with the next step; the channel,
// input path and zod's own wording go to `detail`, shown only behind "Details".

const pathOf = (path: readonly PropertyKey[], keys?: readonly string[]) => [...path.map(String), ...(keys ?? [])].join('.') || '(input)';
const keysOf = (issue: ZodError['issues'][number]) => ('keys' in issue ? (issue.keys as string[]) : undefined);

/** "Check “Business TIN”: TIN must look like …" — the schema's (or ownerIssueWords') sentence, at its field in words. */
const NOT_UNDERSTOOD = 'The app sent something this version does not understand. Restart the app; if it happens again, report it.';

function sentenceFor(issue: ZodError['issues'][number]): string {
  if (issue.code === 'unrecognized_keys') return issue.message;
  // The whole input is wrong (not an object at all): a fault of the page, not of anything the owner typed.
  if (issue.path.length === 0) return NOT_UNDERSTOOD;
  const message = /[.!?]$/.test(issue.message) ? issue.message : `${issue.message}.`;
  const field = fieldInWords(issue.path);
  // "The signature key has no spaces: …" names its field already; only other sentences get "Check <field>:".
  if (message.toLowerCase().startsWith(field.toLowerCase())) return message;
  return `Check ${field}: ${message}`;
}

/** Turns zod's issues into one owner sentence plus every field's own problem; the keys go to the detail. */
export function fromZodError(channel: string, err: ZodError): ApiError {
  const first = err.issues[0];
  const field = first ? pathOf(first.path, keysOf(first)) : '(input)';
  const detail = `${channel}: ${err.issues.map((i) => `${pathOf(i.path, keysOf(i))}: ${i.message}`).join('; ')}`;
  const fieldErrors: FieldError[] = err.issues
    .filter((i) => i.path.length > 0 && i.code !== 'unrecognized_keys')
    .map((i) => ({ field: pathOf(i.path), message: i.message }));
  const distinct = [...new Set(fieldErrors.map((f) => f.field))];
  const message =
    !first
      ? NOT_UNDERSTOOD
      : distinct.length > 1
        ? `Check ${distinct.length} fields: ${listInWords(distinct.map((f) => fieldInWords(f)))}. Fix each as it says, then try again.`
        : sentenceFor(first);
  return new ApiError('invalid_input', message, field, { detail, fieldErrors });
}

function listInWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The storage failures an owner can do something about, by SQLite's or the file system's error code: the database
 * held by another program past the busy timeout, or a full disk. Null for anything else.
 */
function storageWords(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return 'the app’s data is in use by another program. Wait a moment and try again; if it stays busy, close any other copy of the app.';
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'the disk is full. Free some disk space, then try again.';
  return null;
}

/** A failure nobody planned for: say what did not happen and what to do; the rest stays in the log and the detail. */
export function unexpectedError(channel: string, err: unknown): ApiError {
  const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (err instanceof KeychainUnavailableError) {
    return new ApiError('unavailable', err.message, undefined, { detail: `${channel} failed: ${err.detail ?? reason}` });
  }
  const storage = storageWords(err);
  if (storage) {
    return new ApiError('unavailable', `Nothing was changed while ${channelAction(channel)}: ${storage}`, undefined, {
      detail: `${channel} failed: ${reason}`,
    });
  }
  return new ApiError(
    'internal',
    `Something went wrong while ${channelAction(channel)}. Try again; if it keeps happening, restart the app.`,
    undefined,
    { detail: `${channel} failed unexpectedly: ${reason}` },
  );
}

/** A channel this version does not have (an old page talking to a newer app, or the other way round). */
export function unknownChannelError(channel: string): ApiError {
  return new ApiError('not_found', 'This version of the app cannot do that. Reload the page; if it stays, update the app.', undefined, {
    detail: `Unknown channel "${channel}"`,
  });
}

/** HTTP status for each error code, used by the headless host. */
export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};
