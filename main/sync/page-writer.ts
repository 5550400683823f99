import type { SyncStream } from '../../shared/sync';
import type { Db } from '../db/open';
import { InboxRepo } from '../repo/inbox-repo';
import { SyncCursorRepo } from './cursor-repo';
import type { SyncEvent } from './sync-event';

export interface CursorAdvance {
  locationId: string;
  stream: SyncStream;
  until: string;
}

/**
 * Writes one page read from Square: its events into the inbox (deduped on event_id) and the cursors it covers, in one
 * SQLite transaction. A crash therefore never leaves a cursor past an object that is not in the inbox.
 */
export class SyncPageWriter {
  private readonly inbox: InboxRepo;
  private readonly cursors: SyncCursorRepo;
  private readonly tx;

  constructor(db: Db, private readonly now: () => number) {
    this.inbox = new InboxRepo(db);
    this.cursors = new SyncCursorRepo(db);
    this.tx = db.transaction((merchantId: string, events: SyncEvent[], advances: CursorAdvance[]): number => {
      const receivedAt = this.now();
      let queued = 0;
      for (const e of events) {
        const inserted = this.inbox.insert({
          eventId: e.eventId,
          source: 'sync',
          type: e.type,
          merchantId,
          locationId: e.locationId,
          objectId: e.objectId,
          receivedAt,
          rawBody: e.rawBody,
          state: 'pending',
        });
        if (inserted) queued += 1;
      }
      for (const a of advances) this.cursors.advance(a.locationId, a.stream, a.until, receivedAt);
      return queued;
    });
  }

  /** Returns how many of the events were new to the inbox. */
  commit(merchantId: string, events: SyncEvent[], advances: CursorAdvance[] = []): number {
    return this.tx(merchantId, events, advances);
  }
}
