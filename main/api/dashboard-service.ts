import {
  B2C_NEAR_DEADLINE_HOURS, B2C_REPORTING_HOURS, CHART_DAYS, type DashboardSummary, type DayTotals, type Notice, type SalesSeries,
} from '../../shared/dashboard';
import type { PipelineStats } from '../../shared/domain';
import type { SquareStatus } from '../../shared/square';
import type { SyncStatus } from '../../shared/sync';
import type { WebhookStatus } from '../../shared/webhooks';
import { InboxDashboardReads } from '../inbox/dashboard-reads';
import { DashboardReads } from '../invoicing/dashboard-reads';
import type { Db } from '../platform/db/open';
import { ConnectionsRepo } from '../square/connections-repo';
import { datesEndingWith, localParts, usableTimeZone } from './dashboard-clock';
import { deriveHealth } from './dashboard-health';
import { decideNotices } from './notifications';

const HOUR = 3_600_000;

/** What the dashboard reads from the live services; each reports on its own part (narrow, so tests can pass plain data). */
export interface DashboardSources {
  db: Db;
  square: { status(): SquareStatus };
  webhooks: { status(): WebhookStatus };
  sync: { status(): SyncStatus };
  worker: { breakerState(): PipelineStats['breaker'] };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The owner's dashboard in one answer (dashboard.get) and the notices derived from the same facts (notifications.list).
 * Everything is read fresh on each call: the renderer re-asks on push events, never on a timer.
 */
export class DashboardService {
  private readonly invoices: DashboardReads;
  private readonly inbox: InboxDashboardReads;
  private readonly connections: ConnectionsRepo;

  constructor(private readonly src: DashboardSources) {
    this.invoices = new DashboardReads(src.db);
    this.inbox = new InboxDashboardReads(src.db);
    this.connections = new ConnectionsRepo(src.db);
  }

  private health(square: SquareStatus) {
    return deriveHealth({
      square,
      webhooks: this.src.webhooks.status(),
      sync: this.src.sync.status(),
      pipeline: { breaker: this.src.worker.breakerState() },
    });
  }

  private b2c(now: number) {
    return this.invoices.b2cPending({
      near: now - (B2C_REPORTING_HOURS - B2C_NEAR_DEADLINE_HOURS) * HOUR,
      overdue: now - B2C_REPORTING_HOURS * HOUR,
    });
  }

  notices(now = Date.now()): Notice[] {
    return decideNotices({
      health: this.health(this.src.square.status()).state,
      failed: this.inbox.failed(),
      b2c: this.b2c(now),
    });
  }

  /** The health headline alone (the tray's tooltip). */
  healthNow() {
    return this.health(this.src.square.status());
  }

  summary(now = Date.now()): DashboardSummary {
    const square = this.src.square.status();
    const merchantId = square.connection?.merchantId;
    const timeZone = usableTimeZone(merchantId ? this.connections.shopTimeZone(merchantId) : null);
    const today = localParts(now, timeZone).date;

    // Today, from today's documents: the totals per currency and the hour of each sale in the shop's time zone.
    const totals = new Map<string, DayTotals>();
    const hours = new Map<string, number[]>();
    for (const s of this.invoices.day(today)) {
      const t = totals.get(s.currency) ?? { currency: s.currency, sales: 0, refunds: 0, netMinor: 0, taxMinor: 0 };
      if (s.kind === 'invoice') t.sales += 1;
      else t.refunds += 1;
      t.netMinor += s.netMinor;
      t.taxMinor += s.taxMinor;
      totals.set(s.currency, t);
      const at = Date.parse(s.issuedAt);
      // A sale dated today by the converter but stamped oddly still counts in the day's total, not in an hour.
      if (Number.isFinite(at)) {
        const { date, hour } = localParts(at, timeZone);
        if (date === today) {
          const row = hours.get(s.currency) ?? new Array<number>(24).fill(0);
          row[hour]! += s.netMinor;
          hours.set(s.currency, row);
        }
      }
    }

    const days = datesEndingWith(today, CHART_DAYS);
    const dayIndex = new Map(days.map((d, i) => [d, i]));
    const series = new Map<string, SalesSeries>();
    const seriesFor = (currency: string) => {
      let s = series.get(currency);
      if (!s) {
        s = { currency, hours: hours.get(currency) ?? new Array<number>(24).fill(0), days: new Array<number>(CHART_DAYS).fill(0) };
        series.set(currency, s);
      }
      return s;
    };
    for (const r of this.invoices.days(days[0]!, today)) seriesFor(r.currency).days[dayIndex.get(r.issueDate)!]! += r.netMinor;
    for (const currency of hours.keys()) seriesFor(currency);

    const b2c = this.b2c(now);
    const last = this.invoices.lastSale();
    const sync = this.src.sync.status();
    const byCurrency = (a: { currency: string }, b: { currency: string }) => a.currency.localeCompare(b.currency);
    return {
      generatedAt: new Date(now).toISOString(),
      timeZone,
      today,
      health: this.health(square),
      todayTotals: [...totals.values()].sort(byCurrency),
      waiting: this.invoices.waiting(),
      b2c: {
        pending: b2c.pending,
        oldestIssuedAt: iso(b2c.oldestAt),
        oldestDueAt: iso(b2c.oldestAt === null ? null : b2c.oldestAt + B2C_REPORTING_HOURS * HOUR),
        nearDeadline: b2c.near,
        overdue: b2c.overdue,
      },
      failedEvents: this.inbox.failed().count,
      lastSale: last
        ? { invoiceId: last.id, receivedAt: new Date(last.createdAt).toISOString(), issuedAt: last.issuedAt, payableMinor: last.payableMinor, currency: last.currency }
        : null,
      lastSync: { at: sync.lastRunAt, error: sync.lastError, running: sync.running, nextAt: sync.nextRunAt },
      chart: { days, series: [...series.values()].sort(byCurrency) },
    };
  }
}
