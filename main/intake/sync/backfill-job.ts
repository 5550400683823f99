import type { Square } from 'square';
import type { BackfillProgress } from '../../../shared/sync';
import type { ParsedHandOff } from '../../inbox/hand-off';
import type { InboxRow } from '../../inbox/inbox-row';
import type { Logger } from '../../platform/log';
import type { ChangePage } from '../../square/pos-connector';
import { squareErrorDetail } from '../../square/square-errors';
import type { SyncCursorRepo } from '../../inbox/sync-cursor-repo';
import { SEARCH_ORDERS_PAGE, type HistorySource } from './history-source';
import { backfillKeyPrefix } from './order-windows';
import { readOrderHistory } from './orders-backfill';
import type { CursorAdvance, SyncPageWriter } from './page-writer';
import { RateMeter, readFraction } from './rate-meter';
import type { SquarePace } from './square-pace';
import { orderEvent, paymentEvent, refundEvent, type SyncEvent } from './sync-event';

// One backfill: the sales and refunds of a date range at each selected location, fed to the inbox as the same
// synthetic events catch-up sync makes (so history already queued, or queued later, is not queued twice). Catch-up
// cursors are not touched: backfill is history, catch-up owns the "since" position.
//
// Two ways to read (BackfillVia):
//   'orders'   (default) the COMPLETED orders closed in the range through SearchOrders, 1,000 whole sales a call, several
//              windows in flight within Square's pace (orders-backfill.ts), plus the refunds created in the range.
//              About 10 calls per 10,000 sales; the pipeline invoices each order from its own tenders.
//   'payments' the payments and refunds created in the range, 100 a call; the pipeline then fetches each payment's
//              order (BatchRetrieveOrders, 100 a call): about 200 calls per 10,000 sales. Kept as the measured
//              baseline (bench:pipeline) and for a POS source that has no order search.
//
// Besides reading, the job follows what the pipeline makes of the events it queued (tally()), so the owner sees how
// many became invoices, how many failed and how many are still waiting, at what pace.

export type BackfillVia = 'orders' | 'payments';

/**
 * How the orders path has the pipeline invoice the orders that settle their sale straight from the page, with no
 * inbox event each (pipeline/page-orders-committer.ts): `settlesAlone` picks them, `commit` invoices a group in one
 * transaction and says, per order, whether it did (one it did not is queued as an event with the rest of the page).
 */
export interface DirectOrders {
  settlesAlone: (order: Square.Order) => boolean;
  commit: (orders: readonly Square.Order[], at: number) => Promise<readonly ({ ok: true; already: boolean } | { ok: false })[]>;
}

/** Orders invoiced straight from a page per transaction: the size of the pipeline's batches, so a webhook stored
 *  meanwhile waits for one such commit at most, not for a whole page of 1,000. */
const DIRECT_GROUP = 100;

/** Waiting events looked up at a time by tally(). */
const TALLY_WINDOW = 1_000;
/**
 * The orders path reads no further ahead of the pipeline than this many queued, unfinished sales (plus the pages in
 * flight): reading faster than invoicing only took the main thread from the pipeline, and this bound keeps every
 * order the pipeline has yet to do within the hand-off (inbox/hand-off.ts), so none is parsed twice.
 */
export const READ_AHEAD = 5_000;
/** What one page on its way counts for against READ_AHEAD (a SearchOrders page: history-source.ts). */
const READ_AHEAD_PAGE = SEARCH_ORDERS_PAGE;
/** How often a window held back by READ_AHEAD looks again. */
const READ_AHEAD_POLL_MS = 100;
/** A window held back re-counts by itself only when no tally came for this long. */
const READ_AHEAD_TALLY_MS = 1_000;
/** A pipeline that finished nothing for this long does not hold reading back. */
const READ_AHEAD_STALL_MS = 10_000;

