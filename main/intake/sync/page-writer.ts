import type { Db } from '../../platform/db/open';
import { toInboxRow } from '../../inbox/envelope';
import type { NewInboxRow } from '../../inbox/inbox-row';
import { SyncPageInsert, type CursorAdvance } from '../../inbox/sync-page';
import type { SyncEvent } from './sync-event';

export type { CursorAdvance } from '../../inbox/sync-page';

/**
 * Where a page's rows and cursor advances are written in one transaction; resolves with the event ids new to the
 * inbox. The app passes the pipeline's store (its writer thread owns the inbox's writes); without one, the page is
 * written on `db` here.
 */
export type PageSink = (rows: readonly NewInboxRow[], advances: readonly CursorAdvance[], at: number) => Promise<string[]>;

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
      this.sink = async (rows, advances, at) => local.write(rows, advances, at);
    }
  }

  /** Resolves with how many of the events were new to the inbox; their event ids are appended to `inserted`, if given. */
  async commit(events: readonly SyncEvent[], advances: readonly CursorAdvance[] = [], inserted?: string[]): Promise<number> {
    const receivedAt = this.now();
    const rows = events.map((e) => toInboxRow(e.envelope, e.rawBody, { source: 'sync', receivedAt }));
    const ids = await this.sink(rows, advances, receivedAt);
    inserted?.push(...ids);
    return ids.length;
  }
}
