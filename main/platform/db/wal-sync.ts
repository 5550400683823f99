import { close, fdatasync, open } from 'node:fs';
import type { Db } from './open';

/** The file calls a sync makes (node:fs; a parameter so tests can count and hold real ones). */
export interface SyncIo {
  open: typeof open;
  fdatasync: typeof fdatasync;
  close: typeof close;
}

const NODE_FS: SyncIo = { open, fdatasync, close };

/**
 * Makes what a WAL connection has committed durable against a power cut without holding that connection up: an
 * fdatasync of the `-wal` file on libuv's thread pool, after the commit. SQLite's synchronous=FULL fsyncs inside
 * the commit instead, and the thread that commits — the pipeline's writer thread, which also makes every invoice —
 * then sat in the kernel for each fsync (2–15 ms here, three waits: data, inode, device flush) with every other write
 * queued behind it; at 500 sales/s that was most of the thread's time off the CPU (docs/benchmarks.md, "Issue
 * 18's targets, 2026-12-02 04:56 and 05:12 UTC").
 *
 * Same guarantee: the commit's frames are in the `-wal` file (SQLite wrote them before its commit returned) and an
 * fdatasync of any descriptor of a file flushes all of its written data, so once `sync()` resolves a power cut can no
 * longer lose them; recovery replays the WAL. Frames a checkpoint has already copied are safe either way: with
 * synchronous=NORMAL SQLite syncs the WAL before a checkpoint and the database file after it, and only then may the
 * WAL start over.
 *
 * Group sync: a call arriving while a sync is running waits for the next one (the running one may have started before
 * its commit was written); every call arriving meanwhile shares that next one.
 */
export class WalSync {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  /** `walPath` null: nothing to sync (an in-memory database). */
  constructor(
    private readonly walPath: string | null,
    private readonly io: SyncIo = NODE_FS,
  ) {}

  static of(db: Db, io: SyncIo = NODE_FS): WalSync {
    if (db.memory) return new WalSync(null, io);
    const mode = db.pragma('journal_mode', { simple: true }) as string;
    if (mode !== 'wal') throw new Error(`WalSync needs a WAL database, this one journals with ${mode}`);
    return new WalSync(`${db.name}-wal`, io);
  }

  /** Resolves once everything this process committed to the database before the call is on disk. */
  sync(): Promise<void> {
    if (this.walPath === null) return Promise.resolve();
    if (this.queued) return this.queued;
    if (!this.running) return this.start(this.walPath);
    const after = this.running.then(
      () => undefined,
      () => undefined,
    );
    const queued = after.then(() => {
      this.queued = null;
      return this.start(this.walPath!);
    });
    this.queued = queued;
    return queued;
  }

  private start(path: string): Promise<void> {
    // Opened for each sync rather than kept: nothing to close when the database is, and a file SQLite made anew
    // is never missed. One open and close cost microseconds against the sync's milliseconds.
    const run = new Promise<void>((resolve, reject) => {
      this.io.open(path, 'r+', (openErr, fd) => {
        if (openErr) return reject(openErr);
        this.io.fdatasync(fd, (syncErr) => this.io.close(fd, () => (syncErr ? reject(syncErr) : resolve())));
      });
    });
    this.running = run;
    const clear = () => {
      if (this.running === run) this.running = null;
    };
    run.then(clear, clear);
    return run;
  }
}