export interface BackfillJobDeps {
  history: HistorySource;
  via: BackfillVia;
  /** Square's pace for the orders path (pages in flight, calls a second, 429s). */
  pace: SquarePace;
  /** Where the orders path keeps each window's position (sync_cursors). */
  cursors: SyncCursorRepo;
  writer: SyncPageWriter;
  log: Logger;
  now: () => number;
  merchantId: string;
  locationIds: string[];
  from: string;
  to: string;
  /** UTC instants [beginTime, endTime) for the inclusive day range. */
  beginTime: string;
  endTime: string;
  onProgress: (queuedNow: number) => void;
  /** Checked after every Square call: once true nothing more is written (the app is stopping). */
  stopped: () => boolean;
  /** Where the orders read are handed to the pipeline, parsed (by event id), so it need not parse them again. */
  handOff?: ParsedHandOff;
  /**
   * The pipeline worker's intake for events stored already claimed (PipelineWorker.feed) and its lease: the orders
   * path then stores each page's new events claimed and hands them over, so no claim has to find them.
   */
  feed?: { leaseMs: number; rows: (rows: InboxRow[]) => void };
  /** The orders path invoices what it can straight from its pages (absent: every order becomes an event). */
  direct?: DirectOrders;
  /** Which of these event ids the pipeline has finished with, and how (the inbox). */
  settledOf: (eventIds: readonly string[]) => { eventId: string; state: 'done' | 'ignored' | 'dead' }[];
}

export class BackfillJob {
  readonly progress: BackfillProgress;
  private cancelRequested = false;
  /** Event ids this job queued that the pipeline has not finished with yet. */
  private unsettled = new Set<string>();
  private ignored = 0;
  private readonly meter = new RateMeter();
  private passIndex = 0;
  private talliedAt = 0;
  /** Pages let through room() whose events are not yet written (each up to a SearchOrders page of orders). */
  private pagesOnTheirWay = 0;
  /** Pages being written right now (see quiesce()). */
  private readonly writing = new Set<Promise<number>>();
  private readonly passes: number;
  private readonly begin: number;
  private readonly end: number;

  constructor(private readonly d: BackfillJobDeps) {
    this.progress = {
      from: d.from,
      to: d.to,
      state: 'running',
      read: 0,
      queued: 0,
      invoiced: 0,
      failed: 0,
      remaining: 0,
      readFraction: 0,
      ratePerMinute: null,
      etaSeconds: null,
      startedAt: new Date(d.now()).toISOString(),
      finishedAt: null,
      error: null,
    };
    this.passes = d.locationIds.length * 2;
    this.begin = Date.parse(d.beginTime);
    this.end = Date.parse(d.endTime);
    this.meter.add(d.now(), 0);
  }

  /** Takes effect between pages: the page in flight is dropped, nothing more is read or queued. */
  cancel(): void {
    if (this.progress.state !== 'running') return;
    this.cancelRequested = true;
    this.finish('cancelled');
  }

  /** True while some queued event is still waiting for the pipeline. */
  get awaitingPipeline(): boolean {
    return this.unsettled.size > 0;
  }

  /**
   * Re-reads which queued events the pipeline has finished with (the inbox), and the pace. Cheap when called often:
   * only the oldest still-unsettled ids are looked up (see inside), and that set only shrinks.
   */
  tally(): void {
    this.talliedAt = this.d.now();
    // The oldest queued first (a Set keeps insertion order, the pipeline takes the inbox oldest first), a window at a
    // time, on to the next window while at least half of the last one was finished: looking up every waiting id on
    // every page cost more than the reading itself once pages of 1,000 came faster than they were invoiced. The cost
    // is about twice what finished since the last tally plus one window; a few events held back (a retry) do not stop
    // the count, and anything finished out of order is counted when the front reaches it.
    while (this.unsettled.size) {
      const front: string[] = [];
      for (const id of this.unsettled) {
        front.push(id);
        if (front.length >= TALLY_WINDOW) break;
      }
      const settled = this.d.settledOf(front);
      for (const { eventId, state } of settled) {
        this.unsettled.delete(eventId);
        if (state === 'done') this.progress.invoiced += 1;
        else if (state === 'dead') this.progress.failed += 1;
        else this.ignored += 1;
      }
      if (settled.length * 2 < front.length) break;
    }
    const now = this.d.now();
    this.meter.add(now, this.progress.invoiced + this.progress.failed);
    this.progress.remaining = this.unsettled.size;
    this.progress.ratePerMinute = this.meter.perMinute();
    // While reading, more may still be queued: a time to finish would be a guess.
    this.progress.etaSeconds = this.progress.state === 'running' ? null : this.meter.etaSeconds(this.progress.remaining);
  }

