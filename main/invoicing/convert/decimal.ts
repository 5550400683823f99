// Exact decimal and integer arithmetic for the converter. Square sends quantities and percentages as decimal
// strings ("1.5", "7.25") and money as bigint minor units; nothing here ever touches a float.

/** value = units / 10^scale */
export interface Decimal {
  units: bigint;
  scale: number;
}

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$|^([+-])?\.(\d+)$/;

export function isDecimalString(text: string): boolean {
  return DECIMAL_RE.test(text.trim());
}

/** Parses "1", "1.50", "-0.25", ".5". Throws on anything else (exponents, commas, empty). */
export function parseDecimal(text: string): Decimal {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) throw new RangeError(`Not a decimal number: "${text}"`);
  const sign = m[1] ?? m[4] ?? '';
  const whole = m[2] ?? '0';
  const frac = m[3] ?? m[5] ?? '';
  const units = BigInt(`${whole}${frac}`);
  return { units: sign === '-' ? -units : units, scale: frac.length };
}

/** Removes trailing fractional zeros: {750, 2} → {75, 1}. */
export function reduceDecimal(d: Decimal): Decimal {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

export function decimalToString(d: Decimal): string {
  const { units, scale } = reduceDecimal(d);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = scale === 0 ? digits : digits.slice(0, -scale);
  const frac = scale === 0 ? '' : `.${digits.slice(-scale)}`;
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** "7.50" → "7.5", "8.000" → "8", "0.0" → "0". */
export function normalizeDecimalString(text: string): string {
  return decimalToString(parseDecimal(text));
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { units: x + y, scale };
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const [x, y] = align(a, b);
  return x === y ? 0 : x < y ? -1 : 1;
}

export function isZeroDecimal(d: Decimal): boolean {
  return d.units === 0n;
}

export function sumDecimalStrings(values: string[]): string {
  return decimalToString(values.reduce<Decimal>((acc, v) => addDecimal(acc, parseDecimal(v)), { units: 0n, scale: 0 }));
}

export const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** num/den rounded to the nearest integer, ties to even (Square's "Bankers' Rounding"). */
export function divRoundHalfEven(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new RangeError('Division by zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const q = num / den; // truncates toward zero
  const r = num - q * den;
  if (r === 0n) return q;
  const twice = 2n * abs(r);
  const away = num < 0n ? q - 1n : q + 1n;
  if (twice > den) return away;
  if (twice < den) return q;
  return q % 2n === 0n ? q : away;
}

/** Σ of bigints. */
export function sum(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/**
 * Splits `total` into parts proportional to `weights` (largest remainder), so that the parts add up to `total`
 * exactly. Ties go to the earlier index, which keeps the result deterministic. Weights must be ≥ 0; if they are all
 * zero the whole amount goes to the first part.
 */
export function apportion(total: bigint, weights: bigint[]): bigint[] {
  if (weights.length === 0) {
    if (total !== 0n) throw new RangeError('Cannot apportion a non-zero amount over nothing');
    return [];
  }
  if (weights.some((w) => w < 0n)) throw new RangeError('Apportioning weights must not be negative');
  const weightSum = sum(weights);
  if (weightSum === 0n) return weights.map((_, i) => (i === 0 ? total : 0n));
  const negative = total < 0n;
  const t = abs(total);
  const parts = weights.map((w) => (t * w) / weightSum);
  const remainders = weights.map((w, i) => ({ i, r: t * w - (parts[i] ?? 0n) * weightSum }));
  let left = t - sum(parts);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return negative ? parts.map((p) => -p) : parts;
}
