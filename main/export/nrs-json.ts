import type { InvoiceLine } from '../../shared/domain';
import type { ExportDoc } from './export-doc';
import { array, decimal, member, money, str, strMember } from './json-text';
import type { ExportProfile } from './profile';
import { nrsTaxCategory } from './tax-category';

// One NRS-native invoice object per document (REFERENCE: "TaxPoynt / NRS MBS invoice"), the shape TaxPoynt forwards
// unchanged to the NRS validate/sign endpoints: snake_case keys, amounts as JSON numbers in major units, codes as
// strings. The tip is not part of the sale (no VAT, not payable on the invoice), so it never appears.

// The supplier is the same in every invoice of a batch: written once per profile.
const supplierTexts = new WeakMap<ExportProfile, string>();
function supplierParty(p: ExportProfile): string {
  let text = supplierTexts.get(p);
  if (text === undefined) {
    text = `{"party_name":${str(p.name)},"tin":${str(p.tin)},"email":${str(p.email)},"telephone":${str(p.phone)},`
      + `"postal_address":{"street_name":${str(p.street)},"city_name":${str(p.city)}${strMember('postal_zone', p.postalZone || undefined)},`
      + `"country":"NG","state":${str(p.state)},"lga":${str(p.lga)}}}`;
    supplierTexts.set(p, text);
  }
  return text;
}

function customerParty(d: ExportDoc['detail']): string | undefined {
  // B2C sales go without a customer party: a walk-in buyer has no TIN or email and the NRS requires both in a party.
  if (d.buyerKind !== 'B2B') return undefined;
  const a = d.buyerAddress;
  const address = a
    ? `{"street_name":${str(a.street)},"city_name":${str(a.city)}${strMember('postal_zone', a.postalZone ?? undefined)},`
      + `"country":${str(a.country)}${strMember('state', a.state ?? undefined)}${strMember('lga', a.lga ?? undefined)}}`
    : undefined;
  return `{"party_name":${str(d.buyerName ?? '')},"tin":${str(d.buyerTin ?? '')},"email":${str(d.buyerEmail ?? '')}`
    + `${strMember('telephone', d.buyerPhone ?? undefined)}${member('postal_address', address)}}`;
}

/** Discount as a percent of the gross with two decimals, from integers (half away from zero). */
function discountRate(l: InvoiceLine): string {
  if (l.grossMinor <= 0 || l.discountMinor === 0) return '0';
  const hundredths = (BigInt(l.discountMinor) * 20000n / BigInt(l.grossMinor) + 1n) / 2n;
  const s = hundredths.toString().padStart(3, '0');
  return decimal(`${s.slice(0, -2)}.${s.slice(-2)}`);
}

function line(doc: ExportDoc, l: InvoiceLine, i: number): string {
  const c = doc.classifications[i]!;
  const cur = doc.detail.currency;
  const code = c.kind === 'goods'
    ? `"hsn_code":${str(c.code)},"product_category":${str(c.category)}`
    : `"isic_code":${str(c.code)},"service_category":${str(c.category)}`;
  return `{${code},"invoiced_quantity":${decimal(l.quantity)},"line_extension_amount":${money(l.lineExtensionMinor, cur)},`
    + `"discount_rate":${discountRate(l)},"discount_amount":${money(l.discountMinor, cur)},"fee_rate":0,"fee_amount":${money(0, cur)},`
    + `"item":{"name":${str(l.name)},"description":${str(l.description ?? l.name)}${strMember('sellers_item_identification', l.sku ?? undefined)}},`
    + `"price":{"price_amount":${money(l.unitPriceMinor, cur)},"base_quantity":1,"price_unit":${str(`${cur} per 1`)}}}`;
}

/**
 * The NRS invoice object for one document, as compact JSON text (members in this order; a member with nothing to
 * say is left out). Re-exports rebuild the same bytes from the same stored data, so this order is part of the format.
 */
export function nrsInvoiceText(doc: ExportDoc, p: ExportProfile): string {
  const d = doc.detail;
  const cur = d.currency;
  const allowanceCharge: string[] = [];
  if (d.allowanceTotalMinor) allowanceCharge.push(`{"charge_indicator":false,"amount":${money(d.allowanceTotalMinor, cur)}}`);
  if (d.chargeTotalMinor) allowanceCharge.push(`{"charge_indicator":true,"amount":${money(d.chargeTotalMinor, cur)}}`);
  const typeCode = d.kind === 'credit_note' ? p.creditNoteTypeCode : p.invoiceTypeCode;
  const billing = doc.original ? `[{"irn":${str(doc.original.irn)},"issue_date":${str(doc.original.issueDate)}}]` : undefined;
  const means = doc.paymentMeans.map((code) => `{"payment_means_code":${str(code)},"payment_due_date":${str(d.issueDate)}}`);
  const subtotals = d.taxes.map((t) => `{"taxable_amount":${money(t.taxableMinor, cur)},"tax_amount":${money(t.taxMinor, cur)},`
    + `"tax_category":{"id":${str(nrsTaxCategory(t.category) ?? t.category)},"percent":${decimal(t.percent ?? '0')}}}`);
  return `{"business_id":${str(p.businessId)},"irn":${str(doc.irn)},"issue_date":${str(d.issueDate)},"issue_time":${str(doc.issueTime)},`
    + `"invoice_type_code":${str(typeCode)},"payment_status":"PAID","document_currency_code":${str(cur)},"tax_currency_code":"NGN",`
    + `"invoice_kind":${str(d.buyerKind)}${strMember('order_reference', d.sourceOrderId ?? undefined)}${member('billing_reference', billing)},`
    + `"accounting_supplier_party":${supplierParty(p)}${member('accounting_customer_party', customerParty(d))},`
    + `"payment_means":${array(means)}${member('allowance_charge', allowanceCharge.length ? array(allowanceCharge) : undefined)},`
    + `"tax_total":[{"tax_amount":${money(d.taxTotalMinor, cur)},"tax_subtotal":${array(subtotals)}}],`
    + `"legal_monetary_total":{"line_extension_amount":${money(d.lineExtensionMinor, cur)},"tax_exclusive_amount":${money(d.taxExclusiveMinor, cur)},`
    + `"tax_inclusive_amount":${money(d.taxInclusiveMinor, cur)},"payable_amount":${money(d.payableMinor, cur)}},`
    + `"invoice_line":${array(d.lines.map((l, i) => line(doc, l, i)))}}`;
}

/** A per-invoice file's name: its IRN (letters, digits and hyphens only, so safe on every file system). */
export const nrsFileName = (irn: string): string => `${irn}.json`;
