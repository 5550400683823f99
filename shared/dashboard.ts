// The dashboard and the notifications as the UI sees them (docs/architecture.md, "Dashboard and notifications").
// Pure types and two small rules both sides use: when a notice counts as new, and the B2C reporting window.
import type { InvoiceStatus } from './domain';

/** B2C sales must be reported to the tax authority within this many hours of the sale. */
export const B2C_REPORTING_HOURS = 24;
/** A B2C sale this close to its deadline (or past it) raises a notice. */
export const B2C_NEAR_DEADLINE_HOURS = 4;
/** Days in the dashboard's "per day" chart, today included. */
export const CHART_DAYS = 30;

/** Where a card, the health line or a notice leads. Screens that do not exist yet are simply not offered as links. */
export type DashboardTarget =
  | { screen: 'square' }
  | { screen: 'webhooks' }
  | { screen: 'sync' }
  | { screen: 'events' }
  | { screen: 'transactions' }
  | { screen: 'export' }
  | { screen: 'invoice'; id: number }
  | { screen: 'invoices'; status?: InvoiceStatus; from?: string; to?: string };

/**
 * The one health state, most urgent first: nothing can arrive (not set up, disconnected, reconnect needed, no location
 * chosen), Square is not answering, sales arrive late (webhooks off or failing, catch-up only), all well.
 */
export const HEALTH_STATES = [
  'not_configured', 'disconnected', 'reconnect_needed', 'no_locations', 'square_unreachable', 'webhooks_failing',
  'webhooks_off', 'connected',
] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export interface Health {
  state: HealthState;
  tone: 'ok' | 'info' | 'warning' | 'danger';
  /** One sentence for the owner: what is true now. */
  headline: string;
  /** What it means and what to do next. */
  detail: string;
  action: { label: string; target: DashboardTarget } | null;
}

/** One currency's sales of a day: invoices add, credit notes (refunds) subtract, void documents do not count. */
export interface DayTotals {
  currency: string;
  sales: number;
  refunds: number;
  netMinor: number;
  taxMinor: number;
}

/** Net sales per currency for the chart: 24 local hours of today, and CHART_DAYS local days ending today. */
export interface SalesSeries {
  currency: string;
  hours: number[];
  days: number[];
}

export interface DashboardSummary {
  generatedAt: string;
  /** The shop's time zone (its first chosen Square location's; this computer's when none is known). */
  timeZone: string;
  /** Today's date in that time zone, YYYY-MM-DD. */
  today: string;
  health: Health;
  todayTotals: DayTotals[];
  /** Documents waiting for the owner: needs_review (check) and draft (approve); approved ones wait for export. */
  waiting: { review: number; approval: number; export: number };
  /** B2C invoices not yet exported, against the 24-hour reporting deadline. */
  b2c: { pending: number; oldestIssuedAt: string | null; oldestDueAt: string | null; nearDeadline: number; overdue: number };
  failedEvents: number;
  lastSale: { invoiceId: number; receivedAt: string; issuedAt: string; payableMinor: number; currency: string } | null;
  lastSync: { at: string | null; error: string | null; running: boolean; nextAt: string | null };
  chart: { days: string[]; series: SalesSeries[] };
}

export type NoticeId = 'square-reconnect' | 'events-failed' | 'b2c-deadline';

/** Something the owner should act on, shown as a banner in the app and as a desktop notification. */
export interface Notice {
  id: NoticeId;
  tone: 'warning' | 'danger';
  title: string;
  body: string;
  action: { label: string; target: DashboardTarget };
  /**
   * Grows when the same notice has something new to say (a newer failed event, another sale entering the deadline
   * window); a notice is shown or notified again only when its marker grew, never twice for the same thing.
   */
  marker: number;
}

/** True when `notice` says something `seen` (the marker last shown or dismissed for its id) did not. */
export function isNewNotice(notice: Notice, seen: number | undefined): boolean {
  return seen === undefined || notice.marker > seen;
}
