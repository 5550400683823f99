import type { PipelineStats } from '../../shared/domain';
import type { Db } from '../platform/db/open';
import type { PushBus } from '../platform/push-bus';
import type { Logger } from '../platform/log';
import type { PosConnector } from '../square/pos-connector';
import { ReconnectNeededError } from '../square/square-errors';
import { KeychainUnavailableError } from '../platform/secrets/secret-store';
import { EventProcessor, PermanentEventError, type EventOutcome } from './event-processor';
import type { ClaimedRow } from '../inbox/inbox-row';
import { InboxStore } from '../inbox/inbox-store';
import type { ParsedHandOff } from '../inbox/hand-off';
import type { Envelope } from '../inbox/envelope';
import { LatencyWindow } from './latency';
import { OrderBatcher } from './order-batcher';
import type { PipelineStore } from './pipeline-store';
import { BrokenCircuitError, createSquarePolicy, isTransient, type SquarePolicy, type SquarePolicyOptions } from './square-policy';

/** While fed events wait and a claim found nothing due, the next claim waits this long unless something is stored. */
const FED_CLAIM_PAUSE_MS = 250;
/**
 * After a batch, live sales fewer than a batch wait this long for company before the next one starts (a lone sale on an
 * idle pipeline starts at once). A claim's round trip used to give them that time: without it, at 500 events/s the
 * batches were a third smaller, each with the same fixed cost (a Square call, a commit), and p99 was worse.
 */
const LIVE_GATHER_MS = 3;

export interface WorkerOptions {
  /**
   * Most batches of claimed events in flight at once, while claims come back full (a backlog): while one waits for
   * Square, the next can be fetched or committed. Otherwise one batch at a time (see claimSlots()).
   */
  concurrency?: number;
  /**
   * Most events claimed into one batch: their orders are fetched together (BatchRetrieveOrders takes 100) and they
   * are committed in one transaction.
   */
  batchSize?: number;
  /** Attempts before an event is dead-lettered. */
  maxAttempts?: number;
  leaseMs?: number;
  /** Retry delays: base × 2^(attempt−1) with ±50 % jitter, capped. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How often to look for due retries when nothing wakes the worker. */
  pollMs?: number;
  policy?: SquarePolicyOptions;
  now?: () => number;
  /**
   * Where the event path's SQLite writes run (receiver inserts, claims, batch commits): 'worker' (default) = one
   * writer thread with its own connection (pipeline/writer-thread.ts), 'main' = the app's thread (the layout before
   * issue 18, kept for comparison in bench:pipeline and as the fallback should the thread fail to start).
   */
  thread?: 'main' | 'worker';
}

export interface WorkerDeps {
  db: Db;
  bus: PushBus;
  log: Logger;
  connector: PosConnector;
  /** False while Square is not connected: events wait without spending attempts. */
  isConnected: () => boolean;
  /** The connected seller's merchant id: events of any other seller are set aside, never invoiced. */
  connectedMerchantId: () => string | null;
  /** Applies an oauth.authorization.revoked before its row is marked done (EventProcessorOptions.applyRevocation). */
  applyRevocation?: (merchantId: string | null) => Promise<string | null>;
  /** Where claims, batch commits and failure marks are written (this thread or the writer thread). */
  store: PipelineStore;
  /** Orders a backfill handed over parsed (inbox/hand-off.ts). */
  handOff?: ParsedHandOff;
  /** Webhook envelopes the receiver handed over parsed (inbox/hand-off.ts). */
  envelopes?: ParsedHandOff<Envelope>;
}

/**
 * Drains the inbox: claims due events with a lease in batches of up to `batchSize`, up to `concurrency` batches at a
 * time, retries with backoff, dead-letters after maxAttempts, and keeps events waiting (attempts untouched) while
 * Square is unreachable. At a shop's pace a batch is one event; in a burst (or a backfill) events that arrived
 * together share one order fetch and one commit.
 */
