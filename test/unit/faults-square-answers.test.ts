import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FailedEventView } from '../../shared/transactions';
import type { FaultSpec } from '../fakes/fake-square/types';
import { expectIntact } from '../support/faults';
import { expectOwnerWords } from '../support/owner-words';
import { deliver, inboxStates, invoiceRows, startConnectedApp, startShop, type Shop, type TestApp } from '../support/pipeline-harness';

// Fault suite: the fake Square answers the pipeline's reads (payments, orders, refunds) with broken JSON, other
// shapes, 5xx, HTML from a proxy, empty or cut-off bodies. Every event is retried or dead-lettered with a reason in
// words, no invoice is ever made from a garbage answer, nothing crashes, and once Square answers properly again
// every event is processed: one invoice per sale with Square's real totals.

const FAST = { retryBaseMs: 20, retryMaxMs: 100, pollMs: 20, policy: { halfOpenAfterMs: 150, timeoutMs: 1_000, maxRetries: 1, breakAfter: 50 } };

type Target = 'payment' | 'order' | 'refund';
const ROUTES: Record<Target, { route: RegExp; method: string }> = {
  payment: { route: /^\/v2\/payments\/[^/]+$/, method: 'GET' },
  order: { route: /^\/v2\/orders\/batch-retrieve$/, method: 'POST' },
  refund: { route: /^\/v2\/refunds\/[^/]+$/, method: 'GET' },
};

/** Garbage Square (or a proxy in front of it) could answer with; each a fault the fake applies. */
const GARBAGE: Record<string, Omit<FaultSpec, 'route' | 'method' | 'times'>> = {
  'broken JSON': { rawBody: '{"payment": {"id": "abc", "status": "COMPL' },
  'cut off mid-answer': { rawBody: '{"orders": [{"id": "x", "line_items": [', declaredLength: 4_000 },
  'empty 200': { rawBody: '' },
  'another shape': { status: 200, body: { payment: 'not an object', orders: 42, refund: [1, 2, 3] } },
  'wrong types inside': { status: 200, body: { payment: { id: 7, amount_money: { amount: 'lots', currency: 3 } }, orders: [{ id: 9, version: 'x', line_items: 'none' }], refund: { id: 1, payment_id: false } } },
  '500': { status: 500 },
  'HTML 502 from a proxy': { status: 502, rawBody: '<html><body>Bad gateway</body></html>' },
};

let shop: Shop;
let app: TestApp;

beforeAll(async () => {
  shop = await startShop();
  app = await startConnectedApp(shop, { pipeline: { ...FAST, maxAttempts: 3 }, sync: { enabled: false } });
});
afterAll(async () => {
  await app?.dispose();
  await shop?.fake.close();
});
beforeEach(() => shop.fake.clearFaults());

/** A sale in the fake and the event that makes the pipeline read `target` from Square (not from the event's body). */
function saleEvent(target: Target) {
  const { order, payment } = shop.fake.addSale({ locationId: shop.locationId, lines: [{ name: 'Latte', unitPrice: 450, quantity: 2 }], taxes: [{ name: 'Tax', percentage: '8.875' }] });
  const stripped = (e: ReturnType<typeof shop.fake.buildEvent>) => ({ ...e, data: { ...(e.data as object), object: {} } });
  if (target === 'refund') {
    const refund = shop.fake.addRefund({ paymentId: payment.id, amount: 300, reason: 'Spilled', status: 'COMPLETED' });
    return { order, payment, refund, event: stripped(shop.fake.buildEvent('refund.created', refund.id)) };
  }
  const event = shop.fake.buildEvent('payment.created', payment.id);
  return { order, payment, refund: null, event: target === 'payment' ? stripped(event) : event };
}

const sourceKeys = (): string[] => invoiceRows(app).map((r) => r.source_key).sort();

describe('fault: malformed Square answers', () => {
  const cases = (Object.keys(ROUTES) as Target[]).flatMap((target) => Object.keys(GARBAGE).map((g) => [target, g] as const));

  it.each(cases)('%s read answered with %s: retried, no invoice from it; processed once Square recovers', async (target, garbage) => {
    const before = invoiceRows(app).length;
    const sale = saleEvent(target);
    const fault = shop.fake.injectFault({ ...ROUTES[target], ...GARBAGE[garbage], times: 2 });
    expect(await deliver(app, sale.event)).toBe(200);
    await expect.poll(() => fault.hits, { timeout: 10_000 }).toBe(2);
    // The event is done only once Square answered properly; the invoices are made from Square's real objects.
    await expect.poll(() => app.db.prepare('SELECT state FROM webhook_inbox WHERE event_id = ?').pluck().get(sale.event.event_id), { timeout: 15_000 }).toBe('done');
    const orderTotal = (sale.order as unknown as { total_money: { amount: number } }).total_money.amount;
    const rows = invoiceRows(app);
    const invoice = rows.find((r) => r.source_key === `order:${sale.order.id}`)!;
    expect(invoice.payable_minor).toBe(orderTotal);
    if (sale.refund) expect(rows.find((r) => r.source_key === `refund:${sale.refund.id}`)!.payable_minor).toBe(300);
    expect(rows.length - before).toBe(sale.refund ? 2 : 1);
  });

  it('a read that stays garbage dead-letters with a reason in words, makes no invoice, and Retry recovers it', async () => {
    const faults = (['payment', 'refund'] as Target[]).map((t) => shop.fake.injectFault({ ...ROUTES[t], ...GARBAGE['broken JSON'], times: Infinity }));
    const orderFault = shop.fake.injectFault({ ...ROUTES.order, ...GARBAGE['wrong types inside'], times: Infinity });
    const sales = (['payment', 'order', 'refund'] as Target[]).map(saleEvent);
    const keysBefore = sourceKeys();
    for (const s of sales) expect(await deliver(app, s.event)).toBe(200);
    const ids = sales.map((s) => s.event.event_id);
    const states = () => ids.map((id) => app.db.prepare('SELECT state FROM webhook_inbox WHERE event_id = ?').pluck().get(id));
    await expect.poll(states, { timeout: 15_000 }).toEqual(['dead', 'dead', 'dead']);
    expect(sourceKeys()).toEqual(keysBefore);

    const failed = await app.dispatch('events.failed', {});
    expect(failed.ok).toBe(true);
    const rowIds = ids.map((id) => app.db.prepare('SELECT id FROM webhook_inbox WHERE event_id = ?').pluck().get(id) as number);
    const items = (failed as { ok: true; value: { items: FailedEventView[] } }).value.items.filter((i) => rowIds.includes(i.id));
    expect(items).toHaveLength(3);
    for (const item of items) {
      expectOwnerWords(item.reason, `failed event ${item.id}`);
      expect(item.detail, 'the technical text stays behind Details').toBeTruthy();
    }

    [...faults, orderFault].forEach((f) => f.cancel());
    const retried = await app.dispatch('events.retryMany', { ids: items.map((i) => i.id) });
    expect(retried).toMatchObject({ ok: true, value: { retried: 3 } });
    await expect.poll(states, { timeout: 15_000 }).toEqual(['done', 'done', 'done']);
    for (const s of sales) expect(sourceKeys()).toContain(`order:${s.order.id}`);
    expect(sourceKeys()).toContain(`refund:${sales[2]!.refund!.id}`);
  });

  it('ends sound: every acknowledged event is done, one invoice per sale, integrity ok', async () => {
    await app.worker.idle();
    const states = inboxStates(app);
    expect(Object.keys(states)).toEqual(['done']);
    const keys = sourceKeys();
    expect(new Set(keys).size).toBe(keys.length);
    expectIntact(app.db);
  });
});
