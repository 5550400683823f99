import type { Square } from 'square';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backfillSettled, type SyncStatus } from '../../shared/sync';
import { InboxStore } from '../../main/inbox/inbox-store';
import { ApiError } from '../../shared/contract';
import { ConnectionsRepo } from '../../main/square/connections-repo';
import { SquarePosConnector } from '../../main/square/pos-connector';
import { TokenVault } from '../../main/square/token-vault';
import { SquareHistorySource } from '../../main/intake/sync/history-source';
import { SyncService, type SyncDeps } from '../../main/intake/sync/sync-service';
import { throttle } from '../../main/intake/sync/throttle';
import { toWire } from '../../main/square/wire';
import { stringifyBigintJson } from '../../main/platform/bigint-json';
import { envelopeSchema } from '../../main/inbox/envelope';
import { ALL_SCOPES, DEFAULT_APP, startFakeSquare, type FakeSquare, type WireLocation } from '../fakes/fake-square/index';
import { createTempApp } from '../support/temp-app';

// Catch-up sync and backfill against the fake Square through the real SDK, with a real SQLite file and the real
// keychain. The app is "connected" the way a finished OAuth flow leaves it: tokens in the keychain, the connection and
// its locations in SQLite.

const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const LINES = [{ name: 'Jollof rice', unitPrice: 2500 }];

type TempApp = ReturnType<typeof createTempApp>;

interface InboxRow {
  event_id: string;
  source: string;
  type: string;
  merchant_id: string | null;
  location_id: string | null;
  object_id: string | null;
  state: string;
  raw_body: string;
}

let fake: FakeSquare;
let app: TempApp;
let merchantId: string;
let high: WireLocation;
let airport: WireLocation;
let closed: WireLocation; // not selected for invoicing
let services: SyncService[];

function newApp(): TempApp {
  return createTempApp('headless', {
    square: { applicationId: DEFAULT_APP.clientId, environment: 'sandbox', baseUrl: fake.url, maxRetries: 0, timeoutInSeconds: 10 },
  });
}

/** What a completed sign-in leaves behind: tokens in the keychain, the connection and locations in SQLite. */
async function connect(target: TempApp, locations: WireLocation[], selected: string[]): Promise<void> {
  const t = fake.grantTokens({ merchantId });
  await new TokenVault(target.secrets).save(merchantId, {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    accessTokenExpiresAt: t.expires_at,
    refreshTokenExpiresAt: t.refresh_token_expires_at,
    obtainedAt: Date.now(),
  });
  const repo = new ConnectionsRepo(target.db);
  repo.upsertConnected({
    merchantId,
    merchantName: 'Ada Stores',
    environment: 'custom',
    scopes: ALL_SCOPES,
    accessTokenExpiresAt: t.expires_at,
    refreshTokenExpiresAt: t.refresh_token_expires_at,
  });
  repo.saveLocations(
    merchantId,
    locations.map((l) => ({ id: l.id, name: l.name ?? l.id, currency: l.currency ?? 'GBP', country: l.country ?? null, timezone: null, status: 'ACTIVE', raw: l })),
  );
  expect(repo.selectLocations(merchantId, selected)).toEqual([]);
}

function newSync(overrides: Partial<SyncDeps> = {}, target: TempApp = app): SyncService {
  const sync = new SyncService({
    db: target.db,
    bus: target.bus,
    log: target.log,
    connection: target.square,
    connector: new SquarePosConnector(target.square),
    ...overrides,
  });
  services.push(sync);
  return sync;
}

function inbox(target: TempApp = app): InboxRow[] {
  return target.db.prepare('SELECT * FROM webhook_inbox ORDER BY id').all() as InboxRow[];
}

function cursorOf(status: SyncStatus, locationId: string, stream: string): string | undefined {
  return status.cursors.find((c) => c.locationId === locationId && c.stream === stream)?.syncedUntil;
}

/** Calls the fake received for ListPayments at one location. */
function paymentListCalls(locationId: string) {
  return fake.callsTo('/v2/payments', 'GET').filter((c) => c.path === '/v2/payments' && c.query.location_id === locationId);
}

