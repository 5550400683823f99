import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionsRepo } from '../../main/square/connections-repo';
import { backfillSettled } from '../../shared/sync';
import { buildOrder, type RecordedCall } from '../fakes/fake-square/index';
import { deliver, inboxStates, startConnectedApp, startShop, type Shop, type TestApp } from '../support/pipeline-harness';
import type { TempAppOptions } from '../support/temp-app';

// Backfill through SearchOrders (issue 18): COMPLETED orders by closed_at, 1,000 whole orders a call, windows read side
// by side within Square's pace; each order invoiced from its own tenders unless only its payments can decide. Real
// SDK against the fake Square, real SQLite, real pipeline.

let shop: Shop;
const apps: TestApp[] = [];

beforeEach(async () => {
  shop = await startShop();
});
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose().catch(() => undefined);
  await shop.fake.close();
});

async function startApp(options: TempAppOptions = {}): Promise<TestApp> {
  const app = await startConnectedApp(shop, { pipeline: { pollMs: 20 }, ...options, sync: { enabled: false, ...options.sync } });
  apps.push(app);
  return app;
}

/** Backfills the range and waits until every queued event is dealt with; returns the final progress. */
async function backfill(app: TestApp, from: string, to: string) {
  app.sync.backfill({ from, to });
  await app.sync.backfillSettled();
  await expect.poll(() => backfillSettled(app.sync.status().backfill!), { timeout: 20_000, interval: 50 }).toBe(true);
  await app.worker.idle();
  return app.sync.status().backfill!;
}

/** Everything an invoice says about money, dates and status, by source key (ids, numbers and stamps left out). */
function documents(app: TestApp) {
  const rows = app.db
    .prepare(
      `SELECT i.source_key, i.kind, i.status, i.review_reason, i.currency, i.issue_date, i.issued_at, i.line_extension_minor,
              i.tax_exclusive_minor, i.tax_total_minor, i.tax_inclusive_minor, i.tip_minor, i.rounding_minor, i.payable_minor,
              i.location_id, i.source_order_id, i.source_payment_id, i.source_refund_id, i.source_version,
              (SELECT json_group_array(json_array(l.name, l.quantity, l.gross_minor, l.discount_minor, l.tax_minor, l.total_minor))
                 FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines
         FROM invoices i ORDER BY i.source_key`,
    )
    .all() as Record<string, unknown>[];
  return new Map(rows.map((r) => [r.source_key as string, r]));
}

const searches = (calls: RecordedCall[]) => calls.filter((c) => c.method === 'POST' && c.path === '/v2/orders/search');
const searchBody = (c: RecordedCall) =>
  c.body as { location_ids: string[]; limit: number; cursor?: string; return_entries?: boolean; query: { filter: { state_filter: { states: string[] }; date_time_filter: { closed_at: { start_at: string; end_at: string } } }; sort: { sort_field: string; sort_order: string } } };

