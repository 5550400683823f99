import type { SyncStream } from '../../shared/sync';
import type { Db } from '../platform/db/open';
import type { NewInboxRow } from './inbox-row';
import { InboxStore } from './inbox-store';
import { SyncCursorRepo } from './sync-cursor-repo';

/** A sync cursor moved by a page: everything of (location, stream) up to `until` is in the inbox. */
export interface CursorAdvance {
  locationId: string;
  stream: SyncStream;
  until: string;
}

/** A row a page added to the inbox: its id when it was stored claimed (leased), else null (not read back). */
export interface PageRow {
  eventId: string;
  id: number | null;
}

/**
 * One page read from Square (catch-up, backfill): its events into the inbox (deduped on event_id) and the cursors it
 * covers, in ONE SQLite transaction, so a crash never leaves a cursor past an object that is not in the inbox. Runs
 * on the connection that owns the inbox's writes (the pipeline's writer thread by default, see
 * pipeline/pipeline-store.ts): on the main connection a page of 1,000 events held the write lock for tens of
 * milliseconds, during which the writer thread's claims and commits waited, and the other way round.
 */
export class SyncPageInsert {
  private readonly inbox: InboxStore;
  private readonly cursors: SyncCursorRepo;
  private readonly tx;

  constructor(db: Db) {
    this.inbox = new InboxStore(db);
    this.cursors = new SyncCursorRepo(db);
    this.tx = db.transaction((rows: readonly NewInboxRow[], advances: readonly CursorAdvance[], at: number, leaseUntil: number | null): PageRow[] => {
      const inserted: PageRow[] = [];
      for (const r of rows) {
        if (leaseUntil === null) {
          if (this.inbox.insert(r)) inserted.push({ eventId: r.eventId, id: null });
        } else {
          const id = this.inbox.insertLeased(r, leaseUntil);
          if (id !== null) inserted.push({ eventId: r.eventId, id });
        }
      }
      for (const a of advances) this.cursors.advance(a.locationId, a.stream, a.until, at);
      return inserted;
    });
  }

  /**
   * The rows that were new to the inbox, in the page's order. With `leaseUntil` they are stored already claimed by
   * the caller until then (InboxStore.insertLeased), and each comes back with its id.
   */
  write(rows: readonly NewInboxRow[], advances: readonly CursorAdvance[], at: number, leaseUntil: number | null = null): PageRow[] {
    return this.tx.immediate(rows, advances, at, leaseUntil);
  }
}
