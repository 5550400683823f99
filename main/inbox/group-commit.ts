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
type Outcome = { inserted: boolean; id: number | null } | { error: unknown };

/**
 * Called once the event's row is committed (visible to every connection), before it is durable: see `insert`. `id`:
 * the new row's (null when the event was already stored).
 */
export type OnCommitted = (inserted: boolean, id: number | null) => void;

/** What the webhook receiver stores its events through (this class, or the pipeline store that runs it on the writer thread). */
export interface InboxWriter {
  insert(event: NewInboxRow, onCommitted?: OnCommitted): Promise<boolean>;
}

/** An insert waiting for its group (here, or on its way to the writer thread: pipeline/writer-thread.ts). */
export interface PendingInsert {
  event: NewInboxRow;
  onCommitted: OnCommitted | undefined;
  resolve: (inserted: boolean) => void;
  reject: (err: unknown) => void;
}

function settle(g: PendingInsert, outcome: Outcome): void {
  if ('error' in outcome) g.reject(outcome.error);
  else g.resolve(outcome.inserted);
}

export class InboxGroupCommit implements InboxWriter {
  private pending: PendingInsert[] = [];
  private readonly insertAll;

  private readonly wal: WalSync;

  constructor(
    db: Db,
    private readonly inbox: InboxStore,
    wal?: WalSync,
  ) {
    this.insertAll = db.transaction((events: NewInboxRow[]) => events.map((e) => inbox.add(e)));
    this.wal = wal ?? WalSync.of(db);
  }

  /**
   * Resolves once the row is durable, with false when the event_id was already stored (a redelivery); rejects when it
   * could not be stored. `onCommitted` is called as soon as the row is committed, before the WAL sync: the pipeline
   * may start on the event then, without waiting for the disk. That is safe because the WAL is one ordered log — any
   * write the pipeline makes from the event is committed after the row, so a power cut that loses the row loses those
   * too, and Square, never answered 200, sends the event again. A failed sync after that (500) works the same way:
   * the resent event is a duplicate of a row that is there.
   */
  insert(event: NewInboxRow, onCommitted?: OnCommitted): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (this.pending.push({ event, onCommitted, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const group = this.pending;
    this.pending = [];
    const outcomes = this.commit(group);
    group.forEach((g, i) => {
      const o = outcomes[i]!;
      if (!g.onCommitted || !('inserted' in o)) return;
      try {
        g.onCommitted(o.inserted, o.id);
      } catch {
        // The caller's wake-up failing must not cost the group its sync and answers; callers log their own errors.
      }
    });
    // Acknowledged means on disk: one WAL sync per group (shared by the groups committed while one runs), not per
    // event, is what keeps this affordable in a burst. A sync that fails fails the group: the receiver answers 500
    // and Square sends the events again (they are stored, so those come back as duplicates, answered 200).
    this.wal.sync().then(
      () => group.forEach((g, i) => settle(g, outcomes[i]!)),
      (err: unknown) => group.forEach((g, i) => settle(g, 'error' in outcomes[i]! ? outcomes[i]! : { error: err })),
    );
  }

  private commit(group: PendingInsert[]): Outcome[] {
    try {
      return this.insertAll(group.map((g) => g.event)).map((id) => ({ inserted: id !== null, id }));
    } catch {
      // One bad row must not fail its neighbours: store them one by one, each with its own outcome.
      return group.map((g) => {
        try {
          const id = this.inbox.add(g.event);
          return { inserted: id !== null, id };
        } catch (error) {
          return { error };
        }
      });
    }
  }
}
