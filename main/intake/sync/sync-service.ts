import type { Square } from 'square';
import type { BackfillProgress, SyncLocationView, SyncStatus } from '../../../shared/sync';
import { ApiError } from '../../../shared/contract';
import type { Db } from '../../platform/db/open';
import { InboxStore } from '../../inbox/inbox-store';
import type { ParsedHandOff } from '../../inbox/hand-off';
import type { InboxRow } from '../../inbox/inbox-row';
import type { WriteResult } from '../../invoicing/invoice-writer';
import type { PushBus } from '../../platform/push-bus';
import type { Logger } from '../../platform/log';
import type { SquareConnectionService } from '../../square/connection-service';
import type { PosConnector } from '../../square/pos-connector';
import { squareErrorDetail } from '../../square/square-errors';
import { BackfillJob, type BackfillVia, type DirectOrders } from './backfill-job';
import { customersCursorKey, runCatchUpPass } from './catch-up';
import { SyncCursorRepo } from '../../inbox/sync-cursor-repo';
import { SquareHistorySource, type HistorySource } from './history-source';
import { SyncPageWriter, type PageSink } from './page-writer';
import { SingleFlight } from './single-flight';
import { createSquarePace, type PaceOptions } from './square-pace';
import { syncTarget } from './sync-target';
import { throttle, type Throttled } from './throttle';
import { rangeProblem, utcDayRange } from './times';

// Catch-up sync and backfill. Both feed the webhook inbox with synthetic Square events (source 'sync'), so every
// sale takes the one processing path whichever way it arrived. Catch-up runs at start, every intervalMs, and whenever
// the app says connectivity is back; backfill reads a date range of history on request.

export const DEFAULT_OVERLAP_MS = 72 * 3600_000; // offline POS sales reach Square up to 72 h late (docs/square.md)
export const DEFAULT_INTERVAL_MS = 5 * 60_000;
/** 'sync.changed' at most 5 times a second. */
const CHANGED_MIN_GAP_MS = 200;
/** A backfill re-counts what the pipeline made of its sales at most 4 times a second, however fast invoices come. */
const TALLY_MIN_GAP_MS = 250;

export interface SyncDeps {
  db: Db;
  bus: PushBus;
  log: Logger;
  connector: PosConnector;
  connection: SquareConnectionService;
  /** History by time window for backfill; default: Square through `connection`. */
  history?: HistorySource;
  /** How backfill reads Square (default 'orders': SearchOrders, see backfill-job.ts). */
  backfillVia?: BackfillVia;
  /** Backfill's pace on the orders path: pages in flight, calls a second (square-pace.ts). */
  backfillPace?: PaceOptions;
  now?: () => number;
  overlapMs?: number;
  intervalMs?: number;
  /** Called after new events were committed to the inbox (e.g. to wake the pipeline worker). */
  onQueued?: (count: number) => void;
  /** Where pages are written (the pipeline's store, whose thread owns the inbox's writes); default: on `db` here. */
  pageSink?: PageSink;
  /** Backfill hands the orders it read, parsed, to the pipeline through this (inbox/hand-off.ts). */
  handOff?: ParsedHandOff;
  /** The worker's intake for a backfill's events stored already claimed (BackfillJobDeps.feed). */
  feed?: { leaseMs: number; rows: (rows: InboxRow[]) => void };
  /**
   * The pipeline's way to invoice a backfill's orders that settle their sale straight from the page, with no inbox
   * event each (BackfillJobDeps.direct; the pipeline's PageOrdersCommitter). Absent: every order becomes an event.
   */
  directOrders?: {
    settlesAlone: (order: Square.Order) => boolean;
    commit: (orders: readonly Square.Order[], merchantId: string, at: number) => Promise<readonly ({ ok: true; invoices: readonly WriteResult[]; already: boolean } | { ok: false })[]>;
  };
}

