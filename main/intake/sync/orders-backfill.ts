import type { Square } from 'square';
import type { ChangePage } from '../../square/pos-connector';
import type { SyncCursorRepo } from '../../inbox/sync-cursor-repo';
import type { HistorySource } from './history-source';
import { planOrderWindows, type OrderWindow } from './order-windows';
import type { CursorAdvance } from './page-writer';
import type { SquarePace } from './square-pace';
import { orderEvent, refundEvent, type SyncEvent } from './sync-event';
import { latest } from './times';

// A backfill read from the sales themselves: the COMPLETED orders closed in the range (SearchOrders, 1,000 whole
// orders a call, tenders included: the pipeline invoices each from its own tenders without asking Square again), in
// windows read side by side within Square's pace; plus the paid orders still OPEN created in the range (an order need
// not be completed to be paid) and each location's refunds created in the range (credit notes need the refund; both
// are few). Each window's position is committed with its page, so a backfill of the same range
// started again skips what was read; the inbox's event_id (sync:order:<id>:<version>) makes any re-read a no-op.

export interface OrdersReadDeps {
  history: HistorySource;
  pace: SquarePace;
  cursors: SyncCursorRepo;
  merchantId: string;
  locationIds: string[];
  /** [begin, end), epoch ms. */
  begin: number;
  end: number;
  /** Cancelled or stopping: no more calls, nothing more written. */
  halted: () => boolean;
  /**
   * Writes one page: `direct` (orders `settlesAlone` picked) invoiced straight away, then `events` with its window's
   * advance in one transaction, and counts it.
   */
  commit: (events: SyncEvent[], advances: CursorAdvance[], read: number, direct: Square.Order[]) => Promise<unknown>;
  /** Orders the pipeline can invoice from the page itself, without an inbox event (absent: none). */
  settlesAlone?: (order: Square.Order) => boolean;
  /** Resolves when the pipeline has room for another page (the read-ahead bound); absent: no bound. */
  room?: () => Promise<void>;
  /** How far reading has got, 0..1 (the mean over the windows and refund passes). */
  onFraction: (fraction: number) => void;
  now: () => number;
}

interface Unit {
  /** Reads to the end; false when halted. */
  run: () => Promise<boolean>;
}