  private finish(state: BackfillProgress['state'], error: string | null = null): void {
    if (this.progress.state !== 'running') return;
    this.progress.state = state;
    this.progress.error = error;
    this.progress.finishedAt = new Date(this.d.now()).toISOString();
    if (state === 'done') this.progress.readFraction = 1;
    this.tally();
    this.d.onProgress(0);
  }

  private halted(): boolean {
    return this.cancelRequested || this.d.stopped();
  }

  async run(): Promise<BackfillProgress> {
    return this.d.via === 'orders' ? this.runOrders() : this.runPayments();
  }

  private async runOrders(): Promise<BackfillProgress> {
    try {
      const { complete } = await readOrderHistory({
        history: this.d.history,
        pace: this.d.pace,
        cursors: this.d.cursors,
        merchantId: this.d.merchantId,
        locationIds: this.d.locationIds,
        begin: this.begin,
        end: this.end,
        halted: () => this.halted(),
        now: this.d.now,
        commit: (events, advances, read, direct) => this.pageRead(events, advances, read, direct),
        ...(this.d.direct ? { settlesAlone: this.d.direct.settlesAlone } : {}),
        room: () => this.room(),
        onFraction: (f) => (this.progress.readFraction = f),
      });
      if (!complete) return this.progress;
      // Every window read to its end: their positions are of no more use (a new backfill of the range starts afresh).
      this.d.cursors.deletePrefix(backfillKeyPrefix(this.d.locationIds, this.begin, this.end));
      this.finish('done');
    } catch (err) {
      this.failed(err);
    }
    return this.progress;
  }

  /** One page in: its events and cursor advances committed together, counted, the pace re-measured. */
  private async pageRead(events: SyncEvent[], advances: CursorAdvance[], read: number, direct: Square.Order[] = []): Promise<number> {
    const writing = this.writePage(events, advances, read, direct);
    this.writing.add(writing);
    try {
      return await writing;
    } finally {
      this.writing.delete(writing);
      this.pagesOnTheirWay = Math.max(0, this.pagesOnTheirWay - 1);
    }
  }

  /**
   * Resolves once no page is being written (the app is stopping: nothing new starts once stopped() is true). A page
   * stored claimed is then already handed to the worker, which gives back what it has not started when it stops.
   */
  async quiesce(): Promise<void> {
    await Promise.allSettled([...this.writing]);
  }

  private async writePage(events: SyncEvent[], advances: CursorAdvance[], read: number, direct: Square.Order[]): Promise<number> {
    if (this.halted()) return 0;
    // First the orders invoiced from the page itself, then the page's events and its cursor advance: the advance is
    // committed only once those invoices are, so a crash in between re-reads the page (a no-op for what is invoiced).
    const left = direct.length ? await this.invoiceDirect(direct) : [];
    for (const order of left) {
      const e = orderEvent(this.d.merchantId, order, new Date(this.d.now()).toISOString());
      if (e) events.push(e);
    }
    let inserted: string[];
    let claimed: InboxRow[] = [];
    if (this.d.feed) {
      claimed = await this.d.writer.commitClaimed(events, advances, this.d.feed.leaseMs);
      inserted = claimed.map((r) => r.eventId);
    } else {
      inserted = [];
      await this.d.writer.commit(events, advances, inserted);
    }
    const queued = inserted.length;
    for (const id of inserted) this.unsettled.add(id);
    const handOff = this.d.handOff;
    if (handOff && inserted.length) {
      const parsed = new Map(events.map((e) => [e.envelope.event_id, e.parsed]));
      for (const id of inserted) {
        const o = parsed.get(id);
        if (o) handOff.put(id, o);
      }
    }
    if (claimed.length) this.d.feed!.rows(claimed);
    this.progress.read += read;
    this.progress.queued += queued;
    this.tally();
    this.d.onProgress(queued);
    return queued;
  }

