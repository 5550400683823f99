import type { SyncStream } from '../../../shared/sync';
import type { Db } from '../../platform/db/open';
import { toInboxRow } from '../../inbox/envelope';
import { InboxStore } from '../../inbox/inbox-store';
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
  private readonly inbox: InboxStore;
  private readonly cursors: SyncCursorRepo;
  private readonly tx;

  constructor(db: Db, private readonly now: () => number) {
    this.inbox = new InboxStore(db);
    this.cursors = new SyncCursorRepo(db);
    this.tx = db.transaction((events: SyncEvent[], advances: CursorAdvance[], inserted?: string[]): number => {
      const receivedAt = this.now();
      let queued = 0;
      for (const e of events) {
        if (this.inbox.insert(toInboxRow(e.envelope, e.rawBody, { source: 'sync', receivedAt }))) {
          queued += 1;
          inserted?.push(e.envelope.event_id);
        }
      }
      for (const a of advances) this.cursors.advance(a.locationId, a.stream, a.until, receivedAt);
      return queued;
    });
  }

  /** Returns how many of the events were new to the inbox; their event ids are appended to `inserted`, if given. */
  commit(events: SyncEvent[], advances: CursorAdvance[] = [], inserted?: string[]): number {
    return this.tx(events, advances, inserted);
  }
}