/** Reads every window and refund pass; true when all were read to the end. Throws the first failure (after the rest stop). */
export async function readOrderHistory(d: OrdersReadDeps): Promise<{ complete: boolean; windows: OrderWindow[] }> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const createdAt = () => iso(d.now());
  const windows = planOrderWindows(d.locationIds, d.begin, d.end);
  const fractions: number[] = [];
  let failed = false;
  const halted = () => failed || d.halted();
  const report = () => d.onFraction(fractions.reduce((a, b) => a + b, 0) / Math.max(1, fractions.length));
  const through = (at: string | null | undefined, begin: number, end: number): number => {
    const ms = Date.parse(at ?? '');
    return Number.isNaN(ms) || end <= begin ? 0 : Math.min(1, Math.max(0, (ms - begin) / (end - begin)));
  };

  const toOrderEvent = (o: Square.Order) => orderEvent(d.merchantId, o, createdAt());
  const toRefundEvent = (r: Square.PaymentRefund) => refundEvent(d.merchantId, r, createdAt());
  /**
   * Moves a unit's progress to its page's newest time `top` within [begin, end), then commits the page: the items
   * `direct` picks as they are, the rest as events (made only for those: most of a page's orders need none).
   */
  function commitPage<T>(
    slot: number, items: T[], toEvent: (item: T) => SyncEvent | null, top: string | null | undefined, begin: number, end: number,
    advances: CursorAdvance[] = [], direct?: (item: T) => boolean,
  ): Promise<unknown> {
    const alone: T[] = [];
    const events: SyncEvent[] = [];
    for (const item of items) {
      if (direct?.(item)) alone.push(item);
      else {
        const e = toEvent(item);
        if (e) events.push(e);
      }
    }
    if (top) fractions[slot] = Math.max(fractions[slot]!, through(top, begin, end));
    report();
    return d.commit(events, advances, items.length, alone as Square.Order[]);
  }
  const settlesAlone = d.settlesAlone ? (o: Square.Order) => !!o.id && d.settlesAlone!(o) : undefined;

  async function pages<T>(
    slot: number,
    fetch: (cursor: string | undefined) => Promise<ChangePage<T>>,
    onPage: (page: ChangePage<T>) => Promise<unknown>,
  ): Promise<boolean> {
    let cursor: string | undefined;
    for (;;) {
      await d.room?.();
      if (halted()) return false;
      const page = await d.pace.call(() => fetch(cursor));
      if (halted()) return false;
      // Only the cursor is needed after the page is written: not holding the page lets its thousand parsed orders be
      // collected once they are posted to the writer thread, not when it answers.
      const next = page.cursor;
      await onPage(page);
      if (!next) {
        fractions[slot] = 1;
        report();
        return true;
      }
      cursor = next;
    }
  }

  const units: Unit[] = [];
  for (const w of windows) {
    const slot = fractions.push(0) - 1;
    units.push({
      run: async () => {
        // Where this window had got (an earlier run of the same backfill), re-read from that instant inclusive.
        const at = Date.parse(d.cursors.get(w.key, 'orders') ?? '');
        const start = Number.isNaN(at) ? w.begin : Math.max(w.begin, at);
        fractions[slot] = through(iso(start), w.begin, w.end);
        if (start >= w.end) {
          fractions[slot] = 1;
          return true;
        }
        return pages<Square.Order>(
          slot,
          (c) => d.history.searchCompletedOrdersClosedBetween(w.locationIds, iso(start), iso(w.end), c),
          (page) => {
            // Pages come oldest closed first: everything up to the newest closed_at read is in (an order closed at that
            // same instant on the next page is re-read on a restart, harmlessly). The last page covers the window.
            const top = latest(page.items.map((o) => o.closedAt));
            const until = page.cursor ? top : iso(w.end);
            const advances = until ? [{ locationId: w.key, stream: 'orders' as const, until }] : [];
            return commitPage(slot, page.items, toOrderEvent, top, w.begin, w.end, advances, settlesAlone);
          },
        );
      },
    });
  }
  // Paid orders not completed yet (a pickup not collected): few, so one query per location group over the whole range
  // (by creation: they have no closed_at). The pipeline fetches their payments, which alone say what was paid.
  const groups = new Map(windows.map((w) => [w.locationIds.join(','), w.locationIds]));
  for (const group of groups.values()) {
    const slot = fractions.push(0) - 1;
    units.push({
      run: () =>
        pages<Square.Order>(
          slot,
          (c) => d.history.searchPaidOpenOrdersCreatedBetween(group, iso(d.begin), iso(d.end), c),
          (page) => commitPage(slot, page.items, toOrderEvent, latest(page.items.map((o) => o.createdAt)), d.begin, d.end),
        ),
    });
  }
  for (const loc of d.locationIds) {
    const slot = fractions.push(0) - 1;
    units.push({
      run: () =>
        pages<Square.PaymentRefund>(
          slot,
          (c) => d.history.listRefundsCreatedBetween(loc, iso(d.begin), iso(d.end), c),
          (page) => commitPage(slot, page.items, toRefundEvent, latest(page.items.map((r) => r.createdAt)), d.begin, d.end),
        ),
    });
  }

  // Every unit starts at once; the pace's bulkhead decides how many pages are really in flight.
  const settled = await Promise.allSettled(
    units.map((u) =>
      u.run().catch((err: unknown) => {
        failed = true; // the others stop at their next page
        throw err;
      }),
    ),
  );
  const firstError = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (firstError) throw firstError.reason;
  return { complete: settled.every((s) => s.status === 'fulfilled' && s.value), windows };
}
