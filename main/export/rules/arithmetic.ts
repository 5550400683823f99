import type { InvoiceDocument } from '../../invoicing/invoice-detail';
import { currencyExponent } from '../../../shared/money';
import { docLabel } from './context';

// The sums access points check, in exact integers of the minor unit (bigint, so no amount can lose precision):
//   Σ lines = line extension; tax exclusive = line extension − allowances + charges; tax inclusive = exclusive + tax;
//   Σ subtotals = tax total; subtotal tax = taxable × percent within 0.01; payable = tax inclusive + rounding.

const b = (n: number) => BigInt(n);

/** percent "7.5" → [75n, 10n]: the exact rational, never a float. */
function percentParts(p: string): [bigint, bigint] | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(p);
  if (!m) return null;
  const frac = m[2] ?? '';
  return [BigInt(`${m[1]!}${frac}`), 10n ** BigInt(frac.length)];
}

export function arithmeticProblems(d: InvoiceDocument): string[] {
  const who = docLabel(d);
  const out: string[] = [];
  const sumLines = d.lines.reduce((s, l) => s + b(l.lineExtensionMinor), 0n);
  if (sumLines !== b(d.lineExtensionMinor)) out.push(`${who}: its lines add up to a different amount than its line total.`);
  if (b(d.taxExclusiveMinor) !== b(d.lineExtensionMinor) - b(d.allowanceTotalMinor) + b(d.chargeTotalMinor)) {
    out.push(`${who}: its amount before tax is not the line total less discounts plus charges.`);
  }
  if (b(d.taxInclusiveMinor) !== b(d.taxExclusiveMinor) + b(d.taxTotalMinor)) {
    out.push(`${who}: its amount with tax is not the amount before tax plus the tax.`);
  }
  if (d.taxes.length === 0) out.push(`${who} records no tax at all: the NRS needs at least one tax line (set up VAT, or mark items exempt, in Square).`);
  if (d.taxes.reduce((s, t) => s + b(t.taxMinor), 0n) !== b(d.taxTotalMinor)) out.push(`${who}: its tax lines do not add up to its tax total.`);
  // 0.01 in major units = 10^(exponent−2) minor units; compare |tax − taxable × p/100| ≤ 0.01 in integers.
  const exp = BigInt(currencyExponent(d.currency));
  for (const t of d.taxes) {
    const parts = percentParts(t.percent ?? '');
    if (!parts) {
      out.push(`${who}: the tax "${t.name}" has no percentage; the NRS needs a rate for every tax.`);
      continue;
    }
    const [num, den] = parts;
    // Scale everything by 100·den·100 so 0.01 major units is an integer: tolerance = 10^exp · den (in units of
    // minor/(100·den)) after multiplying both sides by 100·den and dividing 0.01 major into minor units.
    const lhs = b(t.taxMinor) * 100n * den * 100n;
    const rhs = b(t.taxableMinor) * num * 100n;
    const tolerance = 10n ** exp * den * 100n;
    const diff = lhs > rhs ? lhs - rhs : rhs - lhs;
    if (diff > tolerance) out.push(`${who}: the tax "${t.name}" is not ${t.percent}% of its taxable amount (to within 0.01).`);
  }
  if (b(d.payableMinor) !== b(d.taxInclusiveMinor) + b(d.roundingMinor)) {
    out.push(`${who}: the amount to pay is not the amount with tax plus cash rounding.`);
  }
  for (const [v, what] of [[d.lineExtensionMinor, 'line total'], [d.taxInclusiveMinor, 'amount with tax'], [d.taxTotalMinor, 'tax']] as const) {
    if (v < 0) out.push(`${who}: its ${what} is negative; the NRS needs positive amounts (a credit note carries the direction).`);
  }
  return out;
}
