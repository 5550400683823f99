import type { BackfillProgress } from '../../../shared/sync';
import type { Logger } from '../../platform/log';
import type { ChangePage } from '../../square/pos-connector';
import { squareErrorDetail } from '../../square/square-errors';
import type { HistorySource } from './history-source';
import type { SyncPageWriter } from './page-writer';
import { paymentEvent, refundEvent, type SyncEvent } from './sync-event';

// One backfill: the payments and refunds created between two dates at each selected location, fed to the inbox as
// the same synthetic events catch-up sync makes (so history already queued, or queued later, is not queued twice).
// Cursors are not touched: backfill is history, catch-up owns the "since" position.

export interface BackfillJobDeps {
  history: HistorySource;
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
}

export class BackfillJob {
  readonly progress: BackfillProgress;
  private cancelRequested = false;

  constructor(private readonly d: BackfillJobDeps) {
    this.progress = {
      from: d.from,
      to: d.to,
      state: 'running',
      read: 0,
      queued: 0,
      startedAt: new Date(d.now()).toISOString(),
      finishedAt: null,
      error: null,
    };
  }

  /** Takes effect between pages: the page in flight is dropped, nothing more is read or queued. */
  cancel(): void {
    if (this.progress.state !== 'running') return;
    this.cancelRequested = true;
    this.finish('cancelled');
  }

  private finish(state: BackfillProgress['state'], error: string | null = null): void {
    if (this.progress.state !== 'running') return;
    this.progress.state = state;
    this.progress.error = error;
    this.progress.finishedAt = new Date(this.d.now()).toISOString();
    this.d.onProgress(0);
  }

  private halted(): boolean {
    return this.cancelRequested || this.d.stopped();
  }

  async run(): Promise<BackfillProgress> {
    const { history, merchantId, beginTime, endTime } = this.d;
    const createdAt = () => new Date(this.d.now()).toISOString();
    try {
      for (const loc of this.d.locationIds) {
        const paymentsDone = await this.drain(
          (c) => history.listPaymentsCreatedBetween(loc, beginTime, endTime, c),
          (p) => paymentEvent(merchantId, p, createdAt()),
        );
        if (!paymentsDone) return this.progress;
        const refundsDone = await this.drain(
          (c) => history.listRefundsCreatedBetween(loc, beginTime, endTime, c),
          (r) => refundEvent(merchantId, r, createdAt()),
        );
        if (!refundsDone) return this.progress;
      }
      this.finish('done');
    } catch (err) {
      const message = `Backfill stopped: ${squareErrorDetail(err)}`;
      this.d.log.warn({ err: squareErrorDetail(err) }, message);
      if (!this.d.stopped()) this.finish('failed', message);
    }
    return this.progress;
  }

  private async drain<T>(fetch: (cursor: string | undefined) => Promise<ChangePage<T>>, toEvent: (item: T) => SyncEvent | null): Promise<boolean> {
    let cursor: string | undefined;
    for (;;) {
      if (this.halted()) return false;
      const page = await fetch(cursor);
      if (this.halted()) return false;
      const events = page.items.map(toEvent).filter((e): e is SyncEvent => e !== null);
      const queued = this.d.writer.commit(events);
      this.progress.read += page.items.length;
      this.progress.queued += queued;
      this.d.onProgress(queued);
      if (!page.cursor) return true;
      cursor = page.cursor;
    }
  }
}
