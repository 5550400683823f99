import { minorToDecimalString } from '../../shared/money';

// JSON written by hand for one reason: amounts must be JSON numbers whose text is exactly the decimal of the stored
// integer minor units ("1234.50", never 1234.5 or 1234.4999999). JSON.stringify can only write a JS number, which is a
// float; so amounts are carried as their text and written verbatim. Everything else goes through JSON.stringify.

/** A JSON number written exactly as this text (already checked to be a JSON number). */
export class JsonNumber {
  constructor(readonly text: string) {
    if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) throw new RangeError(`Not a JSON number: "${text}"`);
  }
}

/** A part already written as JSON text (the same supplier party in every invoice of a batch is written once). */
export class RawJson {
  constructor(readonly text: string) {}
}

export type JsonValue = string | boolean | null | JsonNumber | RawJson | JsonValue[] | { [key: string]: JsonValue | undefined };

// Keys are a few dozen constant names written millions of times in a large batch: their JSON text is made once.
const keyTexts = new Map<string, string>();
const keyText = (k: string): string => {
  let t = keyTexts.get(k);
  if (t === undefined) keyTexts.set(k, (t = `${JSON.stringify(k)}:`));
  return t;
};

/** Money in major units: (123450, 'NGN') → 1234.50 with the currency's exponent, from integer digits only. */
export const money = (minor: number | bigint, currency: string): JsonNumber => new JsonNumber(minorToDecimalString(minor, currency));

/** A decimal string from Square or the owner ("1.5", "7.5", "1") as a JSON number, leading zeros normalised. */
export function decimal(text: string): JsonNumber {
  const m = /^(\d+)(\.\d+)?$/.exec(text.trim());
  if (!m) throw new RangeError(`Not a decimal: "${text}"`);
  return new JsonNumber(`${BigInt(m[1]!).toString()}${m[2] ?? ''}`);
}

/** Compact JSON; keys in insertion order; undefined members are left out (as JSON.stringify does). */
export function writeJson(v: JsonValue): string {
  if (v instanceof JsonNumber || v instanceof RawJson) return v.text;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + writeJson(v[i]!);
    return `${out}]`;
  }
  // String concatenation over for…in: 50,000 invoices × ~60 objects each made Object.entries' arrays the cost.
  let out = '{';
  let first = true;
  for (const k in v) {
    const x = v[k];
    if (x === undefined) continue;
    out += `${first ? '' : ','}${keyText(k)}${writeJson(x)}`;
    first = false;
  }
  return `${out}}`;
}
