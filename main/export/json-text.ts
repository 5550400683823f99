import { minorToDecimalString } from '../../shared/money';

// JSON written by hand, for two reasons. Amounts must be JSON numbers whose text is exactly the decimal of the stored
// integer minor units ("1234.50", never 1234.5 or 1234.4999999): JSON.stringify can only write a JS number, which is
// a float. And a 50,000-invoice batch is ~3 million members: building a value tree first and then walking it made
// the tree and its garbage a quarter of the export's time. So each object is one template of its members, and these
// helpers write one member each. Strings go through JSON.stringify (its escaping, byte for byte).

/** A string as JSON text. */
export const str: (s: string) => string = JSON.stringify;

/** Money in major units: (123450, 'NGN') → 1234.50 with the currency's exponent, from integer digits only. */
export const money = (minor: number | bigint, currency: string): string => minorToDecimalString(minor, currency);

/** A decimal string from Square or the owner ("1.5", "7.5", "1") as a JSON number, leading zeros normalised. */
export function decimal(text: string): string {
  const m = /^(\d+)(\.\d+)?$/.exec(text.trim());
  if (!m) throw new RangeError(`Not a decimal: "${text}"`);
  return `${BigInt(m[1]!).toString()}${m[2] ?? ''}`;
}

/**
 * `,"key":value` after an object's first member, or nothing when the value is left out (undefined, as
 * JSON.stringify leaves out undefined members). `value` is JSON text already.
 */
export const member = (key: string, value: string | undefined): string => (value === undefined ? '' : `,"${key}":${value}`);

/** An optional string member (null/undefined/'' as given: left out only when undefined). */
export const strMember = (key: string, value: string | undefined): string => member(key, value === undefined ? undefined : str(value));

/** A JSON array of texts. */
export const array = (items: readonly string[]): string => `[${items.join(',')}]`;
