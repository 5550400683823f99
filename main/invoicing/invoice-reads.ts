import type { Db } from '../platform/db/open';

// Reading documents for the screens. Used only by InvoiceStore (invoice-store.ts), the one owner of these tables.
import type { InvoiceSort, InvoiceStatus, InvoiceSummary, Page } from '../../shared/domain';
import type { ParsedInput } from '../../shared/contract';
import { amountCandidates } from './amount-search';

type ListQuery = ParsedInput<'invoices.list'>;
type FilterQuery = ParsedInput<'invoices.ids'>;

const SUMMARY_COLUMNS = `id, kind, number, irn, status, currency, issue_date, issued_at, buyer_name, payable_minor,
  tax_total_minor, location_id, source_key, review_reason`;

export interface SummaryRow {
  id: number; kind: InvoiceSummary['kind']; number: string | null; irn: string | null; status: InvoiceStatus;
  currency: string; issue_date: string; issued_at: string; buyer_name: string | null; payable_minor: number;
  tax_total_minor: number; location_id: string | null; source_key: string; review_reason: string | null;
}

export function toSummary(r: SummaryRow): InvoiceSummary {
  return {
    id: r.id, kind: r.kind, number: r.number, irn: r.irn, status: r.status, currency: r.currency,
    issueDate: r.issue_date, issuedAt: r.issued_at, buyerName: r.buyer_name, payableMinor: r.payable_minor,
    taxTotalMinor: r.tax_total_minor, locationId: r.location_id, sourceKey: r.source_key, reviewReason: r.review_reason,
  };
}

/** Escapes LIKE wildcards so a search for "50%" finds the text "50%", not everything. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Each sort walks one index of migration 0005 (or number's UNIQUE index) in either direction; id breaks ties, so a
// window fetched later never repeats or skips a row of the same order.
const ORDER_BY: Record<InvoiceSort, string> = {
  issuedAt: 'issued_at {dir}, id {dir}',
  number: 'number {dir}, id {dir}',
  buyer: 'buyer_name COLLATE NOCASE {dir}, id {dir}',
  status: 'status {dir}, issued_at {dir}, id {dir}',
  payable: 'payable_minor {dir}, id {dir}',
};

/** The WHERE clause and its parameters for the list's filters and search. */
function listFilter(q: FilterQuery): { clause: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.status?.length) {
    where.push(`status IN (${q.status.map((_, i) => `@status${i}`).join(', ')})`);
    q.status.forEach((s, i) => (params[`status${i}`] = s));
  }
  if (q.kind) { where.push('kind = @kind'); params.kind = q.kind; }
  if (q.locationId) { where.push('location_id = @locationId'); params.locationId = q.locationId; }
  if (q.from) { where.push('issue_date >= @from'); params.from = q.from; }
  if (q.to) { where.push('issue_date <= @to'); params.to = q.to; }
  if (q.search) {
    const like = (column: string) => `${column} LIKE @search ESCAPE '\\'`;
    const amounts = amountCandidates(q.search);
    amounts.forEach((a, i) => (params[`amount${i}`] = a));
    where.push(`(${[
      like('number'), like('irn'), like('buyer_name'), like('source_order_id'), like('source_payment_id'),
      ...(amounts.length ? [`payable_minor IN (${amounts.map((_, i) => `@amount${i}`).join(', ')})`] : []),
      `id IN (SELECT invoice_id FROM invoice_lines WHERE ${like('name')})`,
    ].join(' OR ')})`);
    params.search = likePattern(q.search);
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** The SQL of one list window, exported so a test can check with EXPLAIN QUERY PLAN which index it uses. */
export function listSql(q: ListQuery): { count: string; rows: string; params: Record<string, unknown>; window: Record<string, number> } {
  const { clause, params } = listFilter(q);
  const order = ORDER_BY[q.sort].replaceAll('{dir}', q.dir === 'asc' ? 'ASC' : 'DESC');
  return {
    count: `SELECT count(*) AS n FROM invoices ${clause}`,
    rows: `SELECT ${SUMMARY_COLUMNS} FROM invoices ${clause} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    params,
    window: { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  };
}

/** invoices.list: one window of summaries in the asked order (newest sale first by default) and the match count. */
export function listInvoices(db: Db, q: ListQuery): Page<InvoiceSummary> {
  const sql = listSql(q);
  const total = (db.prepare(sql.count).get(sql.params) as { n: number }).n;
  const rows = db.prepare(sql.rows).all({ ...sql.params, ...sql.window }) as SummaryRow[];
  return { items: rows.map(toSummary), total, page: q.page, pageSize: q.pageSize };
}

/** invoices.ids: the ids of every document the filters match, oldest first, at most `limit`. */
export function listInvoiceIds(db: Db, q: FilterQuery, limit: number): number[] {
  const { clause, params } = listFilter(q);
  return db.prepare(`SELECT id FROM invoices ${clause} ORDER BY id LIMIT @limit`).pluck().all({ ...params, limit }) as number[];
}
