import type { InvoiceLine } from '../../shared/domain';
import type { ExportDoc } from './export-doc';
import { decimal, money, RawJson, writeJson, type JsonValue } from './json-text';
import type { ExportProfile } from './profile';
import { nrsTaxCategory } from './tax-category';

// One NRS-native invoice object per document (REFERENCE: "TaxPoynt / NRS MBS invoice"), the shape TaxPoynt forwards
// unchanged to the NRS validate/sign endpoints: snake_case keys, amounts as JSON numbers in major units, codes as
// strings. The tip is not part of the sale (no VAT, not payable on the invoice), so it never appears.

// The supplier is the same in every invoice of a batch: written once per profile.
const supplierTexts = new WeakMap<ExportProfile, RawJson>();
function supplierParty(p: ExportProfile): RawJson {
  let raw = supplierTexts.get(p);
  if (!raw) supplierTexts.set(p, (raw = new RawJson(writeJson(supplierPartyValue(p)))));
  return raw;
}

function supplierPartyValue(p: ExportProfile): JsonValue {
  return {
    party_name: p.name,
    tin: p.tin,
    email: p.email,
    telephone: p.phone,
    postal_address: {
      street_name: p.street,
      city_name: p.city,
      postal_zone: p.postalZone || undefined,
      country: 'NG',
      state: p.state,
      lga: p.lga,
    },
  };
}

function customerParty(d: ExportDoc['detail']): JsonValue | undefined {
  // B2C sales go without a customer party: a walk-in buyer has no TIN or email and the NRS requires both in a party.
  if (d.buyerKind !== 'B2B') return undefined;
  const a = d.buyerAddress;
  return {
    party_name: d.buyerName ?? '',
    tin: d.buyerTin ?? '',
    email: d.buyerEmail ?? '',
    telephone: d.buyerPhone ?? undefined,
    postal_address: a
      ? {
          street_name: a.street, city_name: a.city, postal_zone: a.postalZone ?? undefined, country: a.country,
          state: a.state ?? undefined, lga: a.lga ?? undefined,
        }
      : undefined,
  };
}

// Constants every line carries, made once.
const ZERO = decimal('0');
const ONE = decimal('1');

/** Discount as a percent of the gross with two decimals, from integers (half away from zero). */
function discountRate(l: InvoiceLine): JsonValue {
  if (l.grossMinor <= 0 || l.discountMinor === 0) return ZERO;
  const hundredths = (BigInt(l.discountMinor) * 20000n / BigInt(l.grossMinor) + 1n) / 2n;
  const s = hundredths.toString().padStart(3, '0');
  return decimal(`${s.slice(0, -2)}.${s.slice(-2)}`);
}

function line(doc: ExportDoc, l: InvoiceLine, i: number): JsonValue {
  const c = doc.classifications[i]!;
  const cur = doc.detail.currency;
  return {
    ...(c.kind === 'goods' ? { hsn_code: c.code, product_category: c.category } : { isic_code: c.code, service_category: c.category }),
    invoiced_quantity: decimal(l.quantity),
    line_extension_amount: money(l.lineExtensionMinor, cur),
    discount_rate: discountRate(l),
    discount_amount: money(l.discountMinor, cur),
    fee_rate: ZERO,
    fee_amount: money(0, cur),
    item: {
      name: l.name,
      description: l.description ?? l.name,
      sellers_item_identification: l.sku ?? undefined,
    },
    price: { price_amount: money(l.unitPriceMinor, cur), base_quantity: ONE, price_unit: `${cur} per 1` },
  };
}

/** The NRS invoice object for one document. */
export function nrsInvoice(doc: ExportDoc, p: ExportProfile): JsonValue {
  const d = doc.detail;
  const cur = d.currency;
  const allowanceCharge: JsonValue[] = [];
  if (d.allowanceTotalMinor) allowanceCharge.push({ charge_indicator: false, amount: money(d.allowanceTotalMinor, cur) });
  if (d.chargeTotalMinor) allowanceCharge.push({ charge_indicator: true, amount: money(d.chargeTotalMinor, cur) });
  return {
    business_id: p.businessId,
    irn: doc.irn,
    issue_date: d.issueDate,
    issue_time: doc.issueTime,
    invoice_type_code: d.kind === 'credit_note' ? p.creditNoteTypeCode : p.invoiceTypeCode,
    payment_status: 'PAID',
    document_currency_code: cur,
    tax_currency_code: 'NGN',
    invoice_kind: d.buyerKind,
    order_reference: d.sourceOrderId ?? undefined,
    billing_reference: doc.original ? [{ irn: doc.original.irn, issue_date: doc.original.issueDate }] : undefined,
    accounting_supplier_party: supplierParty(p),
    accounting_customer_party: customerParty(d),
    payment_means: doc.paymentMeans.map((code) => ({ payment_means_code: code, payment_due_date: d.issueDate })),
    allowance_charge: allowanceCharge.length ? allowanceCharge : undefined,
    tax_total: [{
      tax_amount: money(d.taxTotalMinor, cur),
      tax_subtotal: d.taxes.map((t) => ({
        taxable_amount: money(t.taxableMinor, cur),
        tax_amount: money(t.taxMinor, cur),
        tax_category: { id: nrsTaxCategory(t.category) ?? t.category, percent: decimal(t.percent ?? '0') },
      })),
    }],
    legal_monetary_total: {
      line_extension_amount: money(d.lineExtensionMinor, cur),
      tax_exclusive_amount: money(d.taxExclusiveMinor, cur),
      tax_inclusive_amount: money(d.taxInclusiveMinor, cur),
      payable_amount: money(d.payableMinor, cur),
    },
    invoice_line: d.lines.map((l, i) => line(doc, l, i)),
  };
}

export const nrsInvoiceText = (doc: ExportDoc, p: ExportProfile): string => writeJson(nrsInvoice(doc, p));

/** A per-invoice file's name: its IRN (letters, digits and hyphens only, so safe on every file system). */
export const nrsFileName = (irn: string): string => `${irn}.json`;