export class SyncService {
  private readonly now: () => number;
  private readonly overlapMs: number;
  private readonly intervalMs: number;
  private readonly cursors: SyncCursorRepo;
  private readonly writer: SyncPageWriter;
  private readonly history: HistorySource;
  private readonly flight = new SingleFlight(() => this.runOnce());
  private readonly changed: Throttled;
  private readonly tallyBackfill: Throttled;
  private readonly inbox: InboxStore;
  private lastRunRead: number | null = null;
  /** The last attempt could not start (not connected, reconnect needed, no location): lastError says why, in words. */
  private blocked = false;
  /** Per location: when a pass last read all its streams, and why the last pass could not (in memory, see SyncLocationView). */
  private readonly lastSyncedAt = new Map<string, number>();
  private readonly locationErrors = new Map<string, string>();
  private unsubscribeStats: (() => void) | null = null;
  private started = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private nextRunAt: number | null = null;
  private lastRunAt: number | null = null;
  private lastRunQueued: number | null = null;
  private lastError: string | null = null;
  private pendingReasons: string[] = [];
  private job: BackfillJob | null = null;
  private jobDone: Promise<BackfillProgress> | null = null;
  private unsubscribe: (() => void) | null = null;
  private connectionKey: string | null = null;

  constructor(private readonly d: SyncDeps) {
    this.now = d.now ?? Date.now;
    this.overlapMs = d.overlapMs ?? DEFAULT_OVERLAP_MS;
    this.intervalMs = d.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.cursors = new SyncCursorRepo(d.db);
    this.writer = new SyncPageWriter(d.db, this.now, d.pageSink);
    this.history = d.history ?? new SquareHistorySource(d.connection);
    this.changed = throttle(() => d.bus.emit('sync.changed', {}), CHANGED_MIN_GAP_MS, this.now);
    this.inbox = new InboxStore(d.db);
    // The pipeline says 'stats.changed' as it finishes events: a backfill then re-counts its own (push, not polling).
    this.tallyBackfill = throttle(
      () => {
        if (this.stopped || !this.job?.awaitingPipeline) return;
        this.job.tally();
        this.changed();
      },
      TALLY_MIN_GAP_MS,
      this.now,
    );
    // Subscribed from the start, not in start(): a backfill follows the pipeline even where timed catch-up is off.
    this.unsubscribeStats = d.bus.on('stats.changed', () => {
      if (this.job?.awaitingPipeline) this.tallyBackfill();
    });
  }

  /** Runs catch-up now (if connected), then every intervalMs; also when the connection or location choice changes. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.connectionKey = this.currentConnectionKey();
    this.unsubscribe = this.d.bus.on('square.changed', () => this.onSquareChanged());
    this.trigger('start');
  }

  /** Stops timers; a run or backfill in flight writes nothing more (its Square call is left to finish or time out). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.unsubscribeStats?.();
    this.unsubscribeStats = null;
    this.tallyBackfill.cancel();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextRunAt = null;
    this.changed.cancel();
    // A page being written when the app stops still hands its events to the worker, before the worker stops.
    await this.job?.quiesce();
  }

  /** Connectivity is back (tunnel up again, network back, app woke up): catch up now. Never throws. */
  trigger(reason: string): void {
    void this.runQueued(reason);
  }

  /**
   * One catch-up pass; if one is running, exactly one follow-up pass is scheduled and this resolves when it ends.
   * Never rejects: problems end up in status().lastError.
   */
  async runCatchUp(reason = 'manual'): Promise<SyncStatus> {
    await this.runQueued(reason);
    return this.status();
  }

  private async runQueued(reason: string): Promise<void> {
    if (this.stopped) return;
    this.pendingReasons.push(reason);
    await this.flight.run();
  }

