import { durably } from '../platform/db/durable';
import type { Db } from '../platform/db/open';
import type { NewInboxRow } from './inbox-row';
import type { InboxStore } from './inbox-store';

/**
 * Group commit for the webhook receiver: the events of every request that reaches the insert in the same turn of the
 * event loop are committed in ONE transaction, and each request is answered only after that commit — the same
 * durability as one commit per request, at a fraction of the cost in a burst (one WAL commit and shared index pages
 * instead of one each). At a shop's pace a group is one event and this costs one setImmediate. Each group's commit is
 * durable against a power cut (synchronous=FULL), since the answer tells Square never to send the event again.
 */
export class InboxGroupCommit {
  private pending: { event: NewInboxRow; resolve: (inserted: boolean) => void; reject: (err: unknown) => void }[] = [];
  private readonly insertAll;

  constructor(
    private readonly db: Db,
    private readonly inbox: InboxStore,
  ) {
    this.insertAll = db.transaction((events: NewInboxRow[]) => events.map((e) => inbox.insert(e)));
  }

  /** Resolves with false when the event_id was already stored (a redelivery); rejects when it could not be stored. */
  insert(event: NewInboxRow): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (this.pending.push({ event, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const group = this.pending;
    this.pending = [];
    // Acknowledged means on disk: each group's commit fsyncs the WAL (platform/db/durable.ts). One fsync per group,
    // not per event, is what keeps this affordable in a burst.
    durably(this.db, () => this.commit(group));
  }

  private commit(group: typeof this.pending): void {
    try {
      const inserted = this.insertAll(group.map((g) => g.event));
      group.forEach((g, i) => g.resolve(inserted[i]!));
    } catch {
      // One bad row must not fail its neighbours: store them one by one, each with its own outcome.
      for (const g of group) {
        try {
          g.resolve(this.inbox.insert(g.event));
        } catch (err) {
          g.reject(err);
        }
      }
    }
  }
}
