// Money helpers on integer minor units. No floats anywhere: formatting works on the integer digits.

/** ISO 4217 minor-unit exponents that differ from 2. Everything not listed uses 2. */
const EXPONENT_OVERRIDES: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

export function currencyExponent(currency: string): number {
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`Not an ISO 4217 currency code: "${currency}"`);
  return EXPONENT_OVERRIDES[currency] ?? 2;
}

/** Formats minor units as a plain decimal string, e.g. (123456, 'USD') → "1234.56", (-5, 'USD') → "-0.05". */
export function minorToDecimalString(amountMinor: number | bigint, currency: string): string {
  const exp = currencyExponent(currency);
  const value = BigInt(amountMinor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exp + 1, '0');
  const whole = exp === 0 ? digits : digits.slice(0, -exp);
  const frac = exp === 0 ? '' : `.${digits.slice(-exp)}`;
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** Human display with thousands separators and the currency code, e.g. "USD 1,234.56". */
export function formatMoney(amountMinor: number | bigint, currency: string): string {
  const plain = minorToDecimalString(amountMinor, currency);
  const [intPart = '0', frac] = plain.replace('-', '').split('.');
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${plain.startsWith('-') ? '-' : ''}${currency} ${grouped}${frac ? `.${frac}` : ''}`;
}

/** Square hands us bigint amounts; our store keeps JS numbers, which are exact only up to 2^53. */
export function toSafeMinor(amount: bigint | number): number {
  const n = typeof amount === 'bigint' ? Number(amount) : amount;
  if (!Number.isSafeInteger(n) || BigInt(n) !== BigInt(amount)) {
    throw new RangeError(`Amount ${amount.toString()} is not a safe integer number of minor units`);
  }
  return n;
}
