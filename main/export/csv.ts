import { minorToDecimalString } from '../../shared/money';
import type { ExportDoc } from './export-doc';
import type { ExportProfile } from './profile';
import { nrsTaxCategory } from './tax-category';

// The spreadsheet form: one row per invoice line, the document's fields repeated on each of its rows (docs/
// taxpoynt-export.md lists the columns). RFC 4180: CRLF line ends, every field that holds a comma, quote, CR or LF is
// quoted with quotes doubled. UTF-8 with a byte-order mark so spreadsheet apps read naira signs and names correctly.
// Amounts are decimal text in major units, built from the integer minor units.

export const CSV_BOM = '\uFEFF';

export const CSV_COLUMNS = [
  'invoice_number', 'irn', 'document_type', 'invoice_type_code', 'invoice_kind', 'issue_date', 'issue_time',
  'currency', 'exchange_rate_ngn', 'buyer_name', 'buyer_tin', 'buyer_email', 'original_irn', 'original_issue_date',
  'line_no', 'item_name', 'classification_kind', 'classification_code', 'classification_category', 'quantity',
  'unit_price', 'discount_amount', 'line_extension_amount', 'tax_category', 'tax_percent', 'line_tax_amount',
  'invoice_line_extension_amount', 'invoice_tax_exclusive_amount', 'invoice_tax_amount', 'invoice_tax_inclusive_amount',
  'invoice_payable_amount', 'payment_means', 'order_reference',
] as const;

/** RFC 4180 quoting of one field. A leading =, +, - or @ is left as is: these are amounts and codes, not formulas. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

const row = (fields: string[]): string => `${fields.map(csvField).join(',')}\r\n`;

export const csvHeader = (): string => row([...CSV_COLUMNS]);

/**
 * The tax category of a line: taken from the document's subtotal whose percent is the line's (the converter keeps a
 * line's rate), else the only subtotal, else empty.
 */
function lineTaxCategory(doc: ExportDoc, percent: string | null): string {
  const taxes = doc.detail.taxes;
  const t = taxes.find((x) => percent !== null && x.percent === percent) ?? (taxes.length === 1 ? taxes[0] : undefined);
  return t ? (nrsTaxCategory(t.category) ?? t.category) : '';
}

/** The rows of one document. */
export function csvRows(doc: ExportDoc, p: ExportProfile): string {
  const d = doc.detail;
  const m = (v: number) => minorToDecimalString(v, d.currency);
  const head = [
    d.number ?? '', doc.irn, d.kind === 'credit_note' ? 'credit_note' : 'invoice',
    d.kind === 'credit_note' ? p.creditNoteTypeCode : p.invoiceTypeCode, d.buyerKind, d.issueDate, doc.issueTime,
    d.currency, doc.exchangeRate, d.buyerName ?? '', d.buyerTin ?? '', d.buyerEmail ?? '', doc.original?.irn ?? '',
    doc.original?.issueDate ?? '',
  ];
  const tail = [
    m(d.lineExtensionMinor), m(d.taxExclusiveMinor), m(d.taxTotalMinor), m(d.taxInclusiveMinor), m(d.payableMinor),
    doc.paymentMeans.join(' '), d.sourceOrderId ?? '',
  ];
  let out = '';
  d.lines.forEach((l, i) => {
    const c = doc.classifications[i]!;
    out += row([
      ...head, String(l.lineNo), l.name, c.kind, c.code, c.category, l.quantity, m(l.unitPriceMinor), m(l.discountMinor),
      m(l.lineExtensionMinor), lineTaxCategory(doc, l.taxPercent), l.taxPercent ?? '', m(l.taxMinor), ...tail,
    ]);
  });
  return out;
}
