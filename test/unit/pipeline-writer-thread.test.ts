import Database from 'better-sqlite3';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/platform/db/open';
import type { NewInboxRow } from '../../main/inbox/inbox-row';
import { inboxRow } from '../support/inbox-rows';
import { LocalPipelineStore } from '../../main/pipeline/pipeline-store';
import { ThreadPipelineStore } from '../../main/pipeline/writer-thread';
import { tempDir } from '../support/temp-app';

// The writer thread (main/pipeline/writer-thread.ts) owns the event path's writes on its own connection. These tests
// drive it directly and read the results through the main thread's connection (a real SQLite file, as the app has).

const event = inboxRow;

describe('pipeline writer thread', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  const setup = async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const other = new Database(db.name, { readonly: true });
    let fellBack = 0;
    const store = new ThreadPipelineStore({ dataDir: dir }, () => {
      fellBack += 1;
      return new LocalPipelineStore(db);
    });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => { db.close(); }, () => { other.close(); }, () => store.close());
    await store.ready;
    const rows = () => other.prepare('SELECT event_id, state, attempts, last_error FROM webhook_inbox ORDER BY id').all() as {
      event_id: string; state: string; attempts: number; last_error: string | null;
    }[];
    return { db, store, rows, fellBack: () => fellBack };
  };

  it('answers each receiver insert only once its row is committed, reports redeliveries, and fails a refused row alone', async () => {
    const { store, rows, fellBack } = await setup();
    const seen: number[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.insert(event(`e${i}`)).then(() => seen.push(rows().length))));
    expect(Math.min(...seen)).toBe(50); // committed together (one group), before any answer
    expect(await store.insert(event('e7'))).toBe(false);
    // A redelivery in the same turn as the first delivery crosses in the same message: one row, the second says so.
    expect(await Promise.all([store.insert(event('twice')), store.insert(event('twice'))])).toEqual([true, false]);
    const bad = event('bad', { source: 'carrier-pigeon' as NewInboxRow['source'] }); // violates the CHECK
    const results = await Promise.allSettled([store.insert(event('a')), store.insert(bad), store.insert(event('b'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/CHECK constraint/);
    expect(rows()).toHaveLength(53);
    expect(fellBack()).toBe(0);
  });

  it('tells the receiver each row is committed (new, with its id, or a redelivery) before the answer that it is on disk', async () => {
    const { store, rows, db } = await setup();
    const log: string[] = [];
    // The new row's id comes with the word (the receiver hands the worker a sale it stored claimed by it); none for a redelivery.
    const ids: [string, number | null][] = [];
    const insert = (row: NewInboxRow, name: string) =>
      store
        .insert(row, (inserted, id) => {
          log.push(`${name} committed ${inserted} with ${rows().length} rows`);
          ids.push([name, id]);
        })
        .then((inserted) => log.push(`${name} answered ${inserted}`), () => log.push(`${name} refused`));
    await Promise.all([insert(event('c1'), 'c1'), insert(event('c1'), 'c1 again'), insert(event('c2'), 'c2')]);
    await Promise.all([insert(event('bad', { source: 'carrier-pigeon' as NewInboxRow['source'] }), 'bad'), insert(event('c3'), 'c3')]);
    expect(log).toEqual([
      'c1 committed true with 2 rows',
      'c1 again committed false with 2 rows',
      'c2 committed true with 2 rows',
      'c1 answered true',
      'c1 again answered false',
      'c2 answered true',
      'c3 committed true with 3 rows',
      'bad refused',
      'c3 answered true',
    ]);
    const idOf = (eventId: string) => db.prepare('SELECT id FROM webhook_inbox WHERE event_id = ?').pluck().get(eventId) as number;
    expect(ids).toEqual([['c1', idOf('c1')], ['c1 again', null], ['c2', idOf('c2')], ['c3', idOf('c3')]]);
    expect(new Set(ids.map(([, id]) => id)).size).toBe(4);
  });

  it('stores a row already claimed when it comes with a lease: no claim takes it before the lease runs out', async () => {
    const { store, db } = await setup();
    await store.insert(event('live', { state: 'processing', receivedAt: 1_000, leaseUntil: 61_000 }));
    await store.insert(event('waiting', { receivedAt: 1_000 }));
    expect(db.prepare(`SELECT event_id, state, lease_until FROM webhook_inbox ORDER BY id`).all()).toEqual([
      { event_id: 'live', state: 'processing', lease_until: 61_000 },
      { event_id: 'waiting', state: 'pending', lease_until: null },
    ]);
    expect((await store.claim(10, 2_000, 60_000)).map((r) => r.eventId)).toEqual(['waiting']);
    expect(await store.claim(10, 60_000, 60_000)).toEqual([]);
    // Its holder gone (the app stopped or crashed before finishing it): once the lease has run out a claim takes it.
    expect((await store.claim(10, 61_001, 60_000)).map((r) => r.eventId)).toEqual(['live']);
  });

  it('claims with a lease, commits a batch with each event’s outcome, and records failures and postponements', async () => {
    const { store, rows } = await setup();
    for (const id of ['p1', 'p2', 'p3', 'p4', 'p5']) await store.insert(event(id));
    const claimed = await store.claim(10, 5_000, 60_000);
    expect(claimed.map((r) => r.eventId)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(await store.claim(10, 5_000, 60_000)).toEqual([]); // leased: not claimable twice
    const [e1, e2, e3, e4, e5] = claimed;
    const outcomes = await store.commit(
      [e1!, e2!, e3!],
      [{ ignored: true, payments: [], merchantId: 'M1' }, null, { ignored: true, payments: [], merchantId: 'M9', setAside: 'Sent for another Square seller' }],
      6_000,
    );
    expect(outcomes).toEqual([{ ok: true, result: { outcome: 'ignored', invoices: [] } }, null, { ok: true, result: { outcome: 'ignored', invoices: [] } }]);
    await store.fail(e4!.id, 'Square had a problem', 7_000, false);
    await store.postpone(e5!.id, 'Square is unavailable', 8_000);
    await store.fail(e2!.id, 'gave up', 7_000, true);
    expect(rows()).toEqual([
      { event_id: 'p1', state: 'done', attempts: 0, last_error: null },
      { event_id: 'p2', state: 'dead', attempts: 1, last_error: 'gave up' },
      { event_id: 'p3', state: 'ignored', attempts: 0, last_error: 'Sent for another Square seller' },
      { event_id: 'p4', state: 'pending', attempts: 1, last_error: 'Square had a problem' },
      { event_id: 'p5', state: 'pending', attempts: 0, last_error: 'Square is unavailable' },
    ]);
    // A lease that ran out makes a claimed row claimable again (a killed process's batch is redone).
    await store.insert(event('p6'));
    expect((await store.claim(1, 9_000, 10)).map((r) => r.eventId)).toEqual(['p6']);
    expect((await store.claim(1, 9_011, 10)).map((r) => r.eventId)).toEqual(['p6']);
  });

  it('writes a sync page with its cursor in one transaction; stored claimed, its events wait for their lease or a release', async () => {
    const { db, store } = await setup();
    const sync = (id: string) => event(id, { source: 'sync', type: 'order.updated', receivedAt: 10_000 });
    const advance = { locationId: 'backfill:L1', stream: 'orders' as const, until: '2026-01-02T00:00:00Z' };
    // A plain page: rows pending, redeliveries skipped, the cursor moved with them.
    expect(await store.insertPage([sync('a'), sync('b')], [advance], 10_000)).toEqual([{ eventId: 'a', id: null }, { eventId: 'b', id: null }]);
    expect(await store.insertPage([sync('b'), sync('c')], [], 10_000, 70_000)).toEqual([{ eventId: 'c', id: 3 }]);
    expect(db.prepare("SELECT synced_until FROM sync_cursors WHERE location_id = 'backfill:L1'").pluck().get()).toBe('2026-01-02T00:00:00Z');
    // 'c' was stored already claimed until 70,000: no claim takes it before (its caller processes it) …
    expect((await store.claim(10, 20_000, 60_000)).map((r) => r.eventId)).toEqual(['a', 'b']);
    await store.insertPage([sync('d'), sync('e')], [], 10_000, 70_000);
    expect(await store.claim(10, 20_000, 60_000)).toEqual([]);
    // … a release gives back only rows still claimed and makes them due at once, attempts untouched …
    await store.release([4], 20_000);
    expect((await store.claim(10, 20_000, 60_000)).map((r) => [r.eventId, r.attempts])).toEqual([['d', 0]]);
    // … and a lease that ran out (the app crashed before processing it) makes the rest claimable like any other.
    expect((await store.claim(10, 70_001, 60_000)).map((r) => r.eventId)).toEqual(['c', 'e']);
  });

  it('an event that cannot be stored fails alone: its error crosses back, the rest of the batch commits', async () => {
    const { store, rows } = await setup();
    await store.insert(event('ok'));
    await store.insert(event('broken'));
    const [ok, broken] = await store.claim(10, 5_000, 60_000);
    // A payment the store cannot write (no id): only its own savepoint is rolled back.
    const outcomes = await store.commit([ok!, broken!], [{ ignored: true, payments: [], merchantId: 'M1' }, { payments: [{} as never], merchantId: 'M1' }], 6_000);
    expect(outcomes[0]).toEqual({ ok: true, result: { outcome: 'ignored', invoices: [] } });
    expect(outcomes[1]?.ok).toBe(false);
    expect((outcomes[1] as { error: unknown }).error).toBeInstanceOf(Error);
    expect(rows().map((r) => r.state)).toEqual(['done', 'processing']);
  });

  it('falls back to the main thread’s connection when the thread cannot open the database, also for calls sent while it started', async () => {
    const dir = tempDir();
    const db: Db = openDatabase(dir);
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    const broken: Error[] = [];
    const store = new ThreadPipelineStore({ dataDir: notADir }, () => new LocalPipelineStore(db), (err) => broken.push(err));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => { db.close(); }, () => store.close());
    // Sent while the thread was still starting: it never ran there, so it is written by the fallback instead.
    const committed: boolean[] = [];
    const early = store.insert(event('early'), (inserted) => committed.push(inserted));
    await expect(store.ready).rejects.toThrow();
    expect(await early).toBe(true);
    expect(committed).toEqual([true]); // the fallback tells of the commit too
    expect(broken).toHaveLength(1);
    expect(await store.insert(event('x'))).toBe(true);
    expect(db.prepare('SELECT event_id FROM webhook_inbox ORDER BY id').pluck().all()).toEqual(['early', 'x']);
  });
});
