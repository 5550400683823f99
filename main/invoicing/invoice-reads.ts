import type { Db } from '../platform/db/open';

// Reading documents for the screens. Used only by InvoiceStore (invoice-store.ts), the one owner of these tables.
import type { InvoiceStatus, InvoiceSummary, Page } from '../../shared/domain';
import type { ParsedInput } from '../../shared/contract';

type ListQuery = ParsedInput<'invoices.list'>;

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

/** invoices.list: one page of summaries, newest sale first. */
export function listInvoices(db: Db, q: ListQuery): Page<InvoiceSummary> {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.status?.length) {
    where.push(`status IN (${q.status.map((_, i) => `@status${i}`).join(', ')})`);
    q.status.forEach((s, i) => (params[`status${i}`] = s));
  }
  if (q.kind) { where.push('kind = @kind'); params.kind = q.kind; }
  if (q.from) { where.push('issue_date >= @from'); params.from = q.from; }
  if (q.to) { where.push('issue_date <= @to'); params.to = q.to; }
  if (q.search) {
    where.push(`(number LIKE @search ESCAPE '\\' OR irn LIKE @search ESCAPE '\\' OR buyer_name LIKE @search ESCAPE '\\'
      OR source_order_id LIKE @search ESCAPE '\\' OR source_payment_id LIKE @search ESCAPE '\\')`);
    params.search = likePattern(q.search);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM invoices ${clause}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM invoices ${clause}
              ORDER BY issued_at DESC, id DESC LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }) as SummaryRow[];
  return { items: rows.map(toSummary), total, page: q.page, pageSize: q.pageSize };
}