  /** Never rejects: it runs from timers and fire-and-forget triggers. */
  private async runOnce(): Promise<void> {
    try {
      await this.pass();
    } catch (err) {
      // Square failures are reported by the pass itself; this is anything else (e.g. the database went away).
      if (this.stopped) return;
      this.blocked = false;
      this.lastError = `Catch-up sync failed: ${squareErrorDetail(err)}`;
      this.d.log.error({ err }, 'catch-up sync failed');
      this.scheduleNext();
      this.changed();
    }
  }

  private async pass(): Promise<void> {
    if (this.stopped) return;
    const reasons = this.pendingReasons.splice(0);
    const target = syncTarget(this.d.connection);
    if (!target.ok) {
      this.lastError = target.reason;
      this.blocked = true;
      this.d.log.debug({ reason: target.reason }, 'catch-up sync skipped');
      this.scheduleNext();
      this.changed();
      return;
    }
    this.changed(); // running: true
    this.d.log.info({ reasons, locations: target.locationIds.length }, 'catch-up sync started');
    const result = await runCatchUpPass(
      {
        connector: this.d.connector,
        writer: this.writer,
        cursors: this.cursors,
        log: this.d.log,
        now: this.now,
        overlapMs: this.overlapMs,
        stopped: () => this.stopped,
      },
      target.merchantId,
      target.locationIds,
    );
    this.d.log.info({ read: result.read, queued: result.queued, error: result.error }, 'catch-up sync finished');
    if (this.stopped) return;
    this.blocked = false;
    this.lastError = result.error;
    this.lastRunAt = this.now();
    this.lastRunQueued = result.queued;
    this.lastRunRead = result.read;
    for (const loc of result.syncedLocations) {
      this.lastSyncedAt.set(loc, this.lastRunAt);
      this.locationErrors.delete(loc);
    }
    for (const [loc, message] of result.failedLocations) this.locationErrors.set(loc, message);
    this.queuedNew(result.queued);
    this.scheduleNext();
    this.changed();
  }

