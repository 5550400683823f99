import type { Db } from '../db/open';
import { INVOICE_STATUSES, type InvoiceStatus, type Stats } from '../../shared/domain';

export class StatsRepo {
  constructor(private readonly db: Db) {}

  /** Everything but the live pipeline numbers, which the worker adds. */
  get(): Omit<Stats, 'pipeline'> {
    const byStatus = Object.fromEntries(INVOICE_STATUSES.map((s) => [s, 0])) as Record<InvoiceStatus, number>;
    for (const r of this.db.prepare('SELECT status, count(*) AS n FROM invoices GROUP BY status').all() as {
      status: InvoiceStatus; n: number;
    }[]) byStatus[r.status] = r.n;

    const kinds = this.db
      .prepare(`SELECT sum(kind = 'invoice') AS invoices, sum(kind = 'credit_note') AS credits FROM invoices`)
      .get() as { invoices: number | null; credits: number | null };

    // Voided documents are not sales; credit notes reduce the total.
    const totals = this.db
      .prepare(
        `SELECT currency, count(*) AS count,
                sum(CASE kind WHEN 'credit_note' THEN -payable_minor ELSE payable_minor END) AS payable,
                sum(CASE kind WHEN 'credit_note' THEN -tax_total_minor ELSE tax_total_minor END) AS tax
         FROM invoices WHERE status <> 'void' GROUP BY currency ORDER BY currency`,
      )
      .all() as { currency: string; count: number; payable: number; tax: number }[];

    const inbox = { pending: 0, processing: 0, done: 0, ignored: 0, dead: 0 };
    for (const r of this.db.prepare('SELECT state, count(*) AS n FROM webhook_inbox GROUP BY state').all() as {
      state: keyof typeof inbox; n: number;
    }[]) inbox[r.state] = r.n;

    // One indexed max per source (webhook_inbox_source_received), not a scan of the whole inbox.
    const last = this.db
      .prepare(`SELECT max(at) AS at FROM (
          SELECT max(received_at) AS at FROM webhook_inbox WHERE source = 'webhook'
          UNION ALL SELECT max(received_at) FROM webhook_inbox WHERE source = 'sync')`)
      .get() as { at: number | null };

    return {
      invoicesByStatus: byStatus,
      invoiceCount: kinds.invoices ?? 0,
      creditNoteCount: kinds.credits ?? 0,
      totalsByCurrency: totals.map((t) => ({ currency: t.currency, count: t.count, payableMinor: t.payable, taxMinor: t.tax })),
      inbox,
      lastEventAt: last.at === null ? null : new Date(last.at).toISOString(),
    };
  }
}
