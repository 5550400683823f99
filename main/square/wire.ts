import { randomBytes } from 'node:crypto';
import { serialization, type Square } from 'square';

// Square's wire format (snake_case JSON, integer amounts) ⇄ the SDK's typed objects (camelCase, bigint amounts).
// We store wire JSON, exactly what Square sends, and convert to SDK types for the converter.

const OPTIONS = { unrecognizedObjectKeys: 'passthrough' as const, allowUnrecognizedEnumValues: true };

// A random marker made once per process: no string from Square can be expected to contain 128 random bits we never
// send anywhere, and making it (and its pattern) per call cost more than the serialisation itself.
const MARKER = `bigint-${randomBytes(16).toString('hex')}:`;
const MARKED = new RegExp(`"${MARKER}(-?\\d+)"`, 'g');
const markBigint = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? `${MARKER}${v.toString()}` : v);

/** JSON.stringify that writes bigints as exact JSON integers (the SDK keeps money amounts as bigint). */
export function stringifyWire(value: unknown): string {
  const text = JSON.stringify(value, markBigint);
  return text.includes(MARKER) ? text.replace(MARKED, '$1') : text;
}

// Writing back is lenient: fields and enum values the SDK passed through on the way in pass through again.
const LENIENT = {
  unrecognizedObjectKeys: 'passthrough',
  allowUnrecognizedUnionMembers: true,
  allowUnrecognizedEnumValues: true,
  skipValidation: true,
  omitUndefined: true,
} as const;

/** SDK objects back to Square's wire shape (snake_case; amounts still bigint — serialise with stringifyWire). */
export const toWire = {
  payment: (p: Square.Payment): unknown => serialization.Payment.jsonOrThrow(p, LENIENT),
  refund: (r: Square.PaymentRefund): unknown => serialization.PaymentRefund.jsonOrThrow(r, LENIENT),
  order: (o: Square.Order): unknown => serialization.Order.jsonOrThrow(o, LENIENT),
};

function parseWith<T>(schema: { parse(raw: unknown, opts: typeof OPTIONS): { ok: true; value: T } | { ok: false; errors: { path: string[]; message: string }[] } }, what: string, raw: unknown): T {
  const r = schema.parse(raw, OPTIONS);
  if (!r.ok) {
    const e = r.errors[0];
    throw new Error(`Square ${what} is not in the expected shape${e ? ` (${e.path.join('.')}: ${e.message})` : ''}`);
  }
  return r.value;
}

// The wire JSON each SDK object was parsed from, so storing it needs no trip back through the SDK's serialisers
// (the most expensive step of storing an order). Objects are never mutated after parsing, which keeps this exact.
const wireOf = new WeakMap<object, unknown>();

/** Records that `value` was parsed from Square's wire object `raw` (e.g. when the SDK parsed an answer we captured). */
export function rememberWire(value: object, raw: unknown): void {
  wireOf.set(value, raw);
}

function parseRemembering<T extends object>(schema: Parameters<typeof parseWith<T>>[0], what: string, raw: unknown): T {
  const value = parseWith<T>(schema, what, raw);
  rememberWire(value, raw);
  return value;
}

export const fromWire = {
  order: (raw: unknown) => parseRemembering<Square.Order>(serialization.Order, 'order', raw),
  payment: (raw: unknown) => parseRemembering<Square.Payment>(serialization.Payment, 'payment', raw),
  refund: (raw: unknown) => parseRemembering<Square.PaymentRefund>(serialization.PaymentRefund, 'refund', raw),
};

/** Received JSON holds no bigints (JSON.parse makes numbers), so the plain, native stringify applies. */
function stringifyReceived(raw: unknown): string {
  try {
    return JSON.stringify(raw);
  } catch {
    return stringifyWire(raw);
  }
}

/** Square's JSON for an SDK object: as received when we have it, else serialised back through the SDK. */
export const toWireJson = {
  order: (o: Square.Order) => (wireOf.has(o) ? stringifyReceived(wireOf.get(o)) : stringifyWire(toWire.order(o))),
  payment: (p: Square.Payment) => (wireOf.has(p) ? stringifyReceived(wireOf.get(p)) : stringifyWire(toWire.payment(p))),
  refund: (r: Square.PaymentRefund) => (wireOf.has(r) ? stringifyReceived(wireOf.get(r)) : stringifyWire(toWire.refund(r))),
};
