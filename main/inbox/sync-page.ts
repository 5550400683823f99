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
    this.tx = db.transaction((rows: readonly NewInboxRow[], advances: readonly CursorAdvance[], at: number): string[] => {
      const inserted: string[] = [];
      for (const r of rows) if (this.inbox.insert(r)) inserted.push(r.eventId);
      for (const a of advances) this.cursors.advance(a.locationId, a.stream, a.until, at);
      return inserted;
    });
  }

  /** The event ids that were new to the inbox, in the rows' order. */
  write(rows: readonly NewInboxRow[], advances: readonly CursorAdvance[], at: number): string[] {
    return this.tx.immediate(rows, advances, at);
  }
}
