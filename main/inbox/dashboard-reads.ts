import type { Db } from '../platform/db/open';

// The dashboard's read of the inbox (InboxStore stays its one writer): failed events, from the state index
// (webhook_inbox_ready starts with state), never a scan of the whole inbox.

export interface FailedEvents {
  count: number;
  /** The newest dead event's id: grows when another event fails, so a notice about it can be told apart. */
  newestId: number | null;
}

export class InboxDashboardReads {
  private readonly dead;

  constructor(db: Db) {
    this.dead = db.prepare(`SELECT count(*) AS count, max(id) AS newestId FROM webhook_inbox WHERE state = 'dead'`);
  }

  failed(): FailedEvents {
    return this.dead.get() as FailedEvents;
  }
}
