import { randomBytes } from 'node:crypto';
import { serialization, type Square } from 'square';

// SDK objects back to Square's wire JSON (snake_case, integer amounts), so a synced object's raw body reads exactly
// like the one a webhook carries. The SDK's own schemas do the renaming; unknown fields the SDK passed through on the
// way in (already snake_case) pass through again, and unknown enum values are kept rather than rejected.

const LENIENT = {
  unrecognizedObjectKeys: 'passthrough',
  allowUnrecognizedUnionMembers: true,
  allowUnrecognizedEnumValues: true,
  skipValidation: true,
  omitUndefined: true,
} as const;

export const toWire = {
  payment: (p: Square.Payment): unknown => serialization.Payment.jsonOrThrow(p, LENIENT),
  refund: (r: Square.PaymentRefund): unknown => serialization.PaymentRefund.jsonOrThrow(r, LENIENT),
  order: (o: Square.Order): unknown => serialization.Order.jsonOrThrow(o, LENIENT),
};

/**
 * JSON.stringify that writes bigints as exact JSON integers (the SDK keeps money amounts as bigint). Each call uses a
 * fresh random marker, so no string inside the data can be mistaken for a bigint.
 */
export function stringifyWire(value: unknown): string {
  const marker = `bigint-${randomBytes(8).toString('hex')}:`;
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${marker}${v.toString()}` : v));
  return text.replace(new RegExp(`"${marker}(-?\\d+)"`, 'g'), '$1');
}
