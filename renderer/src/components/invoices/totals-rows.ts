import type { InvoiceDetail } from '../../../../shared/domain';
import { money } from '../../format';

export interface TotalsRow {
  label: string;
  minor: number;
  /** Shown even when zero. */
  always?: boolean;
  /** Subtracted: shown with a minus sign. */
  negative?: boolean;
}

/**
 * The document's totals in the order the NRS reads them, for the screen and the printed sheet alike, so both always
 * say the same; optional rows (discounts, charges, tip, rounding) are for the caller to leave out when zero.
 */
export function totalsRows(invoice: InvoiceDetail): TotalsRow[] {
  return [
    { label: 'Lines', minor: invoice.lineExtensionMinor, always: true },
    { label: 'Discounts', minor: invoice.allowanceTotalMinor, negative: true },
    { label: 'Charges', minor: invoice.chargeTotalMinor },
    { label: 'Before tax', minor: invoice.taxExclusiveMinor, always: true },
    { label: 'Tax', minor: invoice.taxTotalMinor, always: true },
    { label: 'Including tax', minor: invoice.taxInclusiveMinor, always: true },
    // Square's order total includes the tip; the invoice does not (no VAT on it, not payable to the business).
    { label: 'Tip, not part of the invoice', minor: invoice.tipMinor },
    { label: 'Rounding', minor: invoice.roundingMinor },
  ];
}

/** The rows the screen and the print show: optional ones only when not zero, amounts as written (minus when subtracted). */
export function shownTotals(invoice: InvoiceDetail): { label: string; text: string }[] {
  return totalsRows(invoice)
    .filter((r) => r.always || r.minor !== 0)
    .map((r) => ({ label: r.label, text: `${r.negative ? '−' : ''}${money(r.minor, invoice.currency)}` }));
}
