import { serialization, type Square } from 'square';

// Square's wire format (snake_case JSON, integer amounts) ⇄ the SDK's typed objects (camelCase, bigint amounts).
// We store wire JSON, exactly what Square sends, and convert to SDK types for the converter.

const OPTIONS = { unrecognizedObjectKeys: 'passthrough' as const, allowUnrecognizedEnumValues: true };

/** JSON.stringify for SDK wire objects: bigint amounts become JSON integers (they are minor units, far below 2^53). */
export function stringifyWire(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new RangeError(`Amount ${v} exceeds the exact integer range`);
    }
    return Number(v);
  });
}

function parseWith<T>(schema: { parse(raw: unknown, opts: typeof OPTIONS): { ok: true; value: T } | { ok: false; errors: { path: string[]; message: string }[] } }, what: string, raw: unknown): T {
  const r = schema.parse(raw, OPTIONS);
  if (!r.ok) {
    const e = r.errors[0];
    throw new Error(`Square ${what} is not in the expected shape${e ? ` (${e.path.join('.')}: ${e.message})` : ''}`);
  }
  return r.value;
}

export const fromWire = {
  order: (raw: unknown) => parseWith<Square.Order>(serialization.Order, 'order', raw),
  payment: (raw: unknown) => parseWith<Square.Payment>(serialization.Payment, 'payment', raw),
  refund: (raw: unknown) => parseWith<Square.PaymentRefund>(serialization.PaymentRefund, 'refund', raw),
};

export const toWireJson = {
  order: (o: Square.Order) => stringifyWire(serialization.Order.jsonOrThrow(o, OPTIONS)),
  payment: (p: Square.Payment) => stringifyWire(serialization.Payment.jsonOrThrow(p, OPTIONS)),
  refund: (r: Square.PaymentRefund) => stringifyWire(serialization.PaymentRefund.jsonOrThrow(r, OPTIONS)),
};
