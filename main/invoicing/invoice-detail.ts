import type {
  AuditEntry, BuyerAddress, BuyerKind, DocumentRef, InvoiceDetail, InvoiceLine, InvoiceStatus, InvoiceTax,
} from '../../shared/domain';
import type { Db } from '../platform/db/open';
import { approvalProblems } from './approval-rules';
import type { SummaryRow } from './invoice-reads';

// One document for the detail screen: header, lines, taxes, its credit notes or original, its history and what
// stops its approval. Used only by InvoiceStore (invoice-store.ts), the one owner of these tables.

interface DetailRow extends SummaryRow {
  line_extension_minor: number; allowance_total_minor: number; charge_total_minor: number; tax_exclusive_minor: number;
  tax_inclusive_minor: number; tip_minor: number; rounding_minor: number; buyer_email: string | null;
  buyer_phone: string | null; buyer_tin: string | null; buyer_address_json: string | null; invoice_kind: BuyerKind | null;
  buyer_edited_at: number | null; source_payment_id: string | null; source_order_id: string | null;
  source_refund_id: string | null; original_invoice_id: number | null; created_at: number; updated_at: number;
}

interface LineRow {
  line_no: number; name: string; description: string | null; sku: string | null; quantity: string;
  unit_price_minor: number; gross_minor: number; discount_minor: number; tax_minor: number;
  line_extension_minor: number; total_minor: number; tax_percent: string | null;
  classification_kind: 'goods' | 'service' | null; classification_code: string | null; classification_text: string | null;
}

interface TaxRow {
  name: string; category: string; percent: string | null; tax_type: InvoiceTax['taxType']; taxable_minor: number;
  tax_minor: number;
}

interface RefRow { id: number; number: string | null; status: InvoiceStatus; issue_date: string; payable_minor: number }

interface AuditRow { id: number; at: number; actor: string; action: string; detail_json: string | null }

const toLine = (l: LineRow): InvoiceLine => ({
  lineNo: l.line_no, name: l.name, description: l.description, sku: l.sku, quantity: l.quantity,
  unitPriceMinor: l.unit_price_minor, grossMinor: l.gross_minor, discountMinor: l.discount_minor, taxMinor: l.tax_minor,
  lineExtensionMinor: l.line_extension_minor, totalMinor: l.total_minor, taxPercent: l.tax_percent,
  classification: l.classification_kind && l.classification_code
    ? { kind: l.classification_kind, code: l.classification_code, category: l.classification_text ?? '' }
    : null,
});

const toTax = (t: TaxRow): InvoiceTax => ({
  name: t.name, category: t.category, percent: t.percent, taxType: t.tax_type, taxableMinor: t.taxable_minor,
  taxMinor: t.tax_minor,
});

const toRef = (r: RefRow): DocumentRef => ({
  id: r.id, number: r.number, status: r.status, issueDate: r.issue_date, payableMinor: r.payable_minor,
});

export const toAuditEntry = (a: AuditRow): AuditEntry => ({
  id: a.id, at: new Date(a.at).toISOString(), actor: a.actor, action: a.action,
  detail: a.detail_json ? (JSON.parse(a.detail_json) as AuditEntry['detail']) : null,
});

const REF_COLUMNS = 'id, number, status, issue_date, payable_minor';

function statementsFor(db: Db) {
  let s = prepared.get(db);
  if (!s) {
    s = {
      head: db.prepare('SELECT * FROM invoices WHERE id = ?'),
      lines: db.prepare('SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no'),
      taxes: db.prepare('SELECT * FROM invoice_taxes WHERE invoice_id = ? ORDER BY seq'),
      ref: db.prepare(`SELECT ${REF_COLUMNS} FROM invoices WHERE id = ?`),
      credits: db.prepare(`SELECT ${REF_COLUMNS} FROM invoices WHERE original_invoice_id = ? ORDER BY id`),
      history: db.prepare(`SELECT id, at, actor, action, detail_json FROM audit_log WHERE entity = 'invoice' AND entity_id = ? ORDER BY id`),
    };
    prepared.set(db, s);
  }
  return s;
}

// Statements prepared once per connection: export reads every document of a batch (50,000 in the benchmark), and
// preparing six statements per document cost more than running them.
const prepared = new WeakMap<Db, Record<'head' | 'lines' | 'taxes' | 'ref' | 'credits' | 'history', ReturnType<Db['prepare']>>>();

/** A document's own content: header, lines, taxes and the invoice it credits (what export reads). */
export type InvoiceDocument = Omit<InvoiceDetail, 'creditNotes' | 'netAfterCreditsMinor' | 'history' | 'approvalProblems'>;