  private scheduleNext(): void {
    if (!this.started || this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextRunAt = this.now() + this.intervalMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.trigger('interval');
    }, this.intervalMs);
    this.timer.unref();
  }

  private queuedNew(count: number): void {
    if (count <= 0) return;
    this.d.bus.emit('stats.changed', {});
    this.d.onQueued?.(count);
  }

  private currentConnectionKey(): string | null {
    const t = syncTarget(this.d.connection);
    return t.ok ? `${t.merchantId}|${t.locationIds.join(',')}` : null;
  }

  /** Connected just now, or locations newly selected: catch up without waiting for the interval. */
  private onSquareChanged(): void {
    const key = this.currentConnectionKey();
    const previous = this.connectionKey;
    this.connectionKey = key;
    if (key !== null && key !== previous) this.trigger('connection changed');
  }

  /**
   * Starts reading history between two dates (YYYY-MM-DD, inclusive, UTC days) and returns at once; progress is in
   * status().backfill and announced by 'sync.changed'. One backfill at a time.
   */
  backfill(range: { from: string; to: string }): SyncStatus {
    if (this.job?.progress.state === 'running') {
      throw new ApiError('conflict', 'A backfill is already running; cancel it or wait for it to finish.');
    }
    const problem = rangeProblem(range, this.now());
    if (problem) throw new ApiError('invalid_input', problem.message, problem.field);
    const window = utcDayRange(range.from, range.to)!;
    if (this.stopped) throw new ApiError('unavailable', 'The app is shutting down.');
    const target = syncTarget(this.d.connection);
    if (!target.ok) throw new ApiError('unavailable', target.reason);
    const job = new BackfillJob({
      history: this.history,
      via: this.d.backfillVia ?? 'orders',
      pace: createSquarePace(this.d.backfillPace, this.now),
      cursors: this.cursors,
      writer: this.writer,
      log: this.d.log,
      now: this.now,
      merchantId: target.merchantId,
      locationIds: target.locationIds,
      from: range.from,
      to: range.to,
      ...window,
      onProgress: (queued) => {
        this.queuedNew(queued);
        this.changed();
      },
      stopped: () => this.stopped,
      settledOf: (ids) => this.inbox.settledOf(ids),
      ...(this.d.handOff ? { handOff: this.d.handOff } : {}),
      ...(this.d.feed ? { feed: this.d.feed } : {}),
      ...(this.d.directOrders ? { direct: this.directOrders(target.merchantId, this.d.directOrders) } : {}),
    });
    this.job = job;
    this.d.log.info({ from: range.from, to: range.to, locations: target.locationIds.length }, 'backfill started');
    this.jobDone = job.run().then((p) => {
      this.d.log.info({ state: p.state, read: p.read, queued: p.queued }, 'backfill ended');
      return p;
    });
    this.changed();
    return this.status();
  }

  /** The backfill's direct invoicing, announcing each invoice it makes as the pipeline's worker does. */
  private directOrders(merchantId: string, direct: NonNullable<SyncDeps['directOrders']>): DirectOrders {
    return {
      settlesAlone: direct.settlesAlone,
      commit: async (orders, at) => {
        // The event path checks a sale against the shop connected and the locations ticked when it processes it, not
        // when it was read; so does this. A sale of a location unticked since the backfill started (or read before
        // another shop was connected) goes that path, which sets it aside with the reason instead of invoicing it.
        const target = syncTarget(this.d.connection);
        const ticked = new Set(target.ok && target.merchantId === merchantId ? target.locationIds : []);
        const here = orders.filter((o) => !!o.locationId && ticked.has(o.locationId));
        const outcomes = here.length ? await direct.commit(here, merchantId, at) : [];
        const byOrder = new Map(here.map((o, i) => [o, outcomes[i]]));
        for (const o of outcomes) {
          if (!o.ok) continue;
          for (const inv of o.invoices) {
            if (inv.id !== null && (inv.outcome === 'created' || inv.outcome === 'updated' || inv.outcome === 'voided')) {
              this.d.bus.emit('invoice.changed', { id: inv.id, status: inv.status ?? '' });
            }
          }
        }
        return orders.map((o) => byOrder.get(o) ?? { ok: false as const });
      },
    };
  }

  /** Cancels a running backfill (between pages). */
  cancel(): SyncStatus {
    this.job?.cancel();
    return this.status();
  }

  /** The latest backfill's end (tests, scripts); null when none was started. */
  async backfillSettled(): Promise<BackfillProgress | null> {
    return this.jobDone ? { ...(await this.jobDone) } : null;
  }

  /** The current pass and its follow-up, if any, finished (tests, scripts). */
  idle(): Promise<void> {
    return this.flight.idle();
  }

  status(): SyncStatus {
    // Cursors of the current merchant's locations (selected or not) and of its customers; none when nothing is connected.
    const square = this.d.connection.status();
    const known = new Set(square.locations.map((l) => l.id));
    if (square.connection) known.add(customersCursorKey(square.connection.merchantId));
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const cursors = this.cursors.all().filter((c) => known.has(c.locationId));
    const locations: SyncLocationView[] = square.locations
      .filter((l) => l.selected)
      .map((l) => ({
        id: l.id,
        name: l.name,
        lastSyncedAt: iso(this.lastSyncedAt.get(l.id) ?? null),
        salesReadUntil: cursors.find((c) => c.locationId === l.id && c.stream === 'payments')?.syncedUntil ?? null,
        lastError: this.locationErrors.get(l.id) ?? null,
      }));
    return {
      running: this.flight.running,
      lastRunAt: iso(this.lastRunAt),
      lastRunQueued: this.lastRunQueued,
      lastRunRead: this.lastRunRead,
      lastError: this.lastError,
      blocked: this.blocked,
      nextRunAt: iso(this.nextRunAt),
      cursors,
      locations,
      backfill: this.job ? { ...this.job.progress } : null,
    };
  }
}