export class PipelineWorker {
  readonly inbox: InboxStore;
  private readonly processor: EventProcessor;
  private readonly policy: SquarePolicy;
  private readonly latency = new LatencyWindow();
  private readonly o: Required<Omit<WorkerOptions, 'policy' | 'now' | 'thread'>>;
  private readonly now: () => number;
  private inFlight = 0;
  /** A claim is on its way (the store answers asynchronously): one at a time, so two never race for a slot. */
  private claiming = false;
  /** Something asked for a pump while a claim was on its way: pump again when it is back (the claim may have missed it). */
  private pumpAgain = false;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private kickScheduled = false;
  private processed = 0;
  private failed = 0;
  private idleWaiters: (() => void)[] = [];
  /** Events stored already claimed by whoever stored them (a backfill's pages, see feed()), with their lease's end. */
  private fed: { row: ClaimedRow; leaseUntil: number }[] = [];
  /** Until then, while events are fed, no claim is made (the last one found nothing due); kick() ends it. */
  private claimQuietUntil = 0;
  /**
   * Sale events the receiver stored already claimed for this worker (takeLive), in arrival order: run before claims
   * and before a backfill's fed events, so a live sale never waits behind either.
   */
  private live: ClaimedRow[] = [];
  /**
   * Something may be due that only a claim can find: set by kick() (an event stored pending, the poll, the breaker
   * closing) and by a claim that came back full; a claim clears it. Without it, every batch of live events would be
   * followed by a claim finding nothing.
   */
  private claimWanted = false;
  /** Until then (performance.now()), live sales fewer than a batch wait for company (LIVE_GATHER_MS). */
  private liveGatherUntil = 0;
  private liveTimer: NodeJS.Timeout | null = null;

