import type { Db } from '../platform/db/open';

// The dashboard's reads of the invoice tables (the invoice store stays their one writer). Every query starts from an
// index: issue_date (invoices_issue_date) for a day or a date range, status (invoices_status_date) for what is waiting,
// the rowid for the newest sale. EXPLAIN QUERY PLAN for each is checked by test/unit/dashboard-summary.test.ts, and they
// stay in the low milliseconds at 100,000 documents (docs/architecture.md, "Dashboard and notifications").

/** One document of a day, as the dashboard adds it up: credit notes already negative, void ones left out. */
export interface DaySale {
  issuedAt: string;
  currency: string;
  kind: 'invoice' | 'credit_note';
  /** Payable and tax, negative for a credit note. */
  netMinor: number;
  taxMinor: number;
}

export interface DayNet {
  issueDate: string;
  currency: string;
  netMinor: number;
}

export interface B2cPendingRow {
  pending: number;
  /** Epoch ms of the oldest pending sale (null when none). */
  oldestAt: number | null;
  /** Sales issued at or before `nearCutoff` / `overdueCutoff`. */
  near: number;
  overdue: number;
  /** Epoch ms of the newest sale inside the near-deadline window: grows when another one enters it. */
  newestNearAt: number | null;
}

export interface LastSaleRow {
  id: number;
  createdAt: number;
  issuedAt: string;
  payableMinor: number;
  currency: string;
}

// B2B when the owner said so, else when the buyer has a TIN (invoice-detail.ts derives buyerKind the same way).
const IS_B2C = `COALESCE(invoice_kind, CASE WHEN buyer_tin IS NOT NULL AND buyer_tin <> '' THEN 'B2B' ELSE 'B2C' END) = 'B2C'`;
/** Not yet reported: every status before exported, void ones aside. */
const NOT_REPORTED = `status IN ('draft', 'needs_review', 'approved')`;
const SIGNED = (col: string) => `CASE kind WHEN 'credit_note' THEN -${col} ELSE ${col} END`;

export class DashboardReads {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      day: db.prepare(
        `SELECT issued_at AS issuedAt, currency, kind, ${SIGNED('payable_minor')} AS netMinor, ${SIGNED('tax_total_minor')} AS taxMinor
         FROM invoices WHERE issue_date = ? AND status <> 'void'`,
      ),
      days: db.prepare(
        `SELECT issue_date AS issueDate, currency, sum(${SIGNED('payable_minor')}) AS netMinor
         FROM invoices WHERE issue_date BETWEEN ? AND ? AND status <> 'void'
         GROUP BY issue_date, currency`,
      ),
      waiting: db.prepare(
        `SELECT status, count(*) AS n FROM invoices WHERE status IN ('needs_review', 'draft', 'approved') GROUP BY status`,
      ),
      // unixepoch() reads any RFC 3339 offset, so a sale stamped +01:00 is compared as the instant it is.
      b2c: db.prepare(
        `SELECT count(*) AS pending,
                min(unixepoch(issued_at, 'subsec')) * 1000 AS oldestAt,
                coalesce(sum(unixepoch(issued_at, 'subsec') * 1000 <= @near), 0) AS near,
                coalesce(sum(unixepoch(issued_at, 'subsec') * 1000 <= @overdue), 0) AS overdue,
                max(CASE WHEN unixepoch(issued_at, 'subsec') * 1000 <= @near THEN unixepoch(issued_at, 'subsec') * 1000 END) AS newestNearAt
         FROM invoices WHERE ${NOT_REPORTED} AND kind = 'invoice' AND ${IS_B2C}`,
      ),
      lastSale: db.prepare(
        `SELECT id, created_at AS createdAt, issued_at AS issuedAt, payable_minor AS payableMinor, currency
         FROM invoices WHERE kind = 'invoice' ORDER BY id DESC LIMIT 1`,
      ),
    };
  }

  /** Every non-void document issued on `issueDate` (the shop's local date, as the converter dates them). */
  day(issueDate: string): DaySale[] {
    return this.s.day.all(issueDate) as DaySale[];
  }

  /** Net sales per local date and currency, `from` to `to` inclusive (YYYY-MM-DD). */
  days(from: string, to: string): DayNet[] {
    return this.s.days.all(from, to) as DayNet[];
  }

  /** Documents to check (needs_review), to approve (draft) and to export (approved). */
  waiting(): { review: number; approval: number; export: number } {
    const counts = { review: 0, approval: 0, export: 0 };
    for (const r of this.s.waiting.all() as { status: string; n: number }[]) {
      if (r.status === 'needs_review') counts.review = r.n;
      else if (r.status === 'draft') counts.approval = r.n;
      else counts.export = r.n;
    }
    return counts;
  }

  /** B2C invoices not yet exported, and how many were issued at or before each cutoff (epoch ms). */
  b2cPending(cutoffs: { near: number; overdue: number }): B2cPendingRow {
    const r = this.s.b2c.get(cutoffs) as B2cPendingRow;
    return {
      pending: r.pending,
      oldestAt: r.oldestAt === null ? null : Math.round(r.oldestAt),
      near: r.near,
      overdue: r.overdue,
      newestNearAt: r.newestNearAt === null ? null : Math.round(r.newestNearAt),
    };
  }

  /** The sale stored most recently (the highest id), void or not: when sales last reached the app. */
  lastSale(): LastSaleRow | null {
    return (this.s.lastSale.get() as LastSaleRow | undefined) ?? null;
  }
}