function toDocument(r: DetailRow, lines: LineRow[], taxes: TaxRow[], original: RefRow | null): InvoiceDocument {
  const buyerKind: BuyerKind = r.invoice_kind ?? (r.buyer_tin ? 'B2B' : 'B2C');
  // Properties written out rather than spread from toSummary(): an object literal that starts with a spread and adds
  // thirty keys fell into V8's slow dictionary mode, which made this the export's hottest function (~50 µs a call).
  return {
    id: r.id, kind: r.kind, number: r.number, irn: r.irn, status: r.status, currency: r.currency,
    issueDate: r.issue_date, issuedAt: r.issued_at, buyerName: r.buyer_name, payableMinor: r.payable_minor,
    taxTotalMinor: r.tax_total_minor, locationId: r.location_id, sourceKey: r.source_key, reviewReason: r.review_reason,
    lineExtensionMinor: r.line_extension_minor, allowanceTotalMinor: r.allowance_total_minor,
    chargeTotalMinor: r.charge_total_minor, taxExclusiveMinor: r.tax_exclusive_minor,
    taxInclusiveMinor: r.tax_inclusive_minor, tipMinor: r.tip_minor, roundingMinor: r.rounding_minor,
    buyerEmail: r.buyer_email, buyerPhone: r.buyer_phone, buyerTin: r.buyer_tin,
    buyerAddress: r.buyer_address_json ? (JSON.parse(r.buyer_address_json) as BuyerAddress) : null,
    buyerKind, buyerKindChosen: r.invoice_kind !== null, buyerEdited: r.buyer_edited_at !== null,
    sourcePaymentId: r.source_payment_id, sourceOrderId: r.source_order_id, sourceRefundId: r.source_refund_id,
    originalInvoiceId: r.original_invoice_id,
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
    lines: lines.map(toLine),
    taxes: taxes.map(toTax),
    original: original ? toRef(original) : null,
  };
}

const bulkPrepared = new WeakMap<Db, Record<'heads' | 'lines' | 'taxes', ReturnType<Db['prepare']>>>();

/**
 * Many documents at once, in the order of `ids` (missing ids are left out): three set queries per call instead of six
 * per document, so export can read a 50,000-document batch page by page. Pass a few hundred ids per call.
 */
export function getInvoiceDocuments(db: Db, ids: readonly number[]): InvoiceDocument[] {
  let st = bulkPrepared.get(db);
  if (!st) {
    const inIds = 'IN (SELECT value FROM json_each(?))';
    st = {
      heads: db.prepare(`SELECT * FROM invoices WHERE id ${inIds}`),
      lines: db.prepare(`SELECT * FROM invoice_lines WHERE invoice_id ${inIds} ORDER BY invoice_id, line_no`),
      taxes: db.prepare(`SELECT * FROM invoice_taxes WHERE invoice_id ${inIds} ORDER BY invoice_id, seq`),
    };
    bulkPrepared.set(db, st);
  }
  const json = JSON.stringify(ids);
  const group = <T extends { invoice_id: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const row of rows) {
      const list = m.get(row.invoice_id);
      if (list) list.push(row);
      else m.set(row.invoice_id, [row]);
    }
    return m;
  };
  const heads = new Map((st.heads.all(json) as DetailRow[]).map((r) => [r.id, r]));
  const lines = group(st.lines.all(json) as (LineRow & { invoice_id: number })[]);
  const taxes = group(st.taxes.all(json) as (TaxRow & { invoice_id: number })[]);
  const ref = statementsFor(db).ref;
  const out: InvoiceDocument[] = [];
  for (const id of ids) {
    const r = heads.get(id);
    if (!r) continue;
    const original = r.original_invoice_id === null ? null : ((ref.get(r.original_invoice_id) as RefRow | undefined) ?? null);
    out.push(toDocument(r, lines.get(id) ?? [], taxes.get(id) ?? [], original));
  }
  return out;
}

/** invoices.get: one document with everything the detail screen shows. */
export function getInvoiceDetail(db: Db, id: number): InvoiceDetail | null {
  const st = statementsFor(db);
  const r = st.head.get(id) as DetailRow | undefined;
  if (!r) return null;
  const lines = st.lines.all(id) as LineRow[];
  const taxes = st.taxes.all(id) as TaxRow[];
  const original = r.original_invoice_id === null
    ? undefined
    : (st.ref.get(r.original_invoice_id) as RefRow | undefined);
  const credits = r.kind === 'invoice' ? (st.credits.all(id) as RefRow[]) : [];
  const history = st.history.all(String(id)) as AuditRow[];
  const doc = toDocument(r, lines, taxes, original ?? null);
  const detail: Omit<InvoiceDetail, 'approvalProblems'> = {
    ...doc,
    creditNotes: credits.map(toRef),
    netAfterCreditsMinor: r.payable_minor - credits.filter((c) => c.status !== 'void').reduce((s, c) => s + c.payable_minor, 0),
    history: history.map(toAuditEntry),
  };
  return { ...detail, approvalProblems: approvalProblems(detail) };
}
