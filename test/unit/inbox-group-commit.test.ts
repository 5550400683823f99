import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/platform/db/open';
import type { NewInboxRow } from '../../main/inbox/inbox-row';
import { inboxRow } from '../support/inbox-rows';
import { InboxStore } from '../../main/inbox/inbox-store';
import { InboxGroupCommit } from '../../main/inbox/group-commit';
import { tempDir } from '../support/temp-app';
import { close as fsClose, fdatasync as fsFdatasync, open as fsOpen } from 'node:fs';
import { WalSync, type SyncIo } from '../../main/platform/db/wal-sync';

const event = inboxRow;

describe('receiver group commit', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const setup = () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = openDatabase(dir);
    const other = new Database(db.name, { readonly: true });
    const count = () => other.prepare('SELECT count(*) FROM webhook_inbox').pluck().get() as number;
    return { db, other, count, group: new InboxGroupCommit(db, new InboxStore(db)) };
  };

  it('answers each insert only once its row is committed (visible to another connection)', async () => {
    const { db, other, count, group } = setup();
    const seen: number[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => group.insert(event(`e${i}`)).then(() => seen.push(count()))));
    expect(seen).toHaveLength(50);
    expect(Math.min(...seen)).toBe(50); // every caller saw all 50 rows: committed together, before any answer
    other.close();
    db.close();
  });

  it('reports a redelivery in the same group as a duplicate and stores one row', async () => {
    const { db, other, count, group } = setup();
    const results = await Promise.all([group.insert(event('same')), group.insert(event('same')), group.insert(event('other'))]);
    expect(results).toEqual([true, false, true]);
    expect(count()).toBe(2);
    expect(await group.insert(event('same'))).toBe(false); // and in a later group
    other.close();
    db.close();
  });

  it('a row the database refuses fails alone; its neighbours are stored', async () => {
    const { db, other, count, group } = setup();
    const bad = event('bad', { source: 'carrier-pigeon' as NewInboxRow['source'] }); // violates the CHECK
    const results = await Promise.allSettled([group.insert(event('a')), group.insert(bad), group.insert(event('b'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/CHECK constraint/);
    expect(count()).toBe(2);
    other.close();
    db.close();
  });

  it('answers only after a WAL sync that began after its commit, and keeps the connection at NORMAL', async () => {
    const { db, other, count } = setup();
    const { io, syncs, release } = gatedIo(count);
    const group = new InboxGroupCommit(db, new InboxStore(db), WalSync.of(db, io));
    let answered = 0;
    const first = Promise.all([group.insert(event('a')), group.insert(event('b'))]).then(() => (answered += 2));
    await expect.poll(() => syncs.length).toBe(1);
    expect(count()).toBe(2); // committed (another connection sees the rows) …
    expect(syncs[0]!.rowsCommitted).toBe(2); // … before its sync started
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(0); // … but not answered until the sync is done
    release();
    await first;
    expect(answered).toBe(2);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL: the pipeline's commits stay cheap
    other.close();
    db.close();

  });

  it('tells each caller its row is committed before the WAL sync ends, so the pipeline need not wait for the disk', async () => {
    const { db, other, count } = setup();
    const { io, syncs, release } = gatedIo(count);
    const group = new InboxGroupCommit(db, new InboxStore(db), WalSync.of(db, io));
    const committed: { id: string; inserted: boolean; rowsVisible: number }[] = [];
    const told = (id: string) => (inserted: boolean) => committed.push({ id, inserted, rowsVisible: count() });
    const bad = event('bad', { source: 'carrier-pigeon' as NewInboxRow['source'] });
    const answers = Promise.allSettled([
      group.insert(event('a'), told('a')),
      group.insert(event('a'), told('a again')),
      group.insert(bad, told('bad')),
      group.insert(event('b'), told('b')),
    ]);
    await expect.poll(() => syncs.length).toBe(1);
    // Committed and told while the sync is still held: new rows true, the redelivery false, the refused row not at all.
    expect(committed).toEqual([
      { id: 'a', inserted: true, rowsVisible: 2 },
      { id: 'a again', inserted: false, rowsVisible: 2 },
      { id: 'b', inserted: true, rowsVisible: 2 },
    ]);
    let settled = false;
    void answers.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false); // the answers themselves still wait for the disk
    release();
    expect((await answers).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    other.close();
    db.close();
  });

  it('a caller whose commit callback throws still gets its answer, and so does the rest of its group', async () => {
    const { db, other, count, group } = setup();
    const results = await Promise.all([
      group.insert(event('x'), () => {
        throw new Error('wake-up failed');
      }),
      group.insert(event('y')),
    ]);
    expect(results).toEqual([true, true]);
    expect(count()).toBe(2);
    other.close();
    db.close();
  });

  it('a failed WAL sync fails the group (the receiver answers 500 and Square sends them again)', async () => {
    const { db, other } = setup();
    const failing: SyncIo = {
      open: fsOpen,
      close: fsClose,
      fdatasync: ((_fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => cb(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))) as SyncIo['fdatasync'],
    };
    const group = new InboxGroupCommit(db, new InboxStore(db), WalSync.of(db, failing));
    const results = await Promise.allSettled([group.insert(event('x')), group.insert(event('y'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/EIO/);
    other.close();
    db.close();
  });
});

/** Real fdatasyncs held until release(), each recording how many rows were committed when it began. */
function gatedIo(count: () => number): { io: SyncIo; syncs: { rowsCommitted: number }[]; release: () => void } {
  const syncs: { rowsCommitted: number }[] = [];
  let open = false;
  const waiting: (() => void)[] = [];
  const io: SyncIo = {
    open: fsOpen,
    close: fsClose,
    fdatasync: ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      syncs.push({ rowsCommitted: count() });
      const go = () => fsFdatasync(fd, cb);
      if (open) go();
      else waiting.push(go);
    }) as SyncIo['fdatasync'],
  };
  return { io, syncs, release: () => ((open = true), waiting.splice(0).forEach((go) => go())) };
}
