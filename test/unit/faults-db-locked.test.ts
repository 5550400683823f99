import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/contract';
import { DB_FILE_NAME } from '../../main/platform/db/open';
import { expectIntact } from '../support/faults';
import { expectOwnerError } from '../support/owner-words';
import { deliver, inboxStates, invoiceRows, startConnectedApp, startShop, type Shop, type TestApp } from '../support/pipeline-harness';

// Fault suite: another program (a backup tool, a second copy of the app, sqlite3 in a terminal) holds the database's
// write lock longer than the busy timeout. The receiver must answer 5xx — never 200 — so Square delivers again; the
// worker must not crash and must retry later; an owner's action must fail with a sentence in words. Once the lock
// is released everything proceeds and nothing acknowledged is lost.

const FAST = { retryBaseMs: 20, retryMaxMs: 100, pollMs: 20, leaseMs: 500, policy: { halfOpenAfterMs: 150, timeoutMs: 1_000, maxRetries: 1, breakAfter: 50 } };

let shop: Shop;
let app: TestApp;
let locker: Database.Database;
const acknowledged: string[] = [];

function sale() {
  const s = shop.fake.addSale({ locationId: shop.locationId, lines: [{ name: 'Latte', unitPrice: 450 }], taxes: [{ name: 'Tax', percentage: '7.5' }] });
  return { ...s, event: shop.fake.buildEvent('payment.created', s.payment.id) };
}

async function deliverCounted(event: { event_id: string }): Promise<number> {
  const status = await deliver(app, event);
  if (status === 200) acknowledged.push(event.event_id);
  return status;
}

beforeAll(async () => {
  shop = await startShop();
  app = await startConnectedApp(shop, { pipeline: FAST, sync: { enabled: false } });
  // The app waits 5 s for a lock; a shorter wait here keeps the test quick. What is asserted is what happens once the
  // wait is over, whatever its length.
  app.db.pragma('busy_timeout = 200');
  locker = new Database(join(app.config.dataDir, DB_FILE_NAME));
});
afterAll(async () => {
  if (locker?.inTransaction) locker.exec('ROLLBACK');
  locker?.close();
  await app?.dispose();
  await shop?.fake.close();
});

describe('fault: database locked by another program', () => {
  it('while locked: the receiver answers 5xx, the worker waits without crashing, actions fail in words; after: all proceeds', async () => {
    // Before the lock: one sale invoiced, so there is a draft for the owner to act on.
    const first = sale();
    expect(await deliverCounted(first.event)).toBe(200);
    await expect.poll(() => invoiceRows(app).length, { timeout: 10_000 }).toBe(1);
    const draftId = invoiceRows(app)[0]!.id;
    // And one stored but not yet processed (the worker is paused while it arrives).
    await app.worker.stop();
    const waiting = sale();
    expect(await deliverCounted(waiting.event)).toBe(200);

    locker.exec('BEGIN IMMEDIATE');
    locker.prepare("UPDATE settings SET key = key WHERE 0").run(); // holds the write lock, changes nothing
    try {
      const during = sale();
      const status = await deliverCounted(during.event);
      expect(status, 'a webhook that could not be stored is never acknowledged').toBeGreaterThanOrEqual(500);
      // The worker starts while the lock is held: its claims fail and it keeps polling (an uncaught error would fail
      // this test file).
      app.worker.start();
      await new Promise((r) => setTimeout(r, 600));
      expect(app.db.prepare('SELECT state FROM webhook_inbox WHERE event_id = ?').pluck().get(waiting.event.event_id)).not.toBe('done');

      const approve = await app.dispatch('invoices.approve', { id: draftId });
      expect(approve.ok).toBe(false);
      const error = (approve as { ok: false; error: ApiErrorBody }).error;
      expect(error.code).toBe('unavailable');
      expectOwnerError(error, 'approve while locked');
      expect(error.message).toMatch(/busy|in use/i);
      // The read side keeps working (WAL readers are not blocked by a writer).
      expect((await app.dispatch('invoices.list', {})).ok).toBe(true);

      locker.exec('COMMIT');
      // Square delivers again after the 5xx: now it is stored.
      expect(await deliverCounted(during.event)).toBe(200);
    } finally {
      if (locker.inTransaction) locker.exec('ROLLBACK');
    }

    await expect.poll(() => inboxStates(app), { timeout: 15_000 }).toEqual({ done: 3 });
    expect(await app.dispatch('invoices.approve', { id: draftId })).toMatchObject({ ok: true });
    // Nothing acknowledged was lost: every 200 is one stored, processed event, and each sale has its one invoice.
    const stored = app.db.prepare('SELECT event_id FROM webhook_inbox').pluck().all() as string[];
    expect(stored.sort()).toEqual([...acknowledged].sort());
    expect(invoiceRows(app)).toHaveLength(3);
    expectIntact(app.db);
  });
});