beforeEach(async () => {
  fake = await startFakeSquare();
  merchantId = fake.addMerchant({ business_name: 'Ada Stores', country: 'GB', currency: 'GBP' }).id;
  high = fake.addLocation({ name: 'High Street' });
  airport = fake.addLocation({ name: 'Airport Kiosk' });
  closed = fake.addLocation({ name: 'Old Branch' });
  services = [];
  app = newApp();
  await connect(app, [high, airport, closed], [high.id, airport.id]);
});

afterEach(async () => {
  for (const s of services) await s.stop();
  await app.dispose();
  await fake.close();
});

describe('catch-up sync', () => {
  it('queues exactly one inbox row per object changed while offline, shaped like the webhook, skipping unselected locations', async () => {
    const recent = fake.addSale({ locationId: high.id, lines: LINES, createdAt: ago(5 * HOUR), updatedAt: ago(1000) });
    // An offline POS sale: made 70 h ago, reached Square just now.
    const lateOffline = fake.addSale({ locationId: high.id, lines: LINES, createdAt: ago(70 * HOUR), updatedAt: ago(500) });
    const other = fake.addSale({ locationId: airport.id, lines: LINES, createdAt: ago(2 * HOUR), updatedAt: ago(2 * HOUR) });
    fake.addSale({ locationId: closed.id, lines: LINES, createdAt: ago(HOUR), updatedAt: ago(HOUR) });
    // Last changed before the overlap window: history, for backfill, not for a first catch-up.
    fake.addSale({ locationId: high.id, lines: LINES, createdAt: ago(100 * HOUR), updatedAt: ago(100 * HOUR) });

    const sync = newSync();
    const status = await sync.runCatchUp();
    expect(status).toMatchObject({ running: false, lastError: null, lastRunQueued: 6, backfill: null });

    const rows = inbox();
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.source === 'sync' && r.state === 'pending' && r.merchant_id === merchantId)).toBe(true);
    const byObject = new Map(rows.map((r) => [r.object_id, r]));
    for (const sale of [recent, lateOffline, other]) {
      expect(byObject.get(sale.payment.id)).toMatchObject({ type: 'payment.updated', location_id: sale.payment.location_id });
      expect(byObject.get(sale.order.id)).toMatchObject({ type: 'order.updated', location_id: sale.order.location_id });
    }
    expect(rows.some((r) => r.location_id === closed.id)).toBe(false);

    // The raw body is what a webhook for the same object carries (the receiver's own schema accepts it).
    const paymentRow = byObject.get(lateOffline.payment.id)!;
    const body = JSON.parse(paymentRow.raw_body) as Record<string, unknown>;
    expect(envelopeSchema.safeParse(body).success).toBe(true);
    const webhook = JSON.parse(stringifyBigintJson(fake.buildEvent('payment.updated', lateOffline.payment.id))) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(Object.keys(webhook));
    expect(body).toMatchObject({
      merchant_id: merchantId,
      location_id: high.id,
      type: 'payment.updated',
      event_id: `sync:payment:${lateOffline.payment.id}:${lateOffline.payment.updated_at}`,
      data: { type: 'payment', id: lateOffline.payment.id },
    });
    expect((body.data as { object: unknown }).object).toEqual((webhook.data as { object: unknown }).object);
    expect(Date.parse(body.created_at as string)).toBeGreaterThan(Date.now() - 60_000);

    const orderBody = JSON.parse(byObject.get(other.order.id)!.raw_body) as {
      event_id: string; type: string; data: { type: string; id: string; object: { order_updated: unknown; order: unknown } };
    };
    const orderWebhook = fake.buildEvent('order.updated', other.order.id);
    expect(envelopeSchema.safeParse(orderBody).success).toBe(true);
    expect(orderBody.event_id).toBe(`sync:order:${other.order.id}:1`);
    expect(orderBody.data.type).toBe(orderWebhook.data.type); // 'order_updated', as Square sends it
    expect(orderBody.data.object.order_updated).toEqual(orderWebhook.data.object!.order_updated);
    expect(orderBody.data.object.order).toEqual(fake.getOrder(other.order.id)); // the full order, exact wire JSON
  });

  it('is idempotent over the overlap window; a newer payment or order version is a new event', async () => {
    const sale = fake.addSale({ locationId: airport.id, lines: LINES, createdAt: ago(3 * HOUR), updatedAt: ago(3 * HOUR) });
    const sync = newSync();
    expect((await sync.runCatchUp()).lastRunQueued).toBe(2);
    expect((await sync.runCatchUp()).lastRunQueued).toBe(0);
    expect(inbox()).toHaveLength(2);

    // A refund changes the payment (refunded_money, updated_at) and adds a refund.
    const refund = fake.addRefund({ paymentId: sale.payment.id, amount: 1000, reason: 'Cold', updatedAt: ago(60_000) });
    fake.putOrder({ ...fake.getOrder(sale.order.id)!, reference_id: 'amended' }, { updatedAt: ago(30_000) });
    const status = await sync.runCatchUp();
    expect(status.lastRunQueued).toBe(3);
    const payment = fake.getPayment(sale.payment.id)!;
    expect(inbox().map((r) => r.event_id)).toEqual([
      `sync:payment:${sale.payment.id}:${sale.payment.updated_at}`,
      `sync:order:${sale.order.id}:1`,
      `sync:payment:${sale.payment.id}:${payment.updated_at}`,
      `sync:refund:${refund.id}:${refund.updated_at}`,
      `sync:order:${sale.order.id}:2`,
    ]);
    const refundRow = inbox().find((r) => r.type === 'refund.updated')!;
    expect(JSON.parse(refundRow.raw_body)).toMatchObject({
      type: 'refund.updated',
      location_id: airport.id,
      data: { type: 'refund', id: refund.id, object: { refund: { id: refund.id, payment_id: sale.payment.id, amount_money: { amount: 1000, currency: 'GBP' }, reason: 'Cold' } } },
    });
    expect((await sync.runCatchUp()).lastRunQueued).toBe(0);
  });

  it('advances cursors to the newest updated_at per location and stream, persists them, and reads from cursor − overlap', async () => {
    fake.addSale({ locationId: high.id, lines: LINES, updatedAt: ago(3 * HOUR) });
    const a2 = fake.addSale({ locationId: high.id, lines: LINES, updatedAt: ago(2 * HOUR) });
    const b1 = fake.addSale({ locationId: airport.id, lines: LINES, updatedAt: ago(HOUR) });
    fake.addSale({ locationId: closed.id, lines: LINES, updatedAt: ago(HOUR) });
    const sync = newSync();
    const before = Date.now();
    const status = await sync.runCatchUp();
    expect(cursorOf(status, high.id, 'payments')).toBe(a2.payment.updated_at);
    expect(cursorOf(status, high.id, 'orders')).toBe(a2.order.updated_at);
    expect(cursorOf(status, airport.id, 'payments')).toBe(b1.payment.updated_at);
    expect(cursorOf(status, high.id, 'refunds')).toBeUndefined(); // nothing seen yet: no position to keep
    expect(status.cursors.some((c) => c.locationId === closed.id)).toBe(false);
    // First run: since now − 72 h.
    const first = Date.parse(paymentListCalls(high.id)[0]!.query.updated_at_begin_time!);
    expect(first).toBeGreaterThanOrEqual(before - 72 * HOUR - 1000);
    expect(first).toBeLessThanOrEqual(Date.now() - 72 * HOUR);

    // A new service over the same database (an app restart) starts from the stored cursors.
    await sync.stop();
    fake.clearCalls();
    const restarted = newSync({ overlapMs: HOUR });
    expect(restarted.status().cursors).toEqual(status.cursors);
    await restarted.runCatchUp();
    const since = paymentListCalls(high.id)[0]!.query.updated_at_begin_time!;
    expect(Date.parse(since)).toBe(Date.parse(a2.payment.updated_at!) - HOUR);
    const orderSearch = fake.callsTo('/v2/orders/search')[0]!.body as { location_ids: string[]; query: { filter: { date_time_filter: { updated_at: { start_at: string } } } } };
    // One SearchOrders serves both locations, from the earlier of their positions.
    expect(orderSearch.location_ids.sort()).toEqual([high.id, airport.id].sort());
    expect(Date.parse(orderSearch.query.filter.date_time_filter.updated_at.start_at)).toBe(Date.parse(a2.order.updated_at!) - HOUR);
  });

  it('follows cursors across pages: 250 payments → 3 ListPayments pages', async () => {
    for (let i = 0; i < 250; i++) {
      fake.addSale({ locationId: high.id, lines: LINES, updatedAt: ago(10 * HOUR - i * 1000) });
    }
    const sync = newSync();
    const status = await sync.runCatchUp();
    expect(status.lastError).toBeNull();
    expect(status.lastRunQueued).toBe(500); // 250 payments + 250 orders (SearchOrders pages by 1000)
    expect(paymentListCalls(high.id)).toHaveLength(3);
    expect(paymentListCalls(high.id).map((c) => Boolean(c.query.cursor))).toEqual([false, true, true]);
    const rows = inbox();
    expect(rows.filter((r) => r.type === 'payment.updated')).toHaveLength(250);
    expect(new Set(rows.map((r) => r.object_id)).size).toBe(500);
    expect(Date.parse(cursorOf(status, high.id, 'payments')!)).toBe(
      Math.max(...rows.filter((r) => r.type === 'payment.updated').map((r) => Date.parse((JSON.parse(r.raw_body) as { data: { object: { payment: { updated_at: string } } } }).data.object.payment.updated_at))),
    );
  });

  it('reads SearchOrders for at most 10 locations a call', async () => {
    const many = Array.from({ length: 12 }, (_, i) => fake.addLocation({ name: `Stall ${i}` }));
    for (const l of many) fake.addSale({ locationId: l.id, lines: LINES, updatedAt: ago(HOUR) });
    const other = newApp();
    try {
      await connect(other, many, many.map((l) => l.id));
      const sync = newSync({}, other);
      const status = await sync.runCatchUp();
      expect(status.lastRunQueued).toBe(24);
      const searches = fake.callsTo('/v2/orders/search').map((c) => (c.body as { location_ids: string[] }).location_ids);
      expect(searches.map((ids) => ids.length)).toEqual([10, 2]);
      expect(new Set(searches.flat())).toEqual(new Set(many.map((l) => l.id)));
      expect(many.every((l) => cursorOf(status, l.id, 'orders'))).toBe(true);
      await sync.stop();
    } finally {
      await other.dispose();
    }
  });

  it.each([500, 429])('a %i mid-run leaves lastError and no cursor past missing data; the next run completes', async (statusCode) => {
    for (let i = 0; i < 250; i++) {
      fake.addSale({ locationId: high.id, lines: LINES, updatedAt: ago(10 * HOUR - i * 1000) });
    }
    // The fault hits the second ListPayments page at the first location.
    class FaultAfterFirstPage extends SquarePosConnector {
      armed = true;
      override async listPaymentsUpdatedSince(locationId: string, sinceIso: string, cursor?: string) {
        const page = await super.listPaymentsUpdatedSince(locationId, sinceIso, cursor);
        if (this.armed && locationId === high.id) {
          this.armed = false;
          fake.injectFault({ route: '/v2/payments', method: 'GET', status: statusCode, ...(statusCode === 429 ? { retryAfterSeconds: 1 } : {}) });
        }
        return page;
      }
    }
    const sync = newSync({ connector: new FaultAfterFirstPage(app.square) });
    const failed = await sync.runCatchUp();
    expect(failed.lastError).toMatch(statusCode === 429 ? /payments of location .*RATE_LIMITED/ : /payments of location .*INTERNAL_SERVER_ERROR/);
    expect(failed.lastRunQueued).toBe(100);
    const stored = inbox();
    expect(stored).toHaveLength(100);
    const storedIds = new Set(stored.map((r) => r.object_id));
    const missing = [...fake.state.payments.values()].filter((p) => !storedIds.has(p.id));
    expect(missing).toHaveLength(150);
    const cursor = Date.parse(cursorOf(failed, high.id, 'payments')!);
    expect(cursor).toBeLessThanOrEqual(Math.min(...missing.map((p) => Date.parse(p.updated_at!))));
    // An unreachable/overloaded Square stops the pass: nothing else was read, no other cursor moved.
    expect(failed.cursors).toHaveLength(1);
    expect(fake.calls.at(-1)).toMatchObject({ path: '/v2/payments', status: statusCode, query: { location_id: high.id } });
    expect(fake.callsTo('/v2/refunds')).toHaveLength(0);
    expect(fake.callsTo('/v2/orders')).toHaveLength(0);

    const recovered = await sync.runCatchUp();
    expect(recovered.lastError).toBeNull();
    expect(recovered.lastRunQueued).toBe(150 + 250);
    expect(inbox()).toHaveLength(500);
    expect(new Set(inbox().map((r) => r.event_id)).size).toBe(500);
  });

  it('a client error on one query does not starve the others', async () => {
    fake.addSale({ locationId: airport.id, lines: LINES, updatedAt: ago(HOUR) });
    fake.injectFault({ route: '/v2/refunds', status: 400, times: 2 });
    const status = await newSync().runCatchUp();
    expect(status.lastError).toMatch(/^Reading refunds of location \w+ from Square failed: BAD_REQUEST/);
    expect(status.lastRunQueued).toBe(2); // the payment and the order still came in
    expect(fake.callsTo('/v2/refunds')).toHaveLength(2); // both locations were tried
    expect(status.cursors.map((c) => c.stream).sort()).toEqual(['orders', 'payments']);
  });

  it('skips quietly when not connected or reconnect is needed; never throws', async () => {
    fake.addSale({ locationId: high.id, lines: LINES, updatedAt: ago(HOUR) });
    const repo = new ConnectionsRepo(app.db);
    repo.setStatus(merchantId, 'reconnect_needed', 'Access was revoked in Square. Press Connect to authorise again.');
    const sync = newSync();
    expect(await sync.runCatchUp()).toMatchObject({ lastError: 'Access was revoked in Square. Press Connect to authorise again.', blocked: true, lastRunAt: null });
    repo.setStatus(merchantId, 'disconnected', null);
    expect((await sync.runCatchUp()).lastError).toMatch(/not connected/);
    expect(fake.callsTo('/v2/')).toHaveLength(0);
    expect(inbox()).toHaveLength(0);
    // Revoked at Square while the app thinks it is connected: the connection turns "reconnect needed", sync says why.
    repo.upsertConnected({ merchantId, merchantName: 'Ada Stores', environment: 'custom', scopes: ALL_SCOPES, accessTokenExpiresAt: null, refreshTokenExpiresAt: null });
    fake.revokeMerchant(merchantId);
    const revoked = await sync.runCatchUp();
    expect(revoked.lastError).toMatch(/revoked|Connect/);
    // That pass did start and failed while reading: not "blocked" (the screen shows its detail behind Details).
    expect(revoked.blocked).toBe(false);
    expect(app.square.status().connection?.status).toBe('reconnect_needed');
  });

  it('says when each selected location was last synced, and which one the last pass could not read', async () => {
    const sync = newSync();
    expect(sync.status().locations.map((l) => l.lastSyncedAt)).toEqual([null, null]);
    expect(sync.status().locations.map((l) => l.name).sort()).toEqual(['Airport Kiosk', 'High Street']);

    // Square refuses the first location's payments query (a client error: the pass goes on with the others).
    fake.injectFault({ route: '/v2/payments', method: 'GET', status: 400 });
    await sync.runCatchUp();
    const [failed, ok] = [...sync.status().locations].sort((a) => (a.lastError ? -1 : 1));
    expect(failed!.lastError).toMatch(/^Reading payments of location/);
    expect(failed!.lastSyncedAt).toBeNull();
    expect(ok!.lastError).toBeNull();
    expect(Date.parse(ok!.lastSyncedAt!)).toBeGreaterThan(Date.now() - 60_000);

    // The next pass reads both: the error is gone and both have a time.
    await sync.runCatchUp();
    expect(sync.status().locations.every((l) => l.lastError === null && l.lastSyncedAt !== null)).toBe(true);
    expect(sync.status().lastRunRead).toBe(0);
  });

  it('runs one pass at a time: triggers during a run schedule exactly one follow-up', async () => {
    let passes = 0;
    class Counting extends SquarePosConnector {
      override listPaymentsUpdatedSince(locationId: string, sinceIso: string, cursor?: string) {
        if (locationId === high.id) passes += 1;
        return super.listPaymentsUpdatedSince(locationId, sinceIso, cursor);
      }
    }
    fake.injectFault({ route: '/v2/payments', delayMs: 300 });
    const sync = newSync({ connector: new Counting(app.square) });
    const first = sync.runCatchUp('manual');
    await vi.waitFor(() => expect(sync.status().running).toBe(true));
    sync.trigger('tunnel up');
    sync.trigger('network back');
    const third = sync.runCatchUp('manual');
    await Promise.all([first, third]);
    await sync.idle();
    expect(passes).toBe(2);
    expect(sync.status().running).toBe(false);
  });

  it('start() runs at once and then every intervalMs, and when Square gets connected; stop() ends it', async () => {
    const fresh = newApp();
    try {
      let pushes = 0;
      fresh.bus.on('sync.changed', () => (pushes += 1));
      const sync = newSync({ intervalMs: 150 }, fresh);
      sync.start();
      await vi.waitFor(() => expect(sync.status().lastError).toMatch(/not connected/));
      expect(sync.status().nextRunAt).not.toBeNull();
      fake.addSale({ locationId: high.id, lines: LINES, updatedAt: ago(HOUR) });
      // Connecting emits 'square.changed' (here by hand, as the connection service does): sync runs at once.
      await connect(fresh, [high, airport], [high.id]);
      fresh.bus.emit('square.changed', {});
      // The sale's payment and order are queued once (a later interval pass may already have run and queued nothing
      // new, so the inbox is asserted rather than the last pass's count).
      const queuedBySync = () => fresh.db.prepare(`SELECT count(*) FROM webhook_inbox WHERE source = 'sync'`).pluck().get();
      await vi.waitFor(() => expect(queuedBySync()).toBe(2));
      await vi.waitFor(() => expect(sync.status().lastError).toBeNull());
      // The interval keeps polling.
      const callsBefore = paymentListCalls(high.id).length;
      await vi.waitFor(() => expect(paymentListCalls(high.id).length).toBeGreaterThan(callsBefore + 1), { timeout: 3000 });
      await sync.stop();
      await sync.idle();
      const afterStop = paymentListCalls(high.id).length;
      expect(sync.status().nextRunAt).toBeNull();
      await new Promise((r) => setTimeout(r, 400));
      expect(paymentListCalls(high.id).length).toBe(afterStop);
      expect(pushes).toBeGreaterThan(0);
    } finally {
      await fresh.dispose();
    }
  });
});

