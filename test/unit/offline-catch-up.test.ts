import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliver, inboxStates, invoiceRows, startConnectedApp, startShop, type Shop, type TestApp } from '../support/pipeline-harness';

// Offline is normal: the app (and its webhook receiver) is down while the shop keeps selling. When it comes back,
// catch-up sync reads what changed from Square and the same pipeline makes the missing invoices.

let shop: Shop;
let app: TestApp | null = null;

beforeEach(async () => {
  shop = await startShop();
});
afterEach(async () => {
  await app?.dispose();
  app = null;
  await shop.fake.close();
});

describe('offline → catch-up', () => {
  it('creates the invoices for sales made while the receiver was down, once each, including a late offline sale', async () => {
    // Online: one sale arrives by webhook.
    app = await startConnectedApp(shop, { sync: { enabled: false }, pipeline: { pollMs: 20 } });
    const online = shop.fake.addSale({ locationId: shop.locationId, lines: [{ name: 'Online sale', unitPrice: 1_000 }] });
    expect(await deliver(app, shop.fake.buildEvent('payment.created', online.payment.id))).toBe(200);
    await app.worker.idle();
    expect(invoiceRows(app)).toHaveLength(1);
    const dataDir = app.config.dataDir;
    const keychainService = app.config.keychainService!;
    await app.dispose({ keep: true });
    app = null;

    // Offline: the receiver is down; Square records sales (and its webhooks would fail).
    const now = Date.parse(shop.fake.clock.iso());
    const offline = Array.from({ length: 12 }, (_, i) =>
      shop.fake.addSale({ locationId: shop.locationId, lines: [{ name: `Offline ${i}`, unitPrice: 500 + i, quantity: 2 }] }),
    );
    // An offline-mode POS sale from 70 hours ago that only reached Square now.
    const late = shop.fake.addSale({
      locationId: shop.locationId,
      lines: [{ name: 'Late offline sale', unitPrice: 2_500 }],
      createdAt: new Date(now - 70 * 3600_000).toISOString(),
      updatedAt: new Date(now).toISOString(),
    });

    // Back online: the app starts, catch-up runs on start and feeds the pipeline.
    app = await startConnectedApp(shop, { dataDir, keychainService, pipeline: { pollMs: 20 } });
    await expect.poll(() => invoiceRows(app!).length, { timeout: 15_000, interval: 50 }).toBe(14);
    await app.sync.idle();
    await app.worker.idle();

    const keys = invoiceRows(app).map((r) => r.source_key).sort();
    const expected = [online, ...offline, late].map((s) => `order:${s.order.id}`).sort();
    expect(keys).toEqual(expected);
    const lateInvoice = app.db.prepare('SELECT issue_date FROM invoices WHERE source_key = ?').get(`order:${late.order.id}`) as { issue_date: string };
    // Dated by the sale, not by when it reached Square.
    expect(lateInvoice.issue_date).toBe(new Date(now - 70 * 3600_000).toLocaleDateString('en-CA', { timeZone: 'America/New_York' }));
    expect(inboxStates(app).dead ?? 0).toBe(0);
    expect(app.sync.status()).toMatchObject({ lastError: null });

    // Catching up again (overlap window re-read) changes nothing.
    await app.sync.runCatchUp('test');
    await app.worker.idle();
    expect(invoiceRows(app)).toHaveLength(14);
  });
});
