import { serialization, type Square } from 'square';
import { stringifyBigintJson } from '../platform/bigint-json';
import { arrayElementTexts } from './wire-slices';
import { readWire, type WireRoot } from './wire-reader';

// Square's wire format (snake_case JSON, integer amounts) ⇄ the SDK's typed objects (camelCase, bigint amounts).
// We store wire JSON, exactly what Square sends, and convert to SDK types for the converter.

const OPTIONS = { unrecognizedObjectKeys: 'passthrough' as const, allowUnrecognizedEnumValues: true };

// The wire JSON each SDK object was parsed from, so storing it needs no trip back through the SDK's serialisers
// (the most expensive step of storing an order), and the same as JSON text, once made or cut from the answer (a
// backfill's order is written into its event's body as is, and that text is what crosses to the writer thread and what
// it stores). Objects are never mutated after parsing, which keeps this exact.
//
// Both ride on the object itself, under symbols no one enumerates (not in Object.keys, JSON, spreads or structured
// clones), rather than in WeakMaps: Node 20's V8 treats a WeakMap's values as live in every young-generation
// collection, whatever became of their keys, so each sale's wire JSON — a few KB — survived its first collection and was
// promoted (measured with the transport change: docs/benchmarks.md, "Issue 18's targets, 2026-12-02 04:56 and 05:12 UTC").
const WIRE = Symbol('square wire JSON');
const WIRE_TEXT = Symbol('square wire text');

function attach(value: object, key: symbol, data: unknown): void {
  // A frozen object cannot carry it: storing it then goes through the SDK's serialiser, as with no wire at all.
  if (Object.isExtensible(value) || Object.hasOwn(value, key)) {
    Object.defineProperty(value, key, { value: data, writable: true, configurable: true, enumerable: false });
  }
}
const wireOf = (value: object): unknown => (value as { [WIRE]?: unknown })[WIRE];
const wireTextOf = (value: object): string | undefined => (value as { [WIRE_TEXT]?: string })[WIRE_TEXT];

// Writing back is lenient: fields and enum values the SDK passed through on the way in pass through again.
const LENIENT = {
  unrecognizedObjectKeys: 'passthrough',
  allowUnrecognizedUnionMembers: true,
  allowUnrecognizedEnumValues: true,
  skipValidation: true,
  omitUndefined: true,
} as const;

/**
 * SDK objects back to Square's wire shape (snake_case; amounts may be bigint — serialise with stringifyBigintJson): the wire
 * object they were parsed from when we have it (see rememberWire), else through the SDK's serialisers.
 */
export const toWire = {
  payment: (p: Square.Payment): unknown => wireOf(p) ?? fromText(p) ?? serialization.Payment.jsonOrThrow(p, LENIENT),
  refund: (r: Square.PaymentRefund): unknown => wireOf(r) ?? fromText(r) ?? serialization.PaymentRefund.jsonOrThrow(r, LENIENT),
  order: (o: Square.Order): unknown => wireOf(o) ?? fromText(o) ?? serialization.Order.jsonOrThrow(o, LENIENT),
  customer: (c: Square.Customer): unknown => wireOf(c) ?? fromText(c) ?? serialization.Customer.jsonOrThrow(c, LENIENT),
};

/** The wire object from the remembered text (only texts without integers past 2^53 are remembered: exact). */
function fromText(value: object): unknown {
  const text = wireTextOf(value);
  if (text === undefined) return undefined;
  const wire: unknown = JSON.parse(text);
  attach(value, WIRE, wire);
  return wire;
}

function parseWith<T>(schema: { parse(raw: unknown, opts: typeof OPTIONS): { ok: true; value: T } | { ok: false; errors: { path: string[]; message: string }[] } }, what: string, raw: unknown): T {
  const r = schema.parse(raw, OPTIONS);
  if (!r.ok) {
    const e = r.errors[0];
    throw new Error(`Square ${what} is not in the expected shape${e ? ` (${e.path.join('.')}: ${e.message})` : ''}`);
  }
  return r.value;
}


/** Records that `value` was parsed from Square's wire object `raw` (e.g. when the SDK parsed an answer we captured). */
export function rememberWire(value: object, raw: unknown): void {
  attach(value, WIRE, raw);
}

