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

// Invoices not yet reported (every status before exported, void aside) to consumers: B2B when the owner said so, else
// when the buyer has a TIN (invoice-detail.ts derives buyerKind the same way). Word for word the WHERE of the partial
// index invoices_b2c_unreported (migration 0009).
const UNREPORTED_B2C = `status IN ('draft', 'needs_review', 'approved') AND kind = 'invoice'
        AND COALESCE(invoice_kind, CASE WHEN buyer_tin IS NOT NULL AND buyer_tin <> '' THEN 'B2B' ELSE 'B2C' END) = 'B2C'`;
/** The sale's instant in seconds (unixepoch reads any RFC 3339 offset); the index's key. */
const SALE_AT = `unixepoch(issued_at, 'subsec')`;
const SIGNED = (col: string) => `CASE kind WHEN 'credit_note' THEN -${col} ELSE ${col} END`;

/** The statements, exported so the test can check each one's EXPLAIN QUERY PLAN. */
export const DASHBOARD_SQL = {
  day: `SELECT issued_at AS issuedAt, currency, kind, ${SIGNED('payable_minor')} AS netMinor, ${SIGNED('tax_total_minor')} AS taxMinor
     FROM invoices WHERE issue_date = ? AND status <> 'void'`,
  days: `SELECT issue_date AS issueDate, currency, sum(${SIGNED('payable_minor')}) AS netMinor
     FROM invoices WHERE issue_date BETWEEN ? AND ? AND status <> 'void'
     GROUP BY issue_date, currency`,
  waiting: `SELECT status, count(*) AS n FROM invoices WHERE status IN ('needs_review', 'draft', 'approved') GROUP BY status`,
  // Each part is one range of the partial index invoices_b2c_unreported (migration 0009), whose WHERE is UNREPORTED_B2C:
  // near and overdue are counted as "all but the recent ones", so a backlog of old sales costs one index walk, not five.
  // INDEXED BY: on a young database without statistics the planner may pick the kind index and read every invoice.
  b2c: `SELECT (SELECT count(*) FROM invoices INDEXED BY invoices_b2c_unreported WHERE ${UNREPORTED_B2C} AND ${SALE_AT} >= 0) AS pending,
       (SELECT min(${SALE_AT}) FROM invoices INDEXED BY invoices_b2c_unreported WHERE ${UNREPORTED_B2C} AND ${SALE_AT} >= 0) AS oldestAt,
       (SELECT count(*) FROM invoices INDEXED BY invoices_b2c_unreported WHERE ${UNREPORTED_B2C} AND ${SALE_AT} > @near) AS notNear,
       (SELECT count(*) FROM invoices INDEXED BY invoices_b2c_unreported WHERE ${UNREPORTED_B2C} AND ${SALE_AT} > @overdue) AS notOverdue,
       (SELECT max(${SALE_AT}) FROM invoices INDEXED BY invoices_b2c_unreported WHERE ${UNREPORTED_B2C} AND ${SALE_AT} <= @near) AS newestNearAt`,
  // NOT INDEXED: walk the rowid backwards and stop at the first invoice. Left to itself the planner reads every
  // invoice through the kind index and sorts them (25 ms at 100,000).
  lastSale: `SELECT id, created_at AS createdAt, issued_at AS issuedAt, payable_minor AS payableMinor, currency
     FROM invoices NOT INDEXED WHERE kind = 'invoice' ORDER BY id DESC LIMIT 1`,
} as const;

export class DashboardReads {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      day: db.prepare(DASHBOARD_SQL.day),
      days: db.prepare(DASHBOARD_SQL.days),
      waiting: db.prepare(DASHBOARD_SQL.waiting),
      b2c: db.prepare(DASHBOARD_SQL.b2c),
      lastSale: db.prepare(DASHBOARD_SQL.lastSale),
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
    const r = this.s.b2c.get({ near: cutoffs.near / 1000, overdue: cutoffs.overdue / 1000 }) as {
      pending: number; oldestAt: number | null; notNear: number; notOverdue: number; newestNearAt: number | null;
    };
    const ms = (s: number | null) => (s === null ? null : Math.round(s * 1000));
    return {
      pending: r.pending,
      oldestAt: ms(r.oldestAt),
      near: r.pending - r.notNear,
      overdue: r.pending - r.notOverdue,
      newestNearAt: ms(r.newestNearAt),
    };
  }

  /** The sale stored most recently (the highest id), void or not: when sales last reached the app. */
  lastSale(): LastSaleRow | null {
    return (this.s.lastSale.get() as LastSaleRow | undefined) ?? null;
  }
}
