import { toSafeMinor } from '../../../shared/money';
import type { InvoiceDraft, InvoiceLineDraft, InvoiceTaxDraft } from './types';

// Document totals and the identities every draft satisfies, whatever its status:
//   (1) lineExtension = Σ lines.lineExtension
//   (2) every line: lineExtension = total − tax
//   (3) taxExclusive  = lineExtension − allowanceTotal + chargeTotal                (FIRS)
//   (4) taxTotal      = Σ taxes.taxMinor
//   (5) taxInclusive  = taxExclusive + taxTotal
//   (6) payable       = taxInclusive + rounding                                      (FIRS: payable = tax-inclusive
//                                                                                     total, plus cash rounding)
//   (7) tip is outside all of the above (not a sale, no VAT).
// When the status is 'draft' the converter has additionally checked that payable equals Square's own figure
// (order total_money, Σ completed payments' amount_money, or the refund amount minus refunded tip).

export type DocumentTotals = Pick<
  InvoiceDraft,
  | 'lineExtensionMinor'
  | 'allowanceTotalMinor'
  | 'chargeTotalMinor'
  | 'taxExclusiveMinor'
  | 'taxTotalMinor'
  | 'taxInclusiveMinor'
  | 'tipMinor'
  | 'roundingMinor'
  | 'payableMinor'
>;

export function documentTotals(input: {
  lines: readonly InvoiceLineDraft[];
  taxes: readonly InvoiceTaxDraft[];
  allowance: bigint;
  charge: bigint;
  tip: bigint;
  rounding: bigint;
}): DocumentTotals {
  const lineExtension = input.lines.reduce((acc, l) => acc + BigInt(l.lineExtensionMinor), 0n);
  const taxTotal = input.taxes.reduce((acc, t) => acc + BigInt(t.taxMinor), 0n);
  const taxExclusive = lineExtension - input.allowance + input.charge;
  const taxInclusive = taxExclusive + taxTotal;
  return {
    lineExtensionMinor: toSafeMinor(lineExtension),
    allowanceTotalMinor: toSafeMinor(input.allowance),
    chargeTotalMinor: toSafeMinor(input.charge),
    taxExclusiveMinor: toSafeMinor(taxExclusive),
    taxTotalMinor: toSafeMinor(taxTotal),
    taxInclusiveMinor: toSafeMinor(taxInclusive),
    tipMinor: toSafeMinor(input.tip),
    roundingMinor: toSafeMinor(input.rounding),
    payableMinor: toSafeMinor(taxInclusive + input.rounding),
  };
}

/** The identities above, as sentences; [] when they all hold. Exported for the tests and for callers that edit. */
export function identityViolations(d: InvoiceDraft): string[] {
  const out: string[] = [];
  const sumOf = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((acc, x) => acc + BigInt(f(x)), 0n);
  const ints: [string, number][] = [
    ['lineExtensionMinor', d.lineExtensionMinor],
    ['allowanceTotalMinor', d.allowanceTotalMinor],
    ['chargeTotalMinor', d.chargeTotalMinor],
    ['taxExclusiveMinor', d.taxExclusiveMinor],
    ['taxTotalMinor', d.taxTotalMinor],
    ['taxInclusiveMinor', d.taxInclusiveMinor],
    ['tipMinor', d.tipMinor],
    ['roundingMinor', d.roundingMinor],
    ['payableMinor', d.payableMinor],
  ];
  for (const [k, v] of ints) if (!Number.isSafeInteger(v)) out.push(`${k} is not a safe integer`);
  d.lines.forEach((l, i) => {
    for (const [k, v] of Object.entries(l)) {
      if (k.endsWith('Minor') && !Number.isSafeInteger(v)) out.push(`line ${i + 1} ${k} is not a safe integer`);
    }
    if (BigInt(l.lineExtensionMinor) !== BigInt(l.totalMinor) - BigInt(l.taxMinor)) out.push(`line ${i + 1}: lineExtension ≠ total − tax`);
  });
  if (sumOf(d.lines, (l) => l.lineExtensionMinor) !== BigInt(d.lineExtensionMinor)) out.push('Σ line extension ≠ lineExtension');
  if (BigInt(d.taxExclusiveMinor) !== BigInt(d.lineExtensionMinor) - BigInt(d.allowanceTotalMinor) + BigInt(d.chargeTotalMinor)) {
    out.push('taxExclusive ≠ lineExtension − allowances + charges');
  }
  if (sumOf(d.taxes, (t) => t.taxMinor) !== BigInt(d.taxTotalMinor)) out.push('Σ tax subtotals ≠ taxTotal');
  if (BigInt(d.taxInclusiveMinor) !== BigInt(d.taxExclusiveMinor) + BigInt(d.taxTotalMinor)) out.push('taxInclusive ≠ taxExclusive + taxTotal');
  if (BigInt(d.payableMinor) !== BigInt(d.taxInclusiveMinor) + BigInt(d.roundingMinor)) out.push('payable ≠ taxInclusive + rounding');
  if (d.status === 'draft' && d.reviewReasons.length > 0) out.push('a draft carries review reasons');
  if (d.status === 'needs_review' && d.reviewReasons.length === 0) out.push('needs_review without a reason');
  if (d.kind === 'credit_note' && !d.originalSourceKey && d.status === 'draft') out.push('a credit note draft without originalSourceKey');
  return out;
}

/** Throws when the converter itself broke an identity: that is a bug, never a data problem. */
export function assertIdentities(d: InvoiceDraft): InvoiceDraft {
  const v = identityViolations(d);
  if (v.length) throw new Error(`Invoice converter bug for ${d.sourceKey}: ${v.join('; ')}`);
  return d;
}
