import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Square } from 'square';
import { packFetched, packOrders, type PackedBatch } from './wire-crossing';
import type { ClaimedRow, NewInboxRow } from '../inbox/inbox-row';
import type { CursorAdvance, PageRow } from '../inbox/sync-page';
import type { CommitOutcome, CommittedEvent } from './batch-committer';
import type { Fetched } from './fetched';
import type { PageOrderOutcome } from './page-orders-committer';
import type { PipelineStore } from './pipeline-store';
import type { OnCommitted, PendingInsert } from '../inbox/group-commit';
import { insertEach, type InsertOutcome } from './insert-each';
import { errorFromData, type ErrorData } from './thread-errors';

// The writer thread (issue 18): one worker thread with its own SQLite connection owns every write of the event path —
// the receiver's durable inserts (group commit, the WAL synced before the answer), the worker's claims, batch commits (Square objects
// stored, conversion, invoice numbering, inbox rows done) and failure marks. The main thread keeps the HTTP
// receiver (read, verify, parse), Square calls and the SDK's parsing, the API and every read. Why this split and not
// another: docs/architecture.md, "The pipeline past one core".

/** What crosses to the thread: an operation and its arguments (structured clone; bigints and shared references kept). */
export type WriterOp =
  | { op: 'inserts'; args: [readonly NewInboxRow[]] }
  | { op: 'page'; args: [readonly NewInboxRow[], readonly CursorAdvance[], number, number | null] }
  | { op: 'claim'; args: [number, number, number] }
  | { op: 'commit'; args: [readonly CommittedEvent[], PackedBatch, number] }
  | { op: 'orders'; args: [PackedBatch, string | null, number] }
  | { op: 'fail'; args: [number, string, number, boolean] }
  | { op: 'postpone'; args: [number, string, number] }
  | { op: 'release'; args: [readonly number[], number] }
  | { op: 'close'; args: [] };

export interface WriterReply {
  id: number;
  value?: unknown;
  error?: ErrorData;
  /**
   * Sent before the answer, for an 'inserts' call: which of its events are committed (the new row's id; false already
   * stored; null not stored) while their WAL sync is still running. The call's answer follows once they are durable.
   */
  committed?: Committed;
}

/** An 'inserts' call's early word, event by event: the new row's id, false (already stored) or null (not stored). */
export type Committed = (number | false | null)[];

export interface WriterThreadOptions {
  dataDir: string;
  nativeBinding?: string;
}

/** How the thread starts: from TypeScript source (tsx, vitest, the bench) or next to the bundled main (Electron). */
function threadSource(): { code: string; eval: true } | { file: URL } {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    // A worker thread does not inherit tsx's (or vitest's) loader: a line of plain JavaScript loads the entry
    // through tsx's API.
    const tsxApi = pathToFileURL(createRequire(self).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    const entry = new URL('./writer-thread-main.ts', self).href;
    return { code: `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`, eval: true };
  }
  return { file: new URL('./writer-thread-main.js', self) };
}

interface Waiting {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  /** An 'inserts' call's early word (WriterReply.committed). */
  committed?: (committed: Committed) => void;
  /** The same call on the fallback store, for calls the thread never started (it failed to start). */
  local?: (s: PipelineStore) => Promise<unknown>;
}

/**
 * The pipeline store on the writer thread. Calls are queued from construction and answered once the thread has its
 * connection. Should the thread fail to start, or die later, calls go to `fallback` (the same writes on the main
 * thread's connection): nothing is lost either way — a call in flight when the thread died is rejected (the receiver
 * answers 500 so Square resends; a batch's leases run out and it is claimed again).
 */
export class ThreadPipelineStore implements PipelineStore {
  /** Resolves when the thread is ready; rejects when it could not start (calls then go to the fallback). */
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private started = false;
  private nextId = 1;
  private broken: Error | null = null;
  private closed = false;
  private readonly exited: Promise<void>;

