// Turns what an owner types into the search box into the payable amounts it may mean, as integer minor units, so
// "13,007.50", "₦13007.50" and "1300750" all find a payable of 1300750 kobo. No floats: the digits are scaled as text.

/** Minor-unit exponents in use (ISO 4217): 0 (JPY), 2 (most), 3 (KWD), 4 (CLF). */
const EXPONENTS = [0, 2, 3, 4] as const;
/** Most digits taken as an amount; longer digit strings are ids, not money. */
const MAX_DIGITS = 15;

/**
 * The payable amounts (minor units) the text can stand for, or [] when it is not an amount. Digits without a decimal
 * point are read as minor units and as whole currency units in each exponent; "x.yz" only as currency units whose
 * exponent has room for its decimals. Over-matching across currencies is harmless in a search.
 */
export function amountCandidates(text: string): number[] {
  const cleaned = text.replace(/^[A-Za-z]{3}(?=[\s\d₦$£¥€])/, '').replace(/[\s,₦$£¥€−-]/g, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!m) return [];
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  const frac = m[2] ?? '';
  if (whole.length + frac.length > MAX_DIGITS) return [];
  const found = new Set<string>();
  if (!frac) found.add(whole);
  for (const exp of EXPONENTS) {
    if (frac.length > exp) continue;
    found.add(`${whole}${frac.padEnd(exp, '0')}`.replace(/^0+(?=\d)/, ''));
  }
  // Stored amounts are JS numbers, exact only up to 2^53; a larger candidate could not match one anyway.
  return [...found].filter((d) => BigInt(d) <= BigInt(Number.MAX_SAFE_INTEGER)).map(Number);
}
