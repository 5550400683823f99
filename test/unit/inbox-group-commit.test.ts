import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/platform/db/open';
import type { NewInboxRow } from '../../main/inbox/inbox-row';
import { inboxRow } from '../support/inbox-rows';
import { InboxStore } from '../../main/inbox/inbox-store';
import { InboxGroupCommit } from '../../main/inbox/group-commit';
import { tempDir } from '../support/temp-app';

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

  it('commits acknowledged events with synchronous=FULL (fsynced WAL) and leaves the connection at NORMAL for the rest', async () => {
    const { db } = setup();
    const store = new InboxStore(db);
    const seenDuringInsert: number[] = [];
    const insert = store.insert.bind(store);
    store.insert = (e) => { seenDuringInsert.push(db.pragma('synchronous', { simple: true }) as number); return insert(e); };
    const group = new InboxGroupCommit(db, store);
    await Promise.all([group.insert(event('a')), group.insert(event('b'))]);
    expect(seenDuringInsert).toEqual([2, 2]); // FULL
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL again: the pipeline's commits stay cheap
  });
});
