import { close, fdatasync, open, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase } from '../../main/platform/db/open';
import { WalSync, type SyncIo } from '../../main/platform/db/wal-sync';
import { tempDir } from '../support/temp-app';

// WalSync (main/platform/db/wal-sync.ts): real fdatasyncs of a real database's -wal file, counted and held so the
// group rule can be seen: a call made while a sync runs gets the next one, and everyone waiting shares it.

function countingIo(): { io: SyncIo; paths: string[]; started: () => number; releaseAll: () => void } {
  const paths: string[] = [];
  const held: (() => void)[] = [];
  let started = 0;
  const io: SyncIo = {
    open: ((path: string, flags: string, cb: (err: NodeJS.ErrnoException | null, fd: number) => void) => {
      paths.push(path);
      open(path, flags, cb);
    }) as SyncIo['open'],
    close,
    fdatasync: ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      started += 1;
      held.push(() => fdatasync(fd, cb));
    }) as SyncIo['fdatasync'],
  };
  return { io, paths, started: () => started, releaseAll: () => held.splice(0).forEach((go) => go()) };
}

describe('syncing the WAL after a commit', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const db = () => {
    const dir = tempDir();
    dirs.push(dir);
    const d = openDatabase(dir);
    d.exec('CREATE TABLE t (x INTEGER)');
    return d;
  };

  it('syncs the -wal file of the database', async () => {
    const d = db();
    d.prepare('INSERT INTO t VALUES (1)').run();
    const c = countingIo();
    const wal = WalSync.of(d, c.io);
    const done = wal.sync();
    await expect.poll(() => c.started()).toBe(1);
    c.releaseAll();
    await done;
    expect(c.paths).toEqual([`${d.name}-wal`]);
    d.close();
  });

  it('a call during a running sync waits for the next one, which every such call shares', async () => {
    const d = db();
    const c = countingIo();
    const wal = WalSync.of(d, c.io);
    const order: string[] = [];
    const first = wal.sync().then(() => order.push('first'));
    await expect.poll(() => c.started()).toBe(1);
    // Committed after the first sync began: the first cannot be trusted to cover these.
    const later = [wal.sync(), wal.sync(), wal.sync()].map((p, i) => p.then(() => order.push(`later${i}`)));
    c.releaseAll();
    await first;
    await expect.poll(() => c.started()).toBe(2); // one more sync for the three, started after the first ended
    expect(order).toEqual(['first']);
    c.releaseAll();
    await Promise.all(later);
    expect(order).toEqual(['first', 'later0', 'later1', 'later2']);
    expect(c.started()).toBe(2);
    d.close();
  });

  it('an in-memory database has nothing to sync; a database not in WAL mode is refused', async () => {
    const mem = new Database(':memory:');
    await expect(WalSync.of(mem).sync()).resolves.toBeUndefined();
    mem.close();
    const dir = tempDir();
    dirs.push(dir);
    const rollback = new Database(`${dir}/plain.sqlite`);
    expect(() => WalSync.of(rollback)).toThrow(/needs a WAL database/);
    rollback.close();
  });

  it('a sync that fails is reported to its callers, and the next call tries again', async () => {
    const d = db();
    let fail = true;
    const io: SyncIo = {
      open,
      close,
      fdatasync: ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) =>
        fail ? cb(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })) : fdatasync(fd, cb)) as SyncIo['fdatasync'],
    };
    const wal = WalSync.of(d, io);
    await expect(wal.sync()).rejects.toThrow(/EIO/);
    fail = false;
    await expect(wal.sync()).resolves.toBeUndefined();
    d.close();
  });
});
