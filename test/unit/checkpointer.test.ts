import { rmSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SAFETY_AUTOCHECKPOINT_PAGES, startCheckpointer } from '../../main/platform/db/checkpointer';
import { openDatabase, type Db } from '../../main/platform/db/open';
import { tempDir } from '../support/temp-app';

// The background checkpointer must keep the WAL short without the main connection ever checkpointing inside a commit.

const ROW = 'x'.repeat(3000);

/**
 * ~8 MB of commits, one row each, in bursts with idle gaps as webhooks arrive. (SQLite starts the WAL over from its
 * beginning only when a write begins after a checkpoint has copied every frame, i.e. in a gap.)
 */
async function writeMany(db: Db): Promise<void> {
  db.exec('CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
  for (let i = 0; i < 2000; i++) {
    insert.run(ROW);
    // Gaps several times the thread's interval, so a busy CI machine still gives it a turn in most of them.
    if (i % 100 === 99) await sleep(60);
  }
}

describe('background WAL checkpoints', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const open = () => {
    const dir = tempDir();
    dirs.push(dir);
    return openDatabase(dir);
  };

  it('keeps the WAL short from a worker thread while the main connection never checkpoints', async () => {
    const db = open();
    const checkpointer = startCheckpointer(db, { intervalMs: 10 });
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(SAFETY_AUTOCHECKPOINT_PAGES);
      db.pragma('wal_autocheckpoint = 0'); // the main connection never checkpoints: only the thread can keep it short
      await checkpointer.ready; // loading SQLite in a fresh thread takes a moment; the app never waits for it
      await writeMany(db);
    } finally {
      await checkpointer.stop();
    }
    const walBytes = statSync(`${db.name}-wal`).size;
    // ~8 MB were committed (the control below grows the WAL past 6 MB); with the thread checkpointing in the gaps the
    // WAL is reused from its start again and again and stays at a fraction of that.
    expect(walBytes).toBeLessThan(4 * 1024 * 1024);
    expect((db.prepare('SELECT count(*) AS n FROM filler').get() as { n: number }).n).toBe(2000);
    db.close();
  });

  it('without it, the same writes grow the WAL (the control for the test above)', async () => {
    const db = open();
    db.pragma('wal_autocheckpoint = 0');
    await writeMany(db);
    expect(statSync(`${db.name}-wal`).size).toBeGreaterThan(6 * 1024 * 1024);
    db.close();
  });

  it('stops cleanly and leaves a database other connections can open and read', async () => {
    const db = open();
    const checkpointer = startCheckpointer(db, { intervalMs: 10 });
    db.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept')");
    await checkpointer.stop();
    await checkpointer.stop(); // twice is harmless (app.stop may race with a test's cleanup)
    const file = db.name;
    db.close();
    const again = openDatabase(file.slice(0, file.lastIndexOf('/')));
    expect(again.prepare('SELECT v FROM t').pluck().get()).toBe('kept');
    again.close();
  });
});
