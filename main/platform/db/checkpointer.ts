import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './open';

// WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside whichever commit pushes the WAL past
// its threshold: on the main thread, that commit then copies ~4 MB into the database and fsyncs twice (11–25 ms on the
// machines we measured), blocking the webhook receiver and the pipeline — it set their p99. A second connection in a
// worker thread runs PASSIVE checkpoints instead (they never block or wait for the writer; SQLite allows a checkpoint
// beside a writing connection in WAL mode). The main connection keeps a larger automatic threshold, for two reasons:
// a safety net should this thread stop or fall behind, and restarting the WAL. SQLite starts the WAL file over only
// when a write begins after a checkpoint copied every frame — under sustained writes the thread never catches the
// tail, so the file would grow instead of being reused, and appending to a growing file on ext4 stalled the main
// thread behind the checkpoint's fsync (0.3–1 s at 1000 events/s with a 10,000-page threshold). At 2,000 pages the
// main connection's own checkpoint finds almost every frame already copied (no fsync when there is nothing to copy),
// and the WAL restarts every ~8 MB.

/** Pages in the WAL before the main connection checkpoints by itself (4 KiB pages: ~8 MB). */
export const SAFETY_AUTOCHECKPOINT_PAGES = 2_000;
/**
 * The same for the pipeline's writer thread (pipeline/writer-thread-main.ts), which makes the bulk of the writes. Under
 * sustained writes this thread never catches the WAL's tail, so the file grows until the writer's own checkpoint,
 * which copies the last frames and fsyncs the database file inline — 8–10 ms on the thread every sale waits for. At
 * 2,000 pages a backfill (~6,000 pages a second) did that several times a second (100,000-order backfill: 32.1 s at
 * 2,000, 26.9–29.0 s at 10,000), and at 10,000 webhooks at 500/s (~30 pages a sale in commits of 1–3) still did every
 * ~0.6 s: 6–7 commits of 8–20 ms in every 500/s step, the stalls behind its p99. 50,000 pages (~200 MB of WAL at most,
 * reused once it restarts) leaves 0–3 (docs/benchmarks.md, "The writer's own checkpoint").
 */
export const WRITER_AUTOCHECKPOINT_PAGES = 50_000;

export interface CheckpointerOptions {
  intervalMs?: number;
  nativeBinding?: string;
  onError?: (message: string) => void;
}

export interface Checkpointer {
  /** Resolves once the thread has its connection open (it starts checkpointing from then on). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

// Plain CommonJS so the thread needs no bundling or TypeScript loader, whether the app runs from tsx, vitest or the
// Electron bundle. It exits when its parent says stop (or dies with the process).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('busy_timeout = 1000');
parentPort.postMessage({ ready: true });
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/** Starts checkpointing `db`'s file from a worker thread; a file-less (in-memory) database needs none. */
export function startCheckpointer(db: Db, options: CheckpointerOptions = {}): Checkpointer {
  if (db.memory || db.pragma('journal_mode', { simple: true }) !== 'wal') return { ready: Promise.resolve(), stop: async () => undefined };
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      modulePath: createRequire(import.meta.url).resolve('better-sqlite3'),
      file: db.name,
      nativeBinding: options.nativeBinding ?? null,
      intervalMs: options.intervalMs ?? 200,
    },
  });
  worker.unref();
  db.pragma(`wal_autocheckpoint = ${SAFETY_AUTOCHECKPOINT_PAGES}`);
  let failed = false;
  let markReady = (): void => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  worker.on('message', (m: { error?: string; ready?: boolean }) => {
    if (m.ready) markReady();
    if (m.error) options.onError?.(`background checkpoint failed: ${m.error}`);
  });
  const fallBack = (why: string) => {
    if (failed) return;
    failed = true;
    // Back to SQLite's own automatic checkpoints on the main thread: slower tails, but correct.
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
    options.onError?.(why);
  };
  worker.on('error', (err) => fallBack(`background checkpoint thread failed: ${err.message}`));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      markReady(); // nobody waits forever on a thread that is gone
      resolve();
    }),
  );
  return {
    ready,
    async stop() {
      failed = true;
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