function parseRemembering<T extends object>(schema: Parameters<typeof parseWith<T>>[0], what: string, raw: unknown, type?: WireRoot): T {
  // The generated table first (wire-reader.ts: the same result, a fraction of the work); the SDK when it cannot say.
  const value = (type && readWire<T>(type, raw)) || parseWith<T>(schema, what, raw);
  rememberWire(value, raw);
  return value;
}

export const fromWire = {
  order: (raw: unknown) => parseRemembering<Square.Order>(serialization.Order, 'order', raw, 'Order'),
  payment: (raw: unknown) => parseRemembering<Square.Payment>(serialization.Payment, 'payment', raw, 'Payment'),
  refund: (raw: unknown) => parseRemembering<Square.PaymentRefund>(serialization.PaymentRefund, 'refund', raw, 'PaymentRefund'),
  customer: (raw: unknown) => parseRemembering<Square.Customer>(serialization.Customer, 'customer', raw),
};

/**
 * True when JSON.parse reads `text` (JSON) exactly: no number of 16 digits or more (an integer past 2^53 could be
 * one). A JSON number follows a colon, a comma or a bracket; a string that merely looks like that (a note reading
 * "ref:1234567890123456") only costs the slower exact path.
 */
export const isExactForJsonParse = (text: string): boolean => !/[:,[]\s*-?\d{16,}/.test(text);

/**
 * Pairs the objects the SDK parsed from an answer with that answer's wire JSON (captured by keepingWire), by id —
 * never by position alone. `field` is where the answer lists them (`orders`, `payments`, `refunds`).
 */
export function rememberAnswerWire(items: readonly { id?: string }[], body: string | undefined, field: string): void {
  // JSON.parse rounds integers beyond 2^53; the SDK's parser does not. Such a body keeps the SDK's serialiser.
  if (!body || !isExactForJsonParse(body)) return;
  // Cut from the text when every element is where the SDK's list says, with its own id (wire-slices.ts).
  const texts = items.length ? arrayElementTexts(body, field) : null;
  if (texts && texts.length === items.length && items.every((item, i) => !!item.id && texts[i]!.includes(`"id":${JSON.stringify(item.id)}`))) {
    items.forEach((item, i) => rememberWireText(item, texts[i]!));
    return;
  }
  let listed: unknown;
  try {
    listed = (JSON.parse(body) as Record<string, unknown> | null)?.[field];
  } catch {
    return; // the SDK parsed it, so this cannot happen; if it did, storing falls back to the SDK's serialiser
  }
  if (!Array.isArray(listed)) return;
  const byId = new Map((listed as { id?: unknown }[]).map((o) => [o.id, o]));
  for (const item of items) {
    const raw = item.id ? byId.get(item.id) : undefined;
    if (raw) rememberWire(item, raw);
  }
}

/** rememberAnswerWire for an answer holding one object under `field`; only when the ids agree. */
export function rememberOneWire(item: { id?: string }, body: string | undefined, field: string): void {
  if (!body || !isExactForJsonParse(body)) return;
  try {
    const raw = (JSON.parse(body) as Record<string, unknown>)[field] as { id?: unknown } | undefined;
    if (raw && item.id && raw.id === item.id) rememberWire(item, raw);
  } catch {
    // the SDK parsed it, so this cannot happen; storing would fall back to the SDK's serialiser
  }
}

/** Records that `value`'s wire JSON is `text` (see toWireJson). */
export function rememberWireText(value: object, text: string): void {
  attach(value, WIRE_TEXT, text);
}

function textOf<T extends object>(value: T, wire: (v: T) => unknown): string {
  let text = wireTextOf(value);
  if (text === undefined) {
    text = stringifyBigintJson(wire(value));
    attach(value, WIRE_TEXT, text);
  }
  return text;
}

/** Square's JSON for an SDK object: as received when we have it, else serialised back through the SDK; made once. */
export const toWireJson = {
  order: (o: Square.Order) => textOf(o, toWire.order),
  payment: (p: Square.Payment) => textOf(p, toWire.payment),
  refund: (r: Square.PaymentRefund) => textOf(r, toWire.refund),
  customer: (c: Square.Customer) => textOf(c, toWire.customer),
};
