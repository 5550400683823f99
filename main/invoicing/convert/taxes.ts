import type { Square } from 'square';
import { toSafeMinor } from '../../../shared/money';
import type { InvoiceTaxDraft } from './types';
import { abs, isDecimalString, normalizeDecimalString, parseDecimal, sumDecimalStrings } from './decimal';
import type { Reconciler } from './reconcile';

// Tax subtotals from Square's own applied amounts. A rate is never re-applied to compute a tax: the rate is only
// used to label the subtotal and to run the FIRS plausibility check (tax = taxable × percent within one minor
// unit), whose failure is a review reason, not a correction.
//
// Categories (InvoiceTaxDraft.category):
//   STANDARD_VAT — a Square percentage tax with a rate > 0. Square shops sit outside Nigeria, so the rate is
//                  whatever Square applied (20 % UK VAT, 8.875 % NY sales tax, 7.5 % for an NGN shop); the
//                  category says "taxable at the stated rate", the percent carries the rate.
//   ZERO_RATED   — a Square tax whose percentage is 0 (the item is taxable, at zero).
//   EXEMPT       — items and service charges that Square applied no tax to at all. Square cannot tell "exempt"
//                  from "out of scope" (e.g. gift-card sales) or "forgot to set a tax"; EXEMPT is the FIRS
//                  category closest to what Square recorded, and the reviewer can see it on the draft.
//   OTHER        — a tax without a percentage (fixed amount) or of unknown type.
// Grouping key: type + rate + name. Two different taxes at the same rate on one item (e.g. GST 5 % and PST 5 %)
// therefore stay separate subtotals; identical taxes from several catalog entries merge.

export type TaxType = 'ADDITIVE' | 'INCLUSIVE';

export interface TaxDefinition {
  name: string;
  /** Normalised decimal string ("7.5"), or null when Square gave no percentage. */
  percent: string | null;
  type: TaxType;
  known: boolean;
}

/** One Square applied tax on one line or service charge. */
export interface TaxApplication {
  tax: TaxDefinition;
  amount: bigint;
}

/** A line or charge as the tax table sees it: its amount net of all taxes and the taxes Square applied to it. */
export interface TaxedItem {
  net: bigint;
  taxes: TaxApplication[];
}

type TaxLike = Pick<Square.OrderLineItemTax, 'uid' | 'name' | 'type' | 'percentage'>;

/** Square's tax list (order.taxes or a return's returnTaxes) by uid, with reasons for anything we cannot classify. */
export class TaxCatalog {
  private readonly byUid = new Map<string, TaxDefinition>();

  constructor(
    taxes: readonly (TaxLike & { sourceTaxUid?: string | null })[] | null | undefined,
    private readonly rec: Reconciler,
  ) {
    (taxes ?? []).forEach((t, i) => {
      const name = t.name?.trim() || `Tax ${i + 1}`;
      let type: TaxType = 'ADDITIVE';
      let known = true;
      if (t.type === 'INCLUSIVE' || t.type === 'ADDITIVE') type = t.type;
      else {
        known = false;
        rec.note(`The tax "${name}" is of a kind the app does not know, so it is treated as added on top of the price.`);
      }
      let percent: string | null = null;
      if (t.percentage !== undefined && t.percentage !== null && t.percentage !== '') {
        if (isDecimalString(t.percentage)) percent = normalizeDecimalString(t.percentage);
        else rec.note(`The rate of the tax "${name}" cannot be read ("${t.percentage}").`);
      }
      const def: TaxDefinition = { name, percent, type, known };
      if (t.uid) this.byUid.set(t.uid, def);
      // Return taxes are referenced by their own uid, but accept the sale's uid too.
      if (t.sourceTaxUid && !this.byUid.has(t.sourceTaxUid)) this.byUid.set(t.sourceTaxUid, def);
    });
  }

  get(uid: string, where: string): TaxDefinition {
    const def = this.byUid.get(uid);
    if (def) return def;
    this.rec.note(`${where} carries a tax that the sale does not list, so its rate is unknown.`);
    return { name: 'Unknown tax', percent: null, type: 'ADDITIVE', known: false };
  }

  uids(): string[] {
    return [...this.byUid.keys()];
  }
}

export function taxCategory(tax: TaxDefinition): string {
  if (!tax.known || tax.percent === null) return 'OTHER';
  return parseDecimal(tax.percent).units === 0n ? 'ZERO_RATED' : 'STANDARD_VAT';
}

const groupKey = (t: TaxDefinition) => `${t.type}|${t.percent ?? '-'}|${t.name}`;

/**
 * Tax subtotals. taxable = Σ net amount of every item the tax was applied to (an item carrying two taxes counts in
 * both subtotals); tax = Σ Square's applied amounts. Items with no tax form one EXEMPT subtotal.
 * Order: as the taxes first appear on the items, EXEMPT last.
 */
export function groupTaxes(items: readonly TaxedItem[]): InvoiceTaxDraft[] {
  const groups = new Map<string, { tax: TaxDefinition; taxable: bigint; amount: bigint }>();
  let exemptTaxable = 0n;
  let anyExempt = false;
  for (const item of items) {
    if (item.taxes.length === 0) {
      anyExempt = true;
      exemptTaxable += item.net;
      continue;
    }
    for (const app of item.taxes) {
      const key = groupKey(app.tax);
      const g = groups.get(key) ?? { tax: app.tax, taxable: 0n, amount: 0n };
      g.taxable += item.net;
      g.amount += app.amount;
      groups.set(key, g);
    }
  }
  const out: InvoiceTaxDraft[] = [...groups.values()].map((g) => ({
    name: g.tax.name,
    category: taxCategory(g.tax),
    percent: g.tax.percent,
    taxType: g.tax.type,
    taxableMinor: toSafeMinor(g.taxable),
    taxMinor: toSafeMinor(g.amount),
  }));
  if (anyExempt) {
    out.push({ name: 'Exempt', category: 'EXEMPT', percent: '0', taxType: 'ADDITIVE', taxableMinor: toSafeMinor(exemptTaxable), taxMinor: 0 });
  }
  return out;
}

/** The line's combined rate: the sum of its taxes' percentages ("7.5", "9.5" for 7.5 + 2), null when untaxed. */
export function combinedPercent(taxes: readonly TaxApplication[]): string | null {
  if (taxes.length === 0) return null;
  const percents = taxes.map((t) => t.tax.percent);
  if (percents.some((p) => p === null)) return null;
  return sumDecimalStrings(percents as string[]);
}

/**
 * FIRS checks tax = taxable × percent within 0.01. We allow one minor unit (0.01 in NGN/USD/GBP) per subtotal and
 * report anything beyond it, because TaxPoynt would reject the export.
 */
export function taxArithmeticReasons(taxes: readonly InvoiceTaxDraft[], rec: Reconciler): void {
  for (const t of taxes) {
    if (t.percent === null || t.category === 'EXEMPT') continue;
    const p = parseDecimal(t.percent);
    const scale = 100n * 10n ** BigInt(p.scale);
    // |tax − taxable × p/100| ≤ 1  ⇔  |tax·100·10^s − taxable·units| ≤ 100·10^s
    const diff = BigInt(t.taxMinor) * scale - BigInt(t.taxableMinor) * p.units;
    if (abs(diff) > scale) {
      rec.note(
        `The tax "${t.name}" of ${rec.fmt(BigInt(t.taxMinor))} is not ${t.percent}% of the ${rec.fmt(BigInt(t.taxableMinor))} ` +
          `it was charged on (it may differ by ${rec.fmt(1n)} at most), so FIRS would reject the invoice.`,
      );
    }
  }
}