  constructor(private readonly d: WorkerDeps, options: WorkerOptions = {}) {
    this.o = {
      concurrency: options.concurrency ?? 2,
      batchSize: options.batchSize ?? 100,
      maxAttempts: options.maxAttempts ?? 10,
      leaseMs: options.leaseMs ?? 60_000,
      retryBaseMs: options.retryBaseMs ?? 2_000,
      retryMaxMs: options.retryMaxMs ?? 15 * 60_000,
      pollMs: options.pollMs ?? 1_000,
    };
    this.now = options.now ?? Date.now;
    this.inbox = new InboxStore(d.db);
    this.policy = createSquarePolicy({
      ...options.policy,
      onStateChange: (state) => {
        d.log.warn({ state }, 'Square circuit breaker');
        d.bus.emit('stats.changed', {});
        if (state !== 'open') this.kick();
      },
    });
    const orders = new OrderBatcher((ids) => this.policy.execute(() => d.connector.getOrders(ids)));
    // A sale's customer may fail to load for a few attempts (retried like any Square call); after that the invoice is
    // written with a walk-in buyer rather than dead-lettered for want of a name (pipeline/customer-buyers.ts).
    const customerAttempts = Math.max(0, Math.min(3, this.o.maxAttempts - 1));
    this.processor = new EventProcessor(d.db, d.store, d.connector, this.policy, orders, d.connectedMerchantId, {
      customerAttempts,
      ...(d.applyRevocation ? { applyRevocation: d.applyRevocation } : {}),
      ...(d.handOff ? { handOff: d.handOff } : {}),
      ...(d.envelopes ? { envelopes: d.envelopes } : {}),
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.timer = setInterval(() => this.kick(), this.o.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** How long a claim holds its events (a caller storing events already claimed uses the same: feed()). */
  get leaseMs(): number {
    return this.o.leaseMs;
  }

  /**
   * Events stored already claimed (state 'processing', leased for leaseMs from their receivedAt) by their caller — a
   * backfill's pages, in the transaction that stored them (InboxStore.insertLeased). They are processed before the
   * next claim, in batches like claimed ones. One whose lease runs out first is left to the claims (which take it as
   * an expired lease), and so is everything fed once the worker stops or the app ends: nothing is lost, at worst it
   * waits for its lease.
   */
  feed(rows: readonly ClaimedRow[]): void {
    if (!this.running) {
      // Stopping or stopped: given back at once (best effort; else they wait for their leases).
      void this.d.store.release(rows.map((r) => r.id), this.now()).catch(() => undefined);
      return;
    }
    for (const row of rows) this.fed.push({ row, leaseUntil: row.receivedAt + this.o.leaseMs });
    this.kick();
  }

  /**
   * Whether a sale event may be stored already claimed for this worker and handed over with takeLive: it is running
   * and Square is connected. Otherwise the receiver stores it pending, for a claim.
   */
  takesLive(): boolean {
    return this.running && this.d.isConnected();
  }

  /**
   * A sale event the receiver stored already claimed (state 'processing', leased for leaseMs from its receivedAt): it
   * runs with the next free slot, without a claim having to find it, write it again and send it here (at 2,500 events
   * a second a claim waited ~18 ms for the writer thread, a fifth of a batch's round). Should this worker stop or the
   * app end first, it is given back (stop()) or its lease runs out and a claim takes it: nothing is lost.
   */
  takeLive(row: ClaimedRow): void {
    if (!this.running) {
      void this.d.store.release([row.id], this.now()).catch(() => undefined);
      return;
    }
    this.live.push(row);
    this.wake();
  }

  /** Stops claiming; waits for events in flight (their leases would otherwise expire and be re-run — also safe). */
  async stop(): Promise<void> {
    this.running = false;
    // Events handed over or fed but not started go back to the queue now, so the next start need not wait for their leases.
    const unstarted = [...this.live.map((r) => r.id), ...this.fed.map((f) => f.row.id)];
    this.live = [];
    this.fed = [];
    if (unstarted.length) {
      await this.d.store.release(unstarted, this.now()).catch((err: unknown) => {
        this.d.log.warn({ err }, 'could not give back fed events; they are taken again once their leases run out');
      });
    }
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.liveTimer) clearTimeout(this.liveTimer);
    this.liveTimer = null;
    if (this.statsTimer) clearTimeout(this.statsTimer);
    this.statsTimer = null;
    while (this.inFlight > 0 || this.claiming) await new Promise((r) => setTimeout(r, 10));
  }

  /**
   * Something new may be due (webhook stored, sync ran, breaker closed). Kicks are coalesced to one pump per turn of
   * the event loop: every webhook stored in that turn then lands in the same batch, and a burst of requests costs
   * one claim query instead of one each.
   */
  kick(): void {
    // Something may be due now: the next pump claims even while fed events wait (see pump()).
    this.claimQuietUntil = 0;
    this.claimWanted = true;
    this.wake();
  }

  /** A pump on the next turn (after a batch: slots freed), without ending a claims' pause (see pump()). */
  private wake(): void {
    if (!this.running || this.kickScheduled) return;
    this.kickScheduled = true;
    setImmediate(() => {
      this.kickScheduled = false;
      if (this.running) this.pump();
    });
  }

  private pump(): void {
    // Live sales first, with the slots a claim of them would have had: one batch at a time at a shop's pace (the sales
    // arriving meanwhile share the next one), `concurrency` once a full batch waits. Not held up by a claim on its way.
    while (this.live.length && this.d.isConnected() && this.inFlight < (this.live.length >= this.o.batchSize ? this.o.concurrency : 1)) {
      const gatherFor = this.live.length < this.o.batchSize ? this.liveGatherUntil - performance.now() : 0;
      if (gatherFor > 0) {
        this.liveTimer ??= setTimeout(() => {
          this.liveTimer = null;
          this.wake();
        }, Math.ceil(gatherFor));
        break;
      }
      const batch = this.usable(this.live.splice(0, this.o.batchSize));
      if (batch.length) this.run(batch);
    }
    // Claims go on while the breaker is open: the policy fails them fast and they are postponed by halfOpenAfter
    // (attempts untouched). The breaker only moves to half-open when a call is attempted, so this is also the probe.
    if (this.claiming) {
      this.pumpAgain = true;
      return;
    }
    this.pumpAgain = false;
    // Fed events (a backfill's) may have twice as many batches in flight: they rarely call Square, so their batches
    // queue at the writer thread, which then has work while this thread parses the next page (one SearchOrders page
    // takes it a good hundred milliseconds at a stretch).
    const fedLimit = this.fed.length ? this.o.concurrency * 2 : 0;
    if (!(this.inFlight < Math.max(this.claimSlots(), fedLimit) && this.d.isConnected())) {
      this.notifyIdleIfDone();
      return;
    }
    // Claims keep their slots while events are fed, so a live sale (a webhook) is not left behind a backfill; only
    // when a claim found nothing due do fed events take the slots alone for a while (or until something is stored).
    const mayClaim = this.claimWanted && this.inFlight < this.claimSlots() && (!this.fed.length || this.now() >= this.claimQuietUntil);
    if (!mayClaim) {
      const fed = this.takeFed();
      if (fed.length) {
        this.run(fed);
        this.pump();
        return;
      }
      if (this.inFlight >= this.claimSlots() || !this.claimWanted) {
        this.notifyIdleIfDone();
        return;
      }
    }
    this.claiming = true;
    this.claimWanted = false;
    this.d.store
      .claim(this.o.batchSize, this.now(), this.o.leaseMs)
      .then(
        (batch) => {
          this.claiming = false;
          this.backlog = batch.length >= this.o.batchSize;
          // A full batch: more may be due than it held.
          if (this.backlog) this.claimWanted = true;
          if (batch.length) this.run(batch);
          else if (this.fed.length) {
            // Nothing due but fed events waiting: they go next, and the next claim comes after a pause.
            this.claimQuietUntil = this.now() + FED_CLAIM_PAUSE_MS;
            this.pumpAgain = true;
          }
          // Another slot may be free (the next batch's fetch overlaps this one's commit), or an event stored while
          // this claim was on its way may have missed it.
          if (this.running && (batch.length || this.pumpAgain)) this.pump();
        },
        (err: unknown) => {
          this.claiming = false;
          this.claimWanted = true;
          // The database refused the claim (locked by another program past the busy timeout, disk full) or is closing:
          // nothing was claimed; the events stay where they are and the poll tries again.
          this.d.log.warn({ err }, 'could not claim events from the inbox; trying again shortly');
        },
      )
      .finally(() => this.notifyIdleIfDone());
  }

  /**
   * Batches of claimed events allowed in flight. Below the pipeline's capacity one: the events stored while it is
   * fetched and committed wait for the next claim and share its Square call and its commit, where a second batch in
   * flight would split them into two half-empty ones, each with the same fixed cost (a claim, a BatchRetrieveOrders
   * call, a transaction: ~10 % more CPU a sale at 500–1,000 events/s, no better p99; docs/benchmarks.md). Once a
   * claim comes back full there is a backlog, and `concurrency` batches overlap (one's Square call with another's
   * commit), which is what lifts the sustained rate. While a backfill's events are fed, claims keep `concurrency`
   * slots as before, so a live sale is not left to wait for the whole backfill (see pump()).
   */
  private claimSlots(): number {
    return this.backlog || this.fed.length ? this.o.concurrency : 1;
  }

  /** The last claim came back full: more events are due than one batch holds. */
  private backlog = false;

  /** The next batch of fed events whose lease still has a while to run (the rest are left to the claims). */
  private takeFed(): ClaimedRow[] {
    const batch: ClaimedRow[] = [];
    const usable = this.leaseUsableAfter();
    while (this.fed.length && batch.length < this.o.batchSize) {
      for (const f of this.fed.splice(0, this.o.batchSize - batch.length)) if (f.leaseUntil > usable) batch.push(f.row);
    }
    return batch;
  }

  /** A margin for the batch's own fetch and commit: a lease running out before this is the claims' to take. */
  private leaseUsableAfter(): number {
    return this.now() + Math.min(10_000, this.o.leaseMs / 4);
  }

  /** Live events whose lease (leaseMs from their receipt, see takeLive) still has a while to run. */
  private usable(rows: ClaimedRow[]): ClaimedRow[] {
    const after = this.leaseUsableAfter();
    return rows.filter((r) => r.receivedAt + this.o.leaseMs > after);
  }

  private run(batch: ClaimedRow[]): void {
    this.inFlight += 1;
    void this.handle(batch).finally(() => {
      this.inFlight -= 1;
      this.liveGatherUntil = performance.now() + LIVE_GATHER_MS;
      this.wake();
    });
  }

  private async handle(batch: ClaimedRow[]): Promise<void> {
    let outcomes: EventOutcome[];
    try {
      outcomes = await this.processor.processBatch(batch, this.now);
    } catch (err) {
      // The batch's transaction itself failed (e.g. the disk is full): nothing of it was written.
      outcomes = batch.map((event) => ({ event, ok: false, error: err }));
    }
    const failures: Promise<void>[] = [];
    for (const o of outcomes) {
      if (!o.ok) {
        failures.push(
          this.onFailure(o.event, o.error).catch((err: unknown) => {
            // Recording the failure failed too (database closing or broken): the lease runs out and it is retried.
            this.d.log.error({ err, eventId: o.event.eventId }, 'could not record an event failure');
          }),
        );
        continue;
      }
      this.processed += 1;
      if (o.result.outcome === 'invoiced') this.latency.add(Math.max(0, this.now() - o.event.receivedAt));
      for (const inv of o.result.invoices) {
        if (inv.id !== null && (inv.outcome === 'created' || inv.outcome === 'updated' || inv.outcome === 'voided')) {
          this.d.bus.emit('invoice.changed', { id: inv.id, status: inv.status ?? '' });
        }
      }
    }
    // Recorded together (each one message to the writer thread), before the batch counts as finished.
    await Promise.all(failures);
    this.statsChangedSoon();
  }

  private async onFailure(event: ClaimedRow, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    const now = this.now();
    if (err instanceof BrokenCircuitError) {
      // Square is down: wait for the breaker's probe without spending this event's attempts.
      await this.d.store.postpone(event.id, 'Square is unavailable (circuit open); waiting', now + this.policy.halfOpenAfterMs);
      return;
    }
    if (err instanceof ReconnectNeededError) {
      await this.d.store.postpone(event.id, message, now + 60_000);
      return;
    }
    if (err instanceof KeychainUnavailableError) {
      // The sign-in could not be read: not this event's fault, so its attempts are not spent; it waits and tries again.
      await this.d.store.postpone(event.id, message, now + Math.min(this.o.retryMaxMs, 30_000));
      return;
    }
    const attempt = event.attempts + 1;
    const dead = err instanceof PermanentEventError || attempt >= this.o.maxAttempts;
    const base = Math.min(this.o.retryMaxMs, this.o.retryBaseMs * 2 ** (attempt - 1));
    const delay = Math.round(base * (0.5 + Math.random()));
    await this.d.store.fail(event.id, message, now + delay, dead);
    this.failed += 1;
    const log = dead ? this.d.log.error.bind(this.d.log) : this.d.log.warn.bind(this.d.log);
    log({ eventId: event.eventId, attempt, transient: isTransient(err), dead }, `event failed: ${message}`);
    this.statsChangedSoon();
  }

  private statsTimer: NodeJS.Timeout | null = null;

  /** One 'stats.changed' per 250 ms however many events finish: the dashboard re-reads, it needs no per-event push. */
  private statsChangedSoon(): void {
    if (this.statsTimer) return;
    this.statsTimer = setTimeout(() => {
      this.statsTimer = null;
      this.d.bus.emit('stats.changed', {});
    }, 250);
    this.statsTimer.unref();
  }

  private notifyIdleIfDone(): void {
    const waiting = this.live.length > 0 || this.fed.length > 0;
    if (this.inFlight > 0 || this.claiming || (waiting && this.running && this.d.isConnected())) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }

  /** Resolves when nothing is in flight and nothing is due now (tests, benchmarks, shutdown). */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.kick();
    });
  }

  /**
   * The circuit breaker's state alone: what the dashboard's health line needs. stats() also sorts the last 10,000
   * latencies and counts the inbox, and the notices are recomputed up to four times a second while sales arrive.
   */
  breakerState(): PipelineStats['breaker'] {
    return this.policy.breakerState();
  }

  stats(): PipelineStats {
    const { depth, oldest } = this.inbox.depth();
    return {
      breaker: this.policy.breakerState(),
      breakerOpenedAt: this.policy.breakerOpenedAt(),
      latencyMs: this.latency.summary(),
      queueDepth: depth,
      oldestPendingAt: oldest === null ? null : new Date(oldest).toISOString(),
      processedTotal: this.processed,
      failedTotal: this.failed,
    };
  }
}