  constructor(
    options: WriterThreadOptions,
    private readonly fallback: () => PipelineStore,
    private readonly onBroken: (err: Error) => void = () => undefined,
  ) {
    const src = threadSource();
    const workerData = { dataDir: options.dataDir, nativeBinding: options.nativeBinding ?? null };
    this.worker = 'code' in src ? new Worker(src.code, { eval: true, workerData }) : new Worker(src.file, { workerData });
    this.ready = new Promise<void>((resolve, reject) =>
      this.waiting.set(0, {
        resolve: () => {
          this.started = true;
          resolve();
        },
        reject,
      }),
    );
    this.ready.catch(() => undefined);
    this.worker.on('message', (m: WriterReply) => {
      const w = this.waiting.get(m.id);
      if (m.committed) {
        w?.committed?.(m.committed);
        return;
      }
      this.waiting.delete(m.id);
      if (!w) return;
      if (m.error) w.reject(errorFromData(m.error));
      else w.resolve(m.value);
    });
    this.worker.on('error', (err) => this.breakDown(err));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.breakDown(new Error(`the writer thread exited (code ${code})`));
        resolve();
      }),
    );
  }

  private breakDown(err: Error): void {
    if (this.broken) return;
    this.broken = err;
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of waiting) {
      // Before the thread started, nothing it was sent ran: those calls go to the fallback instead. After, a call in
      // flight may or may not have committed: rejected, and its caller's retry path decides (see the class comment).
      if (!this.started && w.local) w.local(this.fallbackStore ??= this.fallback()).then(w.resolve, w.reject);
      else w.reject(err);
    }
    if (!this.closed) this.onBroken(err);
  }

  private fallbackStore: PipelineStore | null = null;

  /** `message` may be a function: a batch is packed for the thread only when it is going there (not to the fallback). */
  private call<T>(
    message: WriterOp | (() => WriterOp),
    local: (s: PipelineStore) => Promise<T>,
    committed?: (committed: Committed) => void,
  ): Promise<T> {
    if (this.broken) return local((this.fallbackStore ??= this.fallback()));
    const op = typeof message === 'function' ? message() : message;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      // The fallback call is only ever made for calls the thread never started (breakDown): once it has, the call's
      // arguments (a batch's or a page's Square objects) are not held here until the answer comes back.
      this.waiting.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        ...(this.started ? {} : { local }),
        ...(committed ? { committed } : {}),
      });
      this.worker.postMessage({ id, ...op });
    });
  }

  /**
   * The receiver's inserts of one turn of the event loop cross in ONE message (and come back in one, after an early
   * word once they are committed): a message each way per webhook cost the main thread more than its HMAC and JSON
   * parse together. On the thread they still join one group commit, each with its own outcome (inbox/group-commit.ts).
   */
  insert(event: NewInboxRow, onCommitted?: OnCommitted): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (this.pendingInserts.push({ event, onCommitted, resolve, reject }) === 1) setImmediate(() => this.flushInserts());
    });
  }

  private pendingInserts: PendingInsert[] = [];

  private flushInserts(): void {
    const group = this.pendingInserts;
    this.pendingInserts = [];
    const events = group.map((g) => g.event);
    const committed = (index: number, inserted: boolean, id: number | null) => group[index]!.onCommitted?.(inserted, id);
    this.call<InsertOutcome[]>(
      { op: 'inserts', args: [events] },
      (s) => insertEach(s, events, committed),
      (flags) => flags.forEach((f, i) => f !== null && committed(i, f !== false, f === false ? null : f)),
    ).then(
      (outcomes) =>
        group.forEach((g, i) => {
          const o = outcomes[i];
          if (o && 'inserted' in o) g.resolve(o.inserted);
          else g.reject(errorFromData(o?.error ?? { name: 'Error', message: 'the writer thread returned no outcome for this event' }));
        }),
      (err: unknown) => group.forEach((g) => g.reject(err)),
    );
  }

  insertPage(rows: readonly NewInboxRow[], advances: readonly CursorAdvance[], at: number, leaseUntil?: number | null): Promise<PageRow[]> {
    // Until the thread has its connection (loading it takes seconds at start), pages are written on the main
    // connection instead of waiting: a backfill started at once reads on meanwhile, and the thread, not started, writes
    // nothing they could wait for.
    if (!this.started && !this.broken) return (this.fallbackStore ??= this.fallback()).insertPage(rows, advances, at, leaseUntil);
    return this.call({ op: 'page', args: [rows, advances, at, leaseUntil ?? null] }, (s) => s.insertPage(rows, advances, at, leaseUntil));
  }

  claim(limit: number, now: number, leaseMs: number): Promise<ClaimedRow[]> {
    return this.call({ op: 'claim', args: [limit, now, leaseMs] }, (s) => s.claim(limit, now, leaseMs));
  }

  async commit(events: readonly CommittedEvent[], fetched: readonly (Fetched | null)[], at: number): Promise<(CommitOutcome | null)[]> {
    const outcomes = await this.call<(CommitOutcome | null)[]>(
      // Only the ids cross: the rest of a claimed row (fed ones still carry their bodies) is not the commit's business.
      () => ({ op: 'commit', args: [events.map(({ id }) => ({ id })), packFetched(fetched), at] }),
      (s) => s.commit(events, fetched, at),
    );
    // Errors cross as data; give them back their Error shape for the worker's failure handling and log.
    return outcomes.map((o) =>
      o && !o.ok && !(o.error instanceof Error) ? { ok: false, error: errorFromData(o.error as ErrorData) } : o,
    );
  }

  commitOrders(orders: readonly Square.Order[], merchantId: string | null, at: number): Promise<PageOrderOutcome[]> {
    // Each order crosses as its JSON text as Square sent it (what is stored), as in commit().
    return this.call(() => ({ op: 'orders', args: [packOrders(orders), merchantId, at] }), (s) => s.commitOrders(orders, merchantId, at));
  }

  fail(id: number, error: string, nextAttemptAt: number, dead: boolean): Promise<void> {
    return this.call({ op: 'fail', args: [id, error, nextAttemptAt, dead] }, (s) => s.fail(id, error, nextAttemptAt, dead));
  }

  postpone(id: number, reason: string, nextAttemptAt: number): Promise<void> {
    return this.call({ op: 'postpone', args: [id, reason, nextAttemptAt] }, (s) => s.postpone(id, reason, nextAttemptAt));
  }

  release(ids: readonly number[], now: number): Promise<void> {
    // Before the thread has started (an app stopping while it still loads), here: close() would drop it unrun.
    if (!this.started && !this.broken) return (this.fallbackStore ??= this.fallback()).release(ids, now);
    return this.call({ op: 'release', args: [ids, now] }, (s) => s.release(ids, now));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.broken && !this.started) {
      // Still loading: it has written nothing, and there is nothing to finish.
      await this.worker.terminate();
      await this.exited;
    } else if (!this.broken) {
      const timeout = setTimeout(() => void this.worker.terminate(), 5_000);
      await this.call({ op: 'close', args: [] }, async () => undefined).catch(() => undefined);
      await this.exited;
      clearTimeout(timeout);
    }
    await this.fallbackStore?.close();
  }
}
