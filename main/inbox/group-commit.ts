import { WalSync } from '../platform/db/wal-sync';
import type { Db } from '../platform/db/open';
import type { NewInboxRow } from './inbox-row';
import type { InboxStore } from './inbox-store';

/**
 * Group commit for the webhook receiver: the events of every request that reaches the insert in the same turn of the
 * event loop are committed in ONE transaction, and each request is answered only after that commit — the same
 * durability as one commit per request, at a fraction of the cost in a burst (one WAL commit and shared index pages
 * instead of one each). At a shop's pace a group is one event and this costs one setImmediate. Each group is answered
 * only once its commit is durable against a power cut, since the answer tells Square never to send the event again:
 * the WAL is synced after the commit, off this thread (platform/db/wal-sync.ts), so the connection's other writes
 * (the pipeline's) are not held up meanwhile.
 */
type Outcome = { inserted: boolean } | { error: unknown };

function settle(g: { resolve: (inserted: boolean) => void; reject: (err: unknown) => void }, outcome: Outcome): void {
  if ('error' in outcome) g.reject(outcome.error);
  else g.resolve(outcome.inserted);
}

export class InboxGroupCommit {
  private pending: { event: NewInboxRow; resolve: (inserted: boolean) => void; reject: (err: unknown) => void }[] = [];
  private readonly insertAll;

  private readonly wal: WalSync;

  constructor(
    db: Db,
    private readonly inbox: InboxStore,
    wal?: WalSync,
  ) {
    this.insertAll = db.transaction((events: NewInboxRow[]) => events.map((e) => inbox.insert(e)));
    this.wal = wal ?? WalSync.of(db);
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
    const outcomes = this.commit(group);
    // Acknowledged means on disk: one WAL sync per group (shared by the groups committed while one runs), not per
    // event, is what keeps this affordable in a burst. A sync that fails fails the group: the receiver answers 500
    // and Square sends the events again (they are stored, so those come back as duplicates, answered 200).
    this.wal.sync().then(
      () => group.forEach((g, i) => settle(g, outcomes[i]!)),
      (err: unknown) => group.forEach((g, i) => settle(g, 'error' in outcomes[i]! ? outcomes[i]! : { error: err })),
    );
  }

  private commit(group: typeof this.pending): Outcome[] {
    try {
      return this.insertAll(group.map((g) => g.event)).map((inserted) => ({ inserted }));
    } catch {
      // One bad row must not fail its neighbours: store them one by one, each with its own outcome.
      return group.map((g) => {
        try {
          return { inserted: this.inbox.insert(g.event) };
        } catch (error) {
          return { error };
        }
      });
    }
  }
}