describe('backfill through SearchOrders', () => {
  it('invoices each sale from its order alone, to the minor unit the same as through its payments; refunds and undecided tenders fetched', async () => {
    const loc = shop.locationId;
    const at = (day: number, h: number) => `2025-03-0${day}T${String(h).padStart(2, '0')}:00:00.000Z`;
    const sales = [
      shop.fake.addSale({ locationId: loc, createdAt: at(2, 9), lines: [{ name: 'Latte', unitPrice: 450, quantity: 2 }, { name: 'Bagel', unitPrice: 300 }], taxes: [{ name: 'VAT', percentage: '7.5' }] }),
      shop.fake.addSale({ locationId: loc, createdAt: at(2, 12), lines: [{ name: 'Suya', unitPrice: 1999 }], taxes: [{ name: 'VAT', percentage: '7.5' }], tip: 250 }),
      shop.fake.addSale({ locationId: loc, createdAt: at(3, 10), sourceType: 'CASH', lines: [{ name: 'Rice', unitPrice: 333, quantity: 3 }], discounts: [{ name: 'Promo', percentage: 10 }], taxes: [{ name: 'VAT', percentage: '7.5' }] }),
      shop.fake.addSale({ locationId: loc, createdAt: at(4, 23), lines: [{ name: 'Late', unitPrice: 1001 }] }),
    ];
    // A tender the order alone cannot settle (an external payment: its state is only on the payment).
    const external = shop.fake.addSale({ locationId: loc, createdAt: at(3, 15), sourceType: 'EXTERNAL', lines: [{ name: 'Gift', unitPrice: 5000 }] });
    const refund = shop.fake.addRefund({ paymentId: sales[0]!.payment.id, amount: 300, updatedAt: at(4, 8) });
    // Outside the range: the day before, and midnight after the last day.
    shop.fake.addSale({ locationId: loc, createdAt: '2025-03-01T23:59:59.999Z', lines: [{ name: 'Before', unitPrice: 100 }] });
    shop.fake.addSale({ locationId: loc, createdAt: '2025-03-05T00:00:00.000Z', lines: [{ name: 'After', unitPrice: 100 }] });
    // Paid but not completed (a pickup not collected yet): still a sale; an unpaid open order is not.
    const paidOpen = shop.fake.addSale({ locationId: loc, createdAt: at(3, 11), state: 'OPEN', lines: [{ name: 'Pickup', unitPrice: 100 }] });
    shop.fake.putOrder({ ...buildOrder({ locationId: loc, currency: 'USD', state: 'OPEN', createdAt: at(3, 12), lines: [{ name: 'Cart', unitPrice: 100 }] }) });

    const viaOrders = await startApp();
    // One of the sales already came by webhook: the backfill must not make it a second invoice.
    expect(await deliver(viaOrders, shop.fake.buildEvent('payment.created', sales[1]!.payment.id))).toBe(200);
    await expect.poll(() => documents(viaOrders).size, { timeout: 10_000 }).toBe(1);
    shop.fake.clearCalls();

    const progress = await backfill(viaOrders, '2025-03-02', '2025-03-04');
    expect(progress).toMatchObject({ state: 'done', read: 7, failed: 0, remaining: 0, readFraction: 1 });
    expect(inboxStates(viaOrders)).toEqual({ done: 4 });
    // Sales whose tenders settle them were invoiced straight from their page: only what needs Square again became an
    // event (the external tender, the open order, the refund), besides the webhook.
    const synced = viaOrders.db.prepare("SELECT object_id FROM webhook_inbox WHERE source = 'sync'").pluck().all();
    expect(new Set(synced)).toEqual(new Set([external.order.id, paidOpen.order.id, refund.id]));

    // Square was asked for whole COMPLETED orders by closed_at, oldest first, 1,000 a page; nothing per sale.
    const calls = [...shop.fake.calls];
    const asked = searches(calls).filter((c) => searchBody(c).query.filter.state_filter.states[0] === 'COMPLETED');
    expect(asked.length).toBeGreaterThanOrEqual(1);
    const open = searches(calls).filter((c) => searchBody(c).query.filter.state_filter.states[0] === 'OPEN').map(searchBody);
    expect(open.map((b) => b.query.sort)).toEqual([{ sort_field: 'CREATED_AT', sort_order: 'ASC' }]);
    for (const c of asked) {
      const b = searchBody(c);
      expect(b).toMatchObject({ location_ids: [loc], limit: 1000, return_entries: false });
      expect(b.query.filter.state_filter.states).toEqual(['COMPLETED']);
      expect(b.query.sort).toEqual({ sort_field: 'CLOSED_AT', sort_order: 'ASC' });
    }
    const windows = asked.map((c) => searchBody(c).query.filter.date_time_filter.closed_at);
    expect(windows[0]!.start_at <= '2025-03-02T00:00:00.000Z').toBe(true);
    expect(windows.some((w) => w.end_at === '2025-03-05T00:00:00.000Z')).toBe(true);
    // Orders fetched again only for the refund (its sale, for the credit note).
    const batches = calls.filter((c) => c.path === '/v2/orders/batch-retrieve').flatMap((c) => (c.body as { order_ids: string[] }).order_ids);
    expect(new Set(batches)).toEqual(new Set([sales[0]!.order.id]));
    // Payments fetched only where the order cannot decide: the external tender's, the open order's, and the refunded
    // one's (credit note).
    const paymentGets = calls.filter((c) => c.method === 'GET' && c.path.startsWith('/v2/payments/')).map((c) => c.path.split('/').pop());
    expect(new Set(paymentGets)).toEqual(new Set([external.payment.id, paidOpen.payment.id, sales[0]!.payment.id]));

    // The same range through the payments path, into a second app: the same documents to the minor unit.
    const viaPayments = await startApp({ sync: { backfillVia: 'payments' } });
    await backfill(viaPayments, '2025-03-02', '2025-03-04');
    const a = documents(viaOrders);
    const b = documents(viaPayments);
    expect([...a.keys()].sort()).toEqual(
      [...sales, external, paidOpen].map((s) => `order:${s.order.id}`).concat(`refund:${refund.id}`).sort(),
    );
    expect(a).toEqual(b);
    expect(a.get(`order:${sales[1]!.order.id}`)).toMatchObject({ tip_minor: 250, status: 'draft' });
    expect(a.get(`refund:${refund.id}`)).toMatchObject({ kind: 'credit_note', payable_minor: 300 });
  });

  it('a sale naming a customer not stored here goes through the event path, which fetches the customer for the buyer', async () => {
    const ada = shop.fake.putCustomer(shop.merchantId, { given_name: 'Ada', family_name: 'Okafor' });
    const named = shop.fake.addSale({ locationId: shop.locationId, createdAt: '2025-04-02T09:00:00.000Z', customerId: ada.id, lines: [{ name: 'Suya', unitPrice: 1500 }] });
    const walkIn = shop.fake.addSale({ locationId: shop.locationId, createdAt: '2025-04-02T10:00:00.000Z', lines: [{ name: 'Zobo', unitPrice: 500 }] });
    const app = await startApp();
    const progress = await backfill(app, '2025-04-02', '2025-04-02');
    expect(progress).toMatchObject({ state: 'done', read: 2, queued: 2, invoiced: 2, failed: 0, remaining: 0 });
    const buyers = app.db.prepare('SELECT source_key, buyer_name FROM invoices ORDER BY source_key').all();
    expect(buyers).toEqual([
      { source_key: `order:${named.order.id}`, buyer_name: 'Ada Okafor' },
      { source_key: `order:${walkIn.order.id}`, buyer_name: null },
    ].sort((a, b) => (a.source_key < b.source_key ? -1 : 1)));
    // Only the named sale became an event; the walk-in sale was invoiced from its page.
    expect(app.db.prepare("SELECT object_id, state FROM webhook_inbox WHERE source = 'sync'").all()).toEqual([{ object_id: named.order.id, state: 'done' }]);
    expect(shop.fake.calls.filter((c) => c.path === `/v2/customers/${ada.id}`)).toHaveLength(1);
  });

  it('a location unticked while the backfill reads: its sales are set aside with the reason, not invoiced from the page', async () => {
    const kiosk = shop.fake.addLocation({ merchant_id: shop.merchantId, name: 'Airport Kiosk', currency: 'USD', country: 'US', timezone: 'America/New_York' });
    const app = await startApp();
    expect((await app.dispatch('square.locations.refresh', {})).ok).toBe(true);
    expect((await app.dispatch('square.locations.select', { locationIds: [shop.locationId, kiosk.id] })).ok).toBe(true);
    const at = (h: number) => `2025-05-02T${String(h).padStart(2, '0')}:00:00.000Z`;
    const mine = [9, 10, 11].map((h) => shop.fake.addSale({ locationId: shop.locationId, createdAt: at(h), lines: [{ name: 'Puff puff', unitPrice: 300 }] }));
    const theirs = [12, 13].map((h) => shop.fake.addSale({ locationId: kiosk.id, createdAt: at(h), lines: [{ name: 'Bottled water', unitPrice: 200 }] }));
    // Every page takes 150 ms, so the owner's change lands before the first one is read.
    shop.fake.setPace({ latencyMs: 150 });
    app.sync.backfill({ from: '2025-05-02', to: '2025-05-02' });
    expect((await app.dispatch('square.locations.select', { locationIds: [shop.locationId] })).ok).toBe(true);
    await app.sync.backfillSettled();
    await expect.poll(() => backfillSettled(app.sync.status().backfill!), { timeout: 20_000, interval: 50 }).toBe(true);
    await app.worker.idle();

    expect(new Set(app.db.prepare('SELECT source_key FROM invoices').pluck().all())).toEqual(new Set(mine.map((m) => `order:${m.order.id}`)));
    const kioskRows = app.db.prepare('SELECT object_id, state, last_error FROM webhook_inbox WHERE location_id = ?').all(kiosk.id) as { object_id: string; state: string; last_error: string }[];
    expect(new Set(kioskRows.map((r) => r.object_id))).toEqual(new Set(theirs.map((t) => t.order.id)));
    for (const r of kioskRows) {
      expect(r.state).toBe('ignored');
      expect(r.last_error).toMatch(/^From Airport Kiosk, a location not ticked for invoicing/);
    }
  });

  it('reads several windows side by side, pages each by cursor, and splits more than 10 locations', async () => {
    // 12 more locations, all selected: SearchOrders takes 10 a call.
    const extra = Array.from({ length: 12 }, (_, i) =>
      shop.fake.addLocation({ merchant_id: shop.merchantId, name: `Branch ${i}`, currency: 'USD', country: 'US', timezone: 'UTC' }),
    );
    const app = await startApp({ sync: { backfillPace: { inFlight: 3, callsPerSecond: 1000 } } });
    new ConnectionsRepo(app.db).saveLocations(shop.merchantId, [shop.fake.getLocation(shop.locationId)!, ...extra].map((l) => ({
      id: l.id, name: l.name ?? l.id, currency: 'USD', country: 'US', timezone: 'UTC', status: 'ACTIVE', raw: l,
    })));
    const all = [shop.locationId, ...extra.map((l) => l.id)];
    const orderIds: string[] = [];
    // 2,400 sales at the first location on one day (3 pages in that window), one at each branch on each of 3 days.
    for (let i = 0; i < 2_400; i++) {
      const createdAt = new Date(Date.parse('2025-05-02T00:00:00Z') + i * 30_000).toISOString();
      orderIds.push(shop.fake.addSale({ locationId: shop.locationId, createdAt, lines: [{ name: 'Bun', unitPrice: 100 + (i % 7) }] }).order.id);
    }
    for (const l of extra) {
      for (const day of [1, 2, 3]) orderIds.push(shop.fake.addSale({ locationId: l.id, createdAt: `2025-05-0${day}T10:00:00.000Z`, lines: [{ name: 'Tea', unitPrice: 200 }] }).order.id);
    }
    shop.fake.clearCalls();

    const progress = await backfill(app, '2025-05-01', '2025-05-03');
    expect(progress).toMatchObject({ state: 'done', read: orderIds.length, queued: orderIds.length, invoiced: orderIds.length, failed: 0 });
    const keys = (app.db.prepare("SELECT source_key FROM invoices ORDER BY source_key").pluck().all() as string[]);
    expect(keys).toEqual(orderIds.map((id) => `order:${id}`).sort());

    const asked = searches(shop.fake.calls).map(searchBody);
    // Two location groups (10 + 3) × 3 day slices, each read to its end; the first location's busy day took 3 pages.
    expect(asked.every((b) => b.location_ids.length <= 10)).toBe(true);
    expect(new Set(asked.flatMap((b) => b.location_ids))).toEqual(new Set(all));
    const completed = asked.filter((b) => b.query.filter.state_filter.states[0] === 'COMPLETED');
    const queries = new Set(completed.map((b) => `${b.location_ids.join(',')}|${b.query.filter.date_time_filter.closed_at.start_at}`));
    expect(queries.size).toBe(6);
    expect(completed.filter((b) => b.cursor).length).toBe(2);
    // Plus one query per group for paid orders not completed yet: 10 calls for 2,436 sales, where the payments path
    // makes 2 per 100.
    expect(asked.length).toBe(10);
    // A finished backfill forgets its windows' positions; catch-up cursors untouched.
    expect(app.db.prepare("SELECT count(*) FROM sync_cursors").pluck().get()).toBe(0);
  });

  it('waits as long as a 429 Retry-After asks, then goes on; under a rate limit it still reads everything', async () => {
    for (let i = 0; i < 30; i++) shop.fake.addSale({ locationId: shop.locationId, createdAt: `2025-06-${String(1 + (i % 6)).padStart(2, '0')}T12:00:00.000Z`, lines: [{ name: 'Item', unitPrice: 700 }] });
    shop.fake.injectFault({ route: '/v2/orders/search', status: 429, retryAfterSeconds: 1, times: 1 });
    const app = await startApp({ sync: { backfillPace: { inFlight: 4, callsPerSecond: 1000 } } });
    shop.fake.clearCalls();
    const progress = await backfill(app, '2025-06-01', '2025-06-06');
    expect(progress).toMatchObject({ state: 'done', read: 30, invoiced: 30, error: null });
    const asked = searches(shop.fake.calls);
    const limited = asked.find((c) => c.status === 429)!;
    expect(limited).toBeDefined();
    // No Square call started during the second Square asked for (the hold is for every page, not the one refused;
    // calls already sent when the 429 came may still arrive just after it).
    const during = shop.fake.calls.filter((c) => c.at > limited.at + 200 && c.at < limited.at + 950);
    expect(during).toHaveLength(0);
    const sameQuery = (c: RecordedCall) => JSON.stringify(searchBody(c).query) === JSON.stringify(searchBody(limited).query) && !searchBody(c).cursor;
    const retried = asked.find((c) => c !== limited && sameQuery(c))!;
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(1000);
    expect(asked.filter((c) => c.status === 200)).toHaveLength(7); // 6 day windows + the open orders' query

    // Square's own rate limit (2 calls a second) against an app allowing itself more: 429s, every sale still read once.
    shop.fake.setPace({ callsPerSecond: 2, retryAfterSeconds: 1 });
    shop.fake.resetCallCounts();
    const again = await backfill(app, '2025-06-01', '2025-06-06');
    expect(again).toMatchObject({ state: 'done', read: 30, queued: 0, error: null });
    expect(shop.fake.callCounts().rateLimited).toBeGreaterThan(0);
    expect(app.db.prepare('SELECT count(*) FROM invoices').pluck().get()).toBe(30);
  });

  it('a backfill stopped mid-way (the app quits) goes on from each window where it was when started again: no loss, no duplicate, no gap', async () => {
    const orderIds: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      const createdAt = new Date(Date.parse('2025-07-01T00:00:00Z') + i * 57_000).toISOString(); // two days, 1,500 a day
      orderIds.push(shop.fake.addSale({ locationId: shop.locationId, createdAt, lines: [{ name: 'Chin chin', unitPrice: 150 + (i % 11) }] }).order.id);
    }
    shop.fake.setPace({ latencyMs: 150 });
    const first = await startApp({ sync: { backfillPace: { inFlight: 2, callsPerSecond: 1000 } } });
    first.sync.backfill({ from: '2025-07-01', to: '2025-07-02' });
    // Quit once some pages are in, before the reading ends.
    await expect.poll(() => first.sync.status().backfill!.read, { timeout: 10_000, interval: 5 }).toBeGreaterThan(0);
    expect(first.sync.status().backfill!.state).toBe('running');
    const { dataDir, keychainService } = first.config;
    await first.dispose({ keep: true });
    apps.splice(apps.indexOf(first), 1);

    const second = await startApp({ dataDir, keychainService: keychainService!, sync: { backfillPace: { inFlight: 2, callsPerSecond: 1000 } } });
    const positions = second.db.prepare("SELECT location_id, synced_until FROM sync_cursors WHERE location_id LIKE 'backfill:%'").all();
    expect(positions.length).toBeGreaterThan(0);
    shop.fake.clearCalls();
    const progress = await backfill(second, '2025-07-01', '2025-07-02');
    expect(progress).toMatchObject({ state: 'done', failed: 0 });
    // Windows that had read pages started again from their position, not from their beginning.
    expect(progress.read).toBeLessThan(orderIds.length);
    const invoices = second.db.prepare('SELECT source_key, number FROM invoices ORDER BY number').all() as { source_key: string; number: string }[];
    expect(invoices.map((r) => r.source_key).sort()).toEqual(orderIds.map((id) => `order:${id}`).sort());
    expect(invoices.map((r) => r.number)).toEqual(Array.from({ length: orderIds.length }, (_, i) => `INV${String(i + 1).padStart(6, '0')}`));
    // Every sale was invoiced from its page (cash and captured cards): none is left waiting in the inbox.
    expect(Object.keys(inboxStates(second)).filter((state) => state !== 'done')).toEqual([]);
  });
});
