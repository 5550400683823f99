import type { Db } from '../db/open';
import type { InvoiceDetail, InvoiceLine, InvoiceStatus, InvoiceSummary, InvoiceTax, Page } from '../../shared/domain';
import type { ParsedInput } from '../../shared/contract';

type ListQuery = ParsedInput<'invoices.list'>;

const SUMMARY_COLUMNS = `id, kind, number, irn, status, currency, issue_date, issued_at, buyer_name, payable_minor,
  tax_total_minor, location_id, source_key, review_reason`;

interface SummaryRow {
  id: number; kind: InvoiceSummary['kind']; number: string | null; irn: string | null; status: InvoiceStatus;
  currency: string; issue_date: string; issued_at: string; buyer_name: string | null; payable_minor: number;
  tax_total_minor: number; location_id: string | null; source_key: string; review_reason: string | null;
}

function toSummary(r: SummaryRow): InvoiceSummary {
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

export class InvoicesRepo {
  constructor(private readonly db: Db) {}

  list(q: ListQuery): Page<InvoiceSummary> {
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
    const total = (this.db.prepare(`SELECT count(*) AS n FROM invoices ${clause}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM invoices ${clause}
                ORDER BY issued_at DESC, id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }) as SummaryRow[];
    return { items: rows.map(toSummary), total, page: q.page, pageSize: q.pageSize };
  }

  get(id: number): InvoiceDetail | null {
    const r = this.db.prepare('SELECT * FROM invoices WHERE id = ?').get(id) as
      | (SummaryRow & Record<string, unknown>)
      | undefined;
    if (!r) return null;
    const lines = this.db
      .prepare('SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no')
      .all(id) as Record<string, unknown>[];
    const taxes = this.db
      .prepare('SELECT * FROM invoice_taxes WHERE invoice_id = ? ORDER BY seq')
      .all(id) as Record<string, unknown>[];
    return {
      ...toSummary(r),
      lineExtensionMinor: r.line_extension_minor as number,
      allowanceTotalMinor: r.allowance_total_minor as number,
      chargeTotalMinor: r.charge_total_minor as number,
      taxExclusiveMinor: r.tax_exclusive_minor as number,
      taxInclusiveMinor: r.tax_inclusive_minor as number,
      tipMinor: r.tip_minor as number,
      roundingMinor: r.rounding_minor as number,
      buyerEmail: r.buyer_email as string | null,
      buyerPhone: r.buyer_phone as string | null,
      buyerTin: r.buyer_tin as string | null,
      sourcePaymentId: r.source_payment_id as string | null,
      sourceOrderId: r.source_order_id as string | null,
      sourceRefundId: r.source_refund_id as string | null,
      originalInvoiceId: r.original_invoice_id as number | null,
      createdAt: new Date(r.created_at as number).toISOString(),
      updatedAt: new Date(r.updated_at as number).toISOString(),
      lines: lines.map((l): InvoiceLine => ({
        lineNo: l.line_no as number,
        name: l.name as string,
        description: l.description as string | null,
        sku: l.sku as string | null,
        quantity: l.quantity as string,
        unitPriceMinor: l.unit_price_minor as number,
        grossMinor: l.gross_minor as number,
        discountMinor: l.discount_minor as number,
        taxMinor: l.tax_minor as number,
        lineExtensionMinor: l.line_extension_minor as number,
        totalMinor: l.total_minor as number,
        taxPercent: l.tax_percent as string | null,
      })),
      taxes: taxes.map((t): InvoiceTax => ({
        name: t.name as string,
        category: t.category as string,
        percent: t.percent as string | null,
        taxType: t.tax_type as InvoiceTax['taxType'],
        taxableMinor: t.taxable_minor as number,
        taxMinor: t.tax_minor as number,
      })),
    };
  }
}