  /** Invoices `orders` in groups (one transaction each), counts them, and returns those the pipeline left as events. */
  private async invoiceDirect(orders: Square.Order[]): Promise<Square.Order[]> {
    const groups: Square.Order[][] = [];
    for (let i = 0; i < orders.length; i += DIRECT_GROUP) groups.push(orders.slice(i, i + DIRECT_GROUP));
    const outcomes = (await Promise.all(groups.map((g) => this.d.direct!.commit(g, this.d.now())))).flat();
    const left = orders.filter((_, i) => !outcomes[i]?.ok);
    const invoiced = outcomes.filter((o) => o.ok && !o.already).length;
    this.progress.queued += invoiced;
    this.progress.invoiced += invoiced;
    return left;
  }

  /**
   * Resolves once fewer than READ_AHEAD queued sales wait for the pipeline, or the job is halted, or the pipeline has
   * finished nothing for READ_AHEAD_STALL_MS (Square unreachable, events waiting for a retry): a stalled pipeline
   * never holds reading back, it only stops the hand-off from holding every order.
   */
  private async room(): Promise<void> {
    let left = this.unsettled.size;
    let movedAt = this.d.now();
    // Pages on their way count too, so that once held back the windows fetch one page at a time as the pipeline
    // takes them (four pages arriving at once left the pipeline waiting while the main thread parsed them).
    while (this.unsettled.size + this.pagesOnTheirWay * READ_AHEAD_PAGE >= READ_AHEAD && !this.halted()) {
      await new Promise((r) => setTimeout(r, READ_AHEAD_POLL_MS));
      // The count moves with the tallies the pipeline's progress already triggers (sync-service.ts, 4 a second); one
      // here only when none came for a while (each tally looks up to a thousand events in the inbox).
      if (this.d.now() - this.talliedAt >= READ_AHEAD_TALLY_MS) this.tally();
      if (this.unsettled.size !== left) {
        left = this.unsettled.size;
        movedAt = this.d.now();
      } else if (this.d.now() - movedAt >= READ_AHEAD_STALL_MS) break;
    }
    this.pagesOnTheirWay += 1;
  }

  private failed(err: unknown): void {
    const message = `Backfill stopped: ${squareErrorDetail(err)}`;
    this.d.log.warn({ err: squareErrorDetail(err) }, message);
    if (!this.d.stopped()) this.finish('failed', message);
  }

  private async runPayments(): Promise<BackfillProgress> {
    const { history, merchantId, beginTime, endTime } = this.d;
    const createdAt = () => new Date(this.d.now()).toISOString();
    try {
      for (const loc of this.d.locationIds) {
        const paymentsDone = await this.drain(
          (c) => history.listPaymentsCreatedBetween(loc, beginTime, endTime, c),
          (p) => paymentEvent(merchantId, p, createdAt()),
          (p) => p.createdAt,
        );
        if (!paymentsDone) return this.progress;
        this.passIndex += 1;
        const refundsDone = await this.drain(
          (c) => history.listRefundsCreatedBetween(loc, beginTime, endTime, c),
          (r) => refundEvent(merchantId, r, createdAt()),
          (r) => r.createdAt,
        );
        if (!refundsDone) return this.progress;
        this.passIndex += 1;
      }
      this.finish('done');
    } catch (err) {
      this.failed(err);
    }
    return this.progress;
  }

  private async drain<T>(
    fetch: (cursor: string | undefined) => Promise<ChangePage<T>>,
    toEvent: (item: T) => SyncEvent | null,
    createdAtOf: (item: T) => string | null | undefined,
  ): Promise<boolean> {
    let cursor: string | undefined;
    let readThrough: number | null = null;
    for (;;) {
      if (this.halted()) return false;
      const page = await fetch(cursor);
      if (this.halted()) return false;
      const events = page.items.map(toEvent).filter((e): e is SyncEvent => e !== null);
      const inserted: string[] = [];
      const queued = await this.d.writer.commit(events, [], inserted);
      for (const id of inserted) this.unsettled.add(id);
      for (const item of page.items) {
        const at = Date.parse(createdAtOf(item) ?? '');
        if (!Number.isNaN(at)) readThrough = Math.max(readThrough ?? at, at);
      }
      this.progress.read += page.items.length;
      this.progress.queued += queued;
      this.progress.readFraction = readFraction({
        passIndex: this.passIndex, passes: this.passes, begin: this.begin, end: this.end, readThrough,
      });
      this.tally();
      this.d.onProgress(queued);
      if (!page.cursor) return true;
      cursor = page.cursor;
    }
  }
}