// The payments path (the older one, kept as the bench's baseline); the orders path is in backfill-orders.test.ts.
describe('backfill (payments path)', () => {
  /** Sales on 2025-03-01 … 2025-03-05 at noon UTC, plus one per day at the airport; last changed then too. */
  function seedHistory() {
    const byDay = new Map<string, { paymentId: string }[]>();
    for (let day = 1; day <= 5; day++) {
      const at = `2025-03-0${day}T12:00:00.000Z`;
      for (const locationId of [high.id, airport.id, closed.id]) {
        const sale = fake.addSale({ locationId, lines: LINES, createdAt: at, updatedAt: at });
        if (locationId !== closed.id) byDay.set(at.slice(0, 10), [...(byDay.get(at.slice(0, 10)) ?? []), { paymentId: sale.payment.id }]);
      }
    }
    return byDay;
  }

  it('queues the payments and refunds created between two dates (inclusive, UTC) at selected locations, with progress', async () => {
    const byDay = seedHistory();
    const refunded = byDay.get('2025-03-03')![0]!.paymentId;
    const refund = fake.addRefund({ paymentId: refunded, amount: 500, updatedAt: '2025-03-03T18:00:00.000Z' });
    // Edges: 23:59:59.999 on the last day is in, midnight after it is out.
    const edgeIn = fake.addSale({ locationId: high.id, lines: LINES, createdAt: '2025-03-04T23:59:59.999Z', updatedAt: '2025-03-04T23:59:59.999Z' });
    fake.addSale({ locationId: high.id, lines: LINES, createdAt: '2025-03-05T00:00:00.000Z', updatedAt: '2025-03-05T00:00:00.000Z' });

    const sync = newSync({ backfillVia: 'payments' });
    let pushes = 0;
    app.bus.on('sync.changed', () => (pushes += 1));
    const started = sync.backfill({ from: '2025-03-02', to: '2025-03-04' });
    expect(started.backfill).toMatchObject({ from: '2025-03-02', to: '2025-03-04', state: 'running', read: 0, queued: 0, finishedAt: null });
    const done = (await sync.backfillSettled())!;
    // 3 days × 2 locations + the edge sale = 7 payments, and the refund.
    expect(done).toMatchObject({ state: 'done', read: 8, queued: 8, error: null });
    expect(sync.status().backfill).toMatchObject({ state: 'done', read: 8, queued: 8 });
    expect(done.finishedAt).not.toBeNull();

    const rows = inbox();
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.source === 'sync')).toBe(true);
    const paymentIds = new Set(rows.filter((r) => r.type === 'payment.updated').map((r) => r.object_id));
    const expected = ['2025-03-02', '2025-03-03', '2025-03-04'].flatMap((d) => byDay.get(d)!.map((s) => s.paymentId));
    expect(paymentIds).toEqual(new Set([...expected, edgeIn.payment.id]));
    expect(rows.find((r) => r.type === 'refund.updated')).toMatchObject({ object_id: refund.id, event_id: `sync:refund:${refund.id}:${refund.updated_at}` });
    // The refunded payment is queued in its current version (refunded_money and all).
    const refundedRow = rows.find((r) => r.object_id === refunded)!;
    expect(refundedRow.event_id).toBe(`sync:payment:${refunded}:${fake.getPayment(refunded)!.updated_at}`);
    // Catch-up cursors are not touched by backfill.
    expect(sync.status().cursors).toEqual([]);
    // Square was asked by created time, a day range in UTC.
    const asked = fake.callsTo('/v2/payments', 'GET').filter((c) => c.path === '/v2/payments');
    expect(asked.every((c) => c.query.begin_time === '2025-03-02T00:00:00.000Z' && c.query.end_time === '2025-03-05T00:00:00.000Z')).toBe(true);
    expect(new Set(asked.map((c) => c.query.location_id))).toEqual(new Set([high.id, airport.id]));
    expect(pushes).toBeGreaterThanOrEqual(1);

    // The same range again queues nothing new.
    sync.backfill({ from: '2025-03-02', to: '2025-03-04' });
    expect(await sync.backfillSettled()).toMatchObject({ state: 'done', read: 8, queued: 0 });
  });

  it('one at a time, can be cancelled between pages, and refuses bad input or no connection', async () => {
    for (let i = 0; i < 250; i++) {
      const at = new Date(Date.parse('2025-04-01T08:00:00.000Z') + i * 60_000).toISOString();
      fake.addSale({ locationId: high.id, lines: LINES, createdAt: at, updatedAt: at });
    }
    let pages = 0;
    class CancelAfterFirstPage extends SquareHistorySource {
      override async listPaymentsCreatedBetween(locationId: string, beginTime: string, endTime: string, cursor?: string) {
        const page = await super.listPaymentsCreatedBetween(locationId, beginTime, endTime, cursor);
        pages += 1;
        if (pages === 1) {
          // While the first page is in hand, a second backfill is refused, then the owner cancels.
          expect(() => sync.backfill({ from: '2025-04-01', to: '2025-04-01' })).toThrow(ApiError);
          try {
            sync.backfill({ from: '2025-04-01', to: '2025-04-01' });
          } catch (err) {
            expect(err).toMatchObject({ code: 'conflict' });
          }
          expect(sync.cancel().backfill).toMatchObject({ state: 'cancelled' });
        }
        return page;
      }
    }
    const sync = newSync({ backfillVia: 'payments', history: new CancelAfterFirstPage(app.square) });
    sync.backfill({ from: '2025-04-01', to: '2025-04-01' });
    const ended = (await sync.backfillSettled())!;
    expect(ended).toMatchObject({ state: 'cancelled', read: 0, queued: 0 });
    expect(pages).toBe(1);
    expect(inbox()).toHaveLength(0);

    // Not cancelled: three pages at the High Street, one (empty) at the airport.
    pages = 10;
    sync.backfill({ from: '2025-04-01', to: '2025-04-01' });
    expect(await sync.backfillSettled()).toMatchObject({ state: 'done', read: 250, queued: 250 });
    expect(pages).toBe(14);

    expect(() => sync.backfill({ from: '2025-04-02', to: '2025-04-01' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => sync.backfill({ from: '2025-02-30', to: '2025-03-01' })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    new ConnectionsRepo(app.db).setStatus(merchantId, 'disconnected', null);
    expect(() => sync.backfill({ from: '2025-04-01', to: '2025-04-01' })).toThrow(expect.objectContaining({ code: 'unavailable' }));
  });

  it('follows what the pipeline makes of the sales it queued: invoiced, failed, still waiting', async () => {
    seedHistory();
    const sync = newSync({ backfillVia: 'payments' });
    sync.backfill({ from: '2025-03-01', to: '2025-03-05' });
    const read = (await sync.backfillSettled())!;
    expect(read).toMatchObject({ state: 'done', read: 10, queued: 10, invoiced: 0, failed: 0, remaining: 10, readFraction: 1 });
    expect(backfillSettled(read)).toBe(false);

    // What the pipeline records in the inbox as it goes: 7 made, 1 dead-lettered, 2 still waiting.
    const store = new InboxStore(app.db);
    const queued = inbox().filter((r) => r.event_id.startsWith('sync:payment:'));
    expect(queued).toHaveLength(10);
    for (const r of queued.slice(0, 7)) store.markDone(store.byEventId(r.event_id)!.id, 'done', null, Date.now());
    store.fail(store.byEventId(queued[7]!.event_id)!.id, 'Square answered 500 ten times', Date.now(), true);
    // The worker says 'stats.changed' as it finishes events; the backfill re-counts on it (no polling).
    app.bus.emit('stats.changed', {});
    await vi.waitFor(() => expect(sync.status().backfill).toMatchObject({ invoiced: 7, failed: 1, remaining: 2 }));
    expect(backfillSettled(sync.status().backfill!)).toBe(false);

    for (const r of queued.slice(8)) store.markDone(store.byEventId(r.event_id)!.id, 'done', null, Date.now());
    app.bus.emit('stats.changed', {});
    await vi.waitFor(() => expect(sync.status().backfill).toMatchObject({ invoiced: 9, failed: 1, remaining: 0, etaSeconds: 0 }));
    expect(backfillSettled(sync.status().backfill!)).toBe(true);
  });

  it('refuses a range in the future or backwards, naming the field', () => {
    const sync = newSync({ backfillVia: 'payments' });
    const tomorrowSomewhere = new Date(Date.now() + 2 * 24 * HOUR).toISOString().slice(0, 10);
    expect(() => sync.backfill({ from: '2025-04-01', to: tomorrowSomewhere })).toThrow(
      expect.objectContaining({ code: 'invalid_input', field: 'to', message: 'The last day is in the future. Choose today or earlier.' }),
    );
    expect(() => sync.backfill({ from: '2025-04-02', to: '2025-04-01' })).toThrow(expect.objectContaining({ field: 'to' }));
    expect(() => sync.backfill({ from: '2025-02-30', to: '2025-04-01' })).toThrow(expect.objectContaining({ field: 'from' }));
    expect(sync.status().backfill).toBeNull();
  });

  it('a Square failure ends the backfill as failed with the reason', async () => {
    seedHistory();
    fake.injectFault({ route: '/v2/refunds', status: 503, times: 5 });
    const sync = newSync({ backfillVia: 'payments' });
    sync.backfill({ from: '2025-03-01', to: '2025-03-05' });
    const ended = (await sync.backfillSettled())!;
    expect(ended.state).toBe('failed');
    expect(ended.error).toMatch(/Backfill stopped/);
    expect(ended.read).toBe(5); // the first location's payments came in before the refunds failed
    expect(ended.queued).toBe(5);
  });
});

describe('sync helpers', () => {
  it('throttles sync.changed to one immediate and one trailing call per 200 ms', () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      const changed = throttle(() => (calls += 1), 200);
      for (let i = 0; i < 50; i++) changed();
      expect(calls).toBe(1);
      vi.advanceTimersByTime(199);
      expect(calls).toBe(1);
      vi.advanceTimersByTime(1);
      expect(calls).toBe(2); // the latest state is always delivered
      vi.advanceTimersByTime(1000);
      expect(calls).toBe(2);
      changed();
      expect(calls).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes SDK bigints as exact JSON integers, whatever the strings inside look like', () => {
    const amount = 2n ** 60n + 1n;
    const text = stringifyBigintJson({ amount, note: 'bigint-deadbeef:12', list: [1n, -3n] });
    expect(text).toBe(`{"amount":${amount.toString()},"note":"bigint-deadbeef:12","list":[1,-3]}`);
  });

  it('turns SDK objects back into the wire JSON Square sent', async () => {
    const sale = fake.addSale({ locationId: high.id, lines: [{ name: 'Suya', unitPrice: 1234, quantity: '1.5' }], taxes: [{ name: 'VAT', percentage: '7.5' }], tip: 200 });
    const client = app.square.client((await new TokenVault(app.secrets).load(merchantId))!.accessToken);
    const payment: Square.Payment = (await client.payments.get({ paymentId: sale.payment.id })).payment!;
    expect(JSON.parse(stringifyBigintJson(toWire.payment(payment)))).toEqual(fake.getPayment(sale.payment.id));
  });
});
