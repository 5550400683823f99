import type { Db } from '../../platform/db/open';
import { toInboxRow } from '../../inbox/envelope';
import type { InboxRow, NewInboxRow } from '../../inbox/inbox-row';
import { SyncPageInsert, type CursorAdvance, type PageRow } from '../../inbox/sync-page';
import type { SyncEvent } from './sync-event';

export type { CursorAdvance } from '../../inbox/sync-page';

/**
 * Where a page's rows and cursor advances are written in one transaction; resolves with the event ids new to the
 * inbox. The app passes the pipeline's store (its writer thread owns the inbox's writes); without one, the page is
 * written on `db` here.
 */
export type PageSink = (rows: readonly NewInboxRow[], advances: readonly CursorAdvance[], at: number, leaseUntil?: number | null) => Promise<PageRow[]>;

/**
 * Writes one page read from Square: its events into the inbox (deduped on event_id) and the cursors it covers, in one
 * SQLite transaction (inbox/sync-page.ts). A crash therefore never leaves a cursor past an object that is not in the
 * inbox.
 */
export class SyncPageWriter {
  private readonly sink: PageSink;

  constructor(db: Db, private readonly now: () => number, sink?: PageSink) {
    if (sink) this.sink = sink;
    else {
      const local = new SyncPageInsert(db);
      this.sink = async (rows, advances, at, leaseUntil) => local.write(rows, advances, at, leaseUntil ?? null);
    }
  }

  /** Resolves with how many of the events were new to the inbox; their event ids are appended to `inserted`, if given. */
  async commit(events: readonly SyncEvent[], advances: readonly CursorAdvance[] = [], inserted?: string[]): Promise<number> {
    const receivedAt = this.now();
    const rows = events.map((e) => toInboxRow(e.envelope, e.rawBody, { source: 'sync', receivedAt }));
    const added = await this.sink(rows, advances, receivedAt);
    for (const r of added) inserted?.push(r.eventId);
    return added.length;
  }

  /**
   * As commit(), but the new events are stored already claimed for `leaseMs` (InboxStore.insertLeased): the caller
   * hands them to the worker itself. Resolves with them as the worker's rows.
   */
  async commitClaimed(events: readonly SyncEvent[], advances: readonly CursorAdvance[], leaseMs: number): Promise<InboxRow[]> {
    const receivedAt = this.now();
    const rows = events.map((e) => toInboxRow(e.envelope, e.rawBody, { source: 'sync', receivedAt }));
    const added = await this.sink(rows, advances, receivedAt, receivedAt + leaseMs);
    const byEventId = new Map(rows.map((r) => [r.eventId, r]));
    return added.flatMap(({ eventId, id }) => {
      const r = byEventId.get(eventId);
      return r && id !== null ? [{ ...r, id, state: 'processing' as const, attempts: 0, lastError: null }] : [];
    });
  }
}
