import type { Db } from '../platform/db/open';
import { InboxGroupCommit, type InboxWriter, type OnCommitted } from '../inbox/group-commit';
import type { ClaimedRow, NewInboxRow } from '../inbox/inbox-row';
import { InboxStore } from '../inbox/inbox-store';
import { SyncPageInsert, type CursorAdvance, type PageRow } from '../inbox/sync-page';
import type { Square } from 'square';
import { BatchCommitter, type CommitOutcome, type CommittedEvent } from './batch-committer';
import type { Fetched } from './fetched';
import { PageOrdersCommitter, type PageOrderOutcome } from './page-orders-committer';

/**
 * Every write of the event path — the receiver's inserts, the worker's claims, batch commits and failure marks —
 * behind one asynchronous seam, so they can run on the main thread (LocalPipelineStore) or all on one writer thread
 * with its own connection (pipeline/writer-thread.ts). One owner of these writes means they never wait for each
 * other's SQLite write lock (better-sqlite3 waits for it synchronously, blocking that thread's event loop).
 */
export interface PipelineStore extends InboxWriter {
  /**
   * The receiver's durable insert (group commit; the WAL synced before it resolves). False: the event_id was already
   * stored. `onCommitted` as soon as the row is committed, before the sync (inbox/group-commit.ts says why that is safe).
   */
  insert(event: NewInboxRow, onCommitted?: OnCommitted): Promise<boolean>;
  /**
   * A page read by catch-up or backfill: its rows (deduped on event_id) and the cursors it moves, in one transaction
   * (inbox/sync-page.ts). Resolves with the rows that were new to the inbox; with `leaseUntil` they are stored
   * already claimed by the caller until then, and come back with their ids.
   */
  insertPage(rows: readonly NewInboxRow[], advances: readonly CursorAdvance[], at: number, leaseUntil?: number | null): Promise<PageRow[]>;
  claim(limit: number, now: number, leaseMs: number): Promise<ClaimedRow[]>;
  /** One transaction for the batch; `fetched[i]` null = that event's fetch failed (not written; its outcome is null). */
  commit(events: readonly CommittedEvent[], fetched: readonly (Fetched | null)[], at: number): Promise<(CommitOutcome | null)[]>;
  /**
   * A backfill page's orders whose tenders settle the sale, invoiced without inbox rows, in one transaction
   * (pipeline/page-orders-committer.ts); those it leaves (ok: false) go to the inbox with the page's cursor advance.
   */
  commitOrders(orders: readonly Square.Order[], merchantId: string | null, at: number): Promise<PageOrderOutcome[]>;
  fail(id: number, error: string, nextAttemptAt: number, dead: boolean): Promise<void>;
  postpone(id: number, reason: string, nextAttemptAt: number): Promise<void>;
  /** Claimed events given back unprocessed, due at `now` (InboxStore.release). */
  release(ids: readonly number[], now: number): Promise<void>;
  close(): Promise<void>;
}

/** The writes on the calling thread's own connection (the layout before the writer thread; also used inside it). */
export class LocalPipelineStore implements PipelineStore {
  private readonly inbox: InboxStore;
  private readonly group: InboxGroupCommit;
  private readonly committer: BatchCommitter;
  private readonly page: SyncPageInsert;
  private readonly pageOrders: PageOrdersCommitter;

  constructor(db: Db) {
    this.inbox = new InboxStore(db);
    this.page = new SyncPageInsert(db);
    this.group = new InboxGroupCommit(db, this.inbox);
    this.committer = new BatchCommitter(db, this.inbox);
    this.pageOrders = new PageOrdersCommitter(db, this.committer);
  }

  insert(event: NewInboxRow, onCommitted?: OnCommitted): Promise<boolean> {
    return this.group.insert(event, onCommitted);
  }

  async insertPage(rows: readonly NewInboxRow[], advances: readonly CursorAdvance[], at: number, leaseUntil?: number | null): Promise<PageRow[]> {
    return this.page.write(rows, advances, at, leaseUntil ?? null);
  }

  async claim(limit: number, now: number, leaseMs: number): Promise<ClaimedRow[]> {
    return this.inbox.claim(limit, now, leaseMs);
  }

  async commit(events: readonly CommittedEvent[], fetched: readonly (Fetched | null)[], at: number): Promise<(CommitOutcome | null)[]> {
    return this.committer.commit(events, fetched, at);
  }

  async commitOrders(orders: readonly Square.Order[], merchantId: string | null, at: number): Promise<PageOrderOutcome[]> {
    return this.pageOrders.commit(orders, merchantId, at);
  }

  async fail(id: number, error: string, nextAttemptAt: number, dead: boolean): Promise<void> {
    this.inbox.fail(id, error, nextAttemptAt, dead);
  }

  async postpone(id: number, reason: string, nextAttemptAt: number): Promise<void> {
    this.inbox.postpone(id, reason, nextAttemptAt);
  }

  async release(ids: readonly number[], now: number): Promise<void> {
    this.inbox.release(ids, now);
  }

  async close(): Promise<void> {
    // The connection belongs to the caller.
  }
}
