import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboxEventView } from '../../shared/contract';
import { deliver, inboxStates, invoiceRows, startConnectedApp, startShop, type Shop, type TestApp } from '../support/pipeline-harness';

// The pipeline end to end: signed webhooks into the receiver, the worker fetching from the fake Square through the
// real SDK (with the resilience policy), the converter, and SQLite. Timings are shortened; nothing is mocked.

const FAST = {
  retryBaseMs: 20,
  retryMaxMs: 200,
  pollMs: 20,
  policy: { halfOpenAfterMs: 300, timeoutMs: 1_000, maxRetries: 2, breakAfter: 4 },
};

let shop: Shop;
let app: TestApp;

beforeEach(async () => {
  shop = await startShop();
  // Webhook path only here; catch-up sync has its own tests (sync.test.ts, offline.test.ts).
  app = await startConnectedApp(shop, { pipeline: FAST, sync: { enabled: false } });
});

afterEach(async () => {
  await app.dispose();
  await shop.fake.close();
});

interface Money { amount: number; currency: string }
interface WireOrder { id: string; version: number; total_money: Money; total_tax_money: Money; line_items: Record<string, unknown>[] }

function sale(lines = [{ name: 'Flat white', unitPrice: 450, quantity: 2 }]) {
  const s = shop.fake.addSale({ locationId: shop.locationId, lines, taxes: [{ name: 'Sales tax', percentage: '8.875' }] });
  return { order: s.order as unknown as WireOrder, payment: s.payment };
}

describe('pipeline: webhook → invoice', () => {
  it('a payment whose order Square does not return yet waits for it: one invoice for the sale, never a payment-only one', async () => {
    const { order, payment } = sale();
    // Square answers the order lookup without the order (it is not visible yet), until the fault is cleared.
    const hidden = shop.fake.injectFault({ route: '/v2/orders/batch-retrieve', method: 'POST', status: 200, body: {}, times: Infinity });
    expect(await deliver(app, shop.fake.buildEvent('payment.created', payment.id))).toBe(200);
    await expect.poll(() => (app.db.prepare('SELECT attempts FROM webhook_inbox').pluck().get() as number) ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(invoiceRows(app)).toEqual([]);
    expect(app.db.prepare('SELECT last_error FROM webhook_inbox').pluck().get()).toMatch(new RegExp(`order ${order.id}`));
    hidden.cancel();
    await expect.poll(() => invoiceRows(app).map((r) => r.source_key), { timeout: 15_000 }).toEqual([`order:${order.id}`]);
    await app.worker.idle();
    expect(invoiceRows(app).map((r) => r.source_key)).toEqual([`order:${order.id}`]);
  });

  it('works from the envelope the receiver parsed, once: a later attempt reads the body as stored', async () => {
    // The worker stopped, so the stored bodies can be spoiled before it sees them: only the parse the receiver handed
    // over can then make the invoice, and only on an event's first attempt.
    await app.worker.stop();
    const first = sale();
    const second = sale([{ name: 'Scone', unitPrice: 300, quantity: 1 }]);
    expect(await deliver(app, shop.fake.buildEvent('payment.created', first.payment.id))).toBe(200);
    const spoil = () => app.db.prepare(`UPDATE webhook_inbox SET raw_body = '{"not": "the event"' WHERE state = 'pending'`).run().changes;
    expect(spoil()).toBe(1);
    app.worker.start();
    await expect.poll(() => invoiceRows(app).map((r) => r.source_key), { timeout: 10_000 }).toEqual([`order:${first.order.id}`]);

    // The second sale's first attempt, from the handed envelope, fails (Square hides its order once); its retry has
    // only the stored body, spoiled: a dead letter that says so, never an invoice made from a stale parse.
    await app.worker.stop();
    shop.fake.injectFault({ route: '/v2/orders/batch-retrieve', method: 'POST', status: 200, body: {}, times: 1 });
    expect(await deliver(app, shop.fake.buildEvent('payment.created', second.payment.id))).toBe(200);
    expect(spoil()).toBe(1);
    app.worker.start();
    await expect.poll(() => inboxStates(app), { timeout: 10_000 }).toEqual({ done: 1, dead: 1 });
    expect(app.db.prepare(`SELECT attempts, last_error FROM webhook_inbox WHERE state = 'dead'`).get()).toEqual({
      attempts: 2,
      last_error: expect.stringMatching(/stored event: body is not valid JSON/),
    });
    expect(invoiceRows(app)).toHaveLength(1);
  });

  it('one batch at a time below capacity, its successor holding every sale that came meanwhile; two once claims come back full', async () => {
    await app.dispose();
    app = await startConnectedApp(shop, { pipeline: { ...FAST, batchSize: 5, concurrency: 2 }, sync: { enabled: false } });
    shop.fake.setPace({ latencyMs: 300 });
    const lookups = () => shop.fake.callsTo('/v2/orders/batch-retrieve', 'POST');
    const overlapping = () => lookups().some((c, i, all) => i > 0 && c.at - all[i - 1]!.at < 300);

    // Three sales, the next two sent while the first one's order is being read: they wait and share the next call.
    const few = [sale(), sale(), sale()];
    expect(await deliver(app, shop.fake.buildEvent('payment.created', few[0]!.payment.id))).toBe(200);
    await expect.poll(() => lookups().length, { timeout: 5_000 }).toBe(1);
    for (const s of few.slice(1)) expect(await deliver(app, shop.fake.buildEvent('payment.created', s.payment.id))).toBe(200);
    await app.worker.idle();
    expect(lookups().map((c) => (c.body as { order_ids: string[] }).order_ids.length)).toEqual([1, 2]);
    expect(overlapping()).toBe(false);

    // A backlog (12 sales, batches of 5): the first claim comes back full, so a second batch is claimed beside it —
    // its orders are asked for while the first batch's are still being read (300 ms); the last 2 follow.
    await app.worker.stop();
    const many = Array.from({ length: 12 }, () => sale());
    for (const s of many) expect(await deliver(app, shop.fake.buildEvent('payment.created', s.payment.id))).toBe(200);
    const before = lookups().length;
    app.worker.start();
    await app.worker.idle();
    const calls = lookups().slice(before);
    const idsAskedWithin = (ms: number) =>
      calls.filter((c) => c.at - calls[0]!.at < ms).reduce((n, c) => n + (c.body as { order_ids: string[] }).order_ids.length, 0);
    expect(idsAskedWithin(300)).toBe(10);
    expect(idsAskedWithin(Infinity)).toBe(12);
    expect(invoiceRows(app)).toHaveLength(15);
    expect(inboxStates(app)).toEqual({ done: 15 });
  });

  it('takes a sale straight from the receiver, stored already claimed; stopping gives back those not started, and a sale that comes while stopped waits for a claim', async () => {
    shop.fake.setPace({ latencyMs: 300 });
    const lookups = () => shop.fake.callsTo('/v2/orders/batch-retrieve', 'POST');
    const rows = () =>
      app.db.prepare('SELECT state, lease_until - received_at AS lease FROM webhook_inbox ORDER BY id').all() as { state: string; lease: number | null }[];
    const [a, b, c, d] = [sale(), sale(), sale(), sale()];
    expect(await deliver(app, shop.fake.buildEvent('payment.created', a.payment.id))).toBe(200);
    await expect.poll(() => lookups().length, { timeout: 5_000 }).toBe(1);
    // While the first sale's order is being read, two more arrive: stored claimed for the worker (the lease from their
    // receipt), waiting for the slot — no claim has taken them.
    for (const s of [b, c]) expect(await deliver(app, shop.fake.buildEvent('payment.created', s.payment.id))).toBe(200);
    expect(rows().slice(1)).toEqual([{ state: 'processing', lease: 60_000 }, { state: 'processing', lease: 60_000 }]);
    // Stopped now: the first finishes; the two not started are given back at once, not left for their leases to run out.
    await app.worker.stop();
    expect(rows().map((r) => r.state)).toEqual(['done', 'pending', 'pending']);
    // A sale that comes while the worker is stopped is stored pending, for a claim.
    expect(await deliver(app, shop.fake.buildEvent('payment.created', d.payment.id))).toBe(200);
    expect(rows()[3]).toEqual({ state: 'pending', lease: null });
    app.worker.start();
    await app.worker.idle();
    expect(inboxStates(app)).toEqual({ done: 4 });
    expect(invoiceRows(app).map((r) => r.source_key).sort()).toEqual([a, b, c, d].map((s) => `order:${s.order.id}`).sort());
  });

  it('turns a payment webhook into exactly one invoice with Square’s totals, however often it is delivered', async () => {
    const { order, payment } = sale();
    const created = shop.fake.buildEvent('payment.created', payment.id);
    expect(await deliver(app, created)).toBe(200);
    expect(await deliver(app, created)).toBe(200); // same event_id: deduped at the inbox
    expect(await deliver(app, shop.fake.buildEvent('payment.updated', payment.id))).toBe(200); // new event, same sale
    await app.worker.idle();

    const invoices = invoiceRows(app);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ kind: 'invoice', source_key: `order:${order.id}`, status: 'draft' });
    expect(invoices[0]!.payable_minor).toBe(order.total_money.amount);
    expect(invoices[0]!.tax_total_minor).toBe(order.total_tax_money.amount);
    expect(invoices[0]!.number).toMatch(/^INV\d{6}$/);
    expect(inboxStates(app)).toEqual({ done: 2 });
    const stats = (await app.dispatch('stats.get', {})) as { ok: true; value: { pipeline: { latencyMs: { count: number } | null; queueDepth: number } } };
    expect(stats.value.pipeline.queueDepth).toBe(0);
    expect(stats.value.pipeline.latencyMs!.count).toBeGreaterThanOrEqual(1);
  });

  it('stores the order and payment JSON exactly as Square sent them, and many sales arriving together each get one invoice', async () => {
    const sales = Array.from({ length: 150 }, (_, i) => sale([{ name: `Item ${i}`, unitPrice: 100 + i, quantity: 1 + (i % 3) }]));
    // All at once: the worker takes them in batches (BatchRetrieveOrders takes 100 ids) and commits each batch once.
    const codes = await Promise.all(sales.map((s) => deliver(app, shop.fake.buildEvent('payment.created', s.payment.id))));
    expect(codes.every((c) => c === 200)).toBe(true);
    await app.worker.idle();

    const invoices = invoiceRows(app);
    expect(invoices).toHaveLength(150);
    expect(new Set(invoices.map((i) => i.number)).size).toBe(150);
    expect(inboxStates(app)).toEqual({ done: 150 });
    for (const s of [sales[0]!, sales[149]!]) {
      const orderJson = app.db.prepare('SELECT raw_json FROM square_orders WHERE id = ?').pluck().get(s.order.id) as string;
      expect(JSON.parse(orderJson)).toEqual(shop.fake.getOrder(s.order.id));
      const paymentJson = app.db.prepare('SELECT raw_json FROM square_payments WHERE id = ?').pluck().get(s.payment.id) as string;
      expect(JSON.parse(paymentJson)).toEqual(JSON.parse(JSON.stringify(s.payment)));
      const invoice = invoices.find((i) => i.source_key === `order:${s.order.id}`)!;
      expect(invoice.payable_minor).toBe(s.order.total_money.amount);
    }
  });

  it('an event that cannot be stored fails alone; the sales committed in the same batch are kept', async () => {
    const good = [sale(), sale()];
    const { order } = sale();
    const template = shop.fake.buildEvent('order.updated', order.id);
    // A delivery whose order has lost its id: the worker can parse it but not store it.
    const { id: _dropped, ...orderWithoutId } = shop.fake.getOrder(order.id) as unknown as Record<string, unknown>;
    const broken = { ...template, event_id: 'broken-order-event', data: { ...(template.data as object), object: { order: orderWithoutId } } };
    await app.worker.stop(); // queue all three first, so they are claimed as one batch
    for (const s of good) expect(await deliver(app, shop.fake.buildEvent('payment.created', s.payment.id))).toBe(200);
    expect(await deliver(app, broken)).toBe(200);
    app.worker.start();
    await app.worker.idle();

    expect(invoiceRows(app).map((i) => i.source_key).sort()).toEqual(good.map((s) => `order:${s.order.id}`).sort());
    const row = app.db.prepare('SELECT state, attempts, last_error FROM webhook_inbox WHERE event_id = ?').get('broken-order-event') as {
      state: string; attempts: number; last_error: string;
    };
    expect(row.attempts).toBeGreaterThanOrEqual(1);
    expect(row.last_error).toMatch(/order without id/);
    expect(inboxStates(app).done).toBe(2);
  });

  it('keeps the newest order version when deliveries arrive newest first', async () => {
    const { order, payment } = sale();
    await deliver(app, shop.fake.buildEvent('payment.created', payment.id));
    await app.worker.idle();
    const v1Event = shop.fake.buildEvent('order.updated', order.id); // carries the v1 summary
    // The shop adds an item: Square bumps the version.
    const bigger = shop.fake.putOrder({
      ...(order as unknown as Parameters<typeof shop.fake.putOrder>[0]),
      line_items: [...order.line_items, { ...order.line_items[0], uid: 'extra', name: 'Croissant' }],
      total_money: { amount: order.total_money.amount * 2, currency: 'USD' },
      total_tax_money: { amount: order.total_tax_money.amount * 2, currency: 'USD' },
    });
    expect((bigger as unknown as WireOrder).version).toBeGreaterThan(order.version);
    // Newest first: the v2 change, then a late, stale copy of v1 (as a sync page would carry it).
    await deliver(app, shop.fake.buildEvent('order.updated', order.id));
    await app.worker.idle();
    const staleSync = { ...v1Event, event_id: 'sync:order:stale-v1', data: { ...(v1Event.data as object), object: { order } } };
    await deliver(app, staleSync);
    await app.worker.idle();

    const stored = app.db.prepare('SELECT version FROM square_orders WHERE id = ?').get(order.id) as { version: number };
    expect(stored.version).toBe(bigger.version);
    const [invoice] = invoiceRows(app);
    expect(invoiceRows(app)).toHaveLength(1);
    expect(invoice!.source_version).toBe(String(bigger.version));
    const lines = app.db.prepare('SELECT count(*) AS n FROM invoice_lines WHERE invoice_id = ?').get(invoice!.id) as { n: number };
    expect(lines.n).toBe(2);
  });

  it('voids a draft when the payment is canceled, and makes no invoice for a canceled sale it never saw', async () => {
    const { payment } = sale();
    await deliver(app, shop.fake.buildEvent('payment.created', payment.id));
    await app.worker.idle();
    shop.fake.putPayment({ ...payment, status: 'CANCELED' });
    await deliver(app, shop.fake.buildEvent('payment.updated', payment.id));
    await app.worker.idle();
    expect(invoiceRows(app).map((i) => i.status)).toEqual(['void']);

    const other = sale([{ name: 'Tea', unitPrice: 300, quantity: 1 }]);
    shop.fake.putPayment({ ...other.payment, status: 'CANCELED' });
    await deliver(app, shop.fake.buildEvent('payment.updated', other.payment.id));
    await app.worker.idle();
    expect(invoiceRows(app)).toHaveLength(1);
  });

  it('turns a refund into a credit note that references the original invoice', async () => {
    const { payment } = sale();
    const refund = shop.fake.addRefund({ paymentId: payment.id, amount: 300, reason: 'Spilled', status: 'COMPLETED' });
    // The refund arrives first: the sale's invoice is made on the way.
    await deliver(app, shop.fake.buildEvent('refund.created', refund.id));
    await deliver(app, shop.fake.buildEvent('payment.updated', payment.id));
    await app.worker.idle();
    const rows = invoiceRows(app);
    expect(rows.map((r) => r.kind).sort()).toEqual(['credit_note', 'invoice']);
    const credit = rows.find((r) => r.kind === 'credit_note')!;
    const original = rows.find((r) => r.kind === 'invoice')!;
    expect(credit.source_key).toBe(`refund:${refund.id}`);
    expect(credit.number).toMatch(/^INVCN\d{6}$/);
    expect(credit.payable_minor).toBe(300);
    const link = app.db.prepare('SELECT original_invoice_id FROM invoices WHERE id = ?').get(credit.id) as { original_invoice_id: number };
    expect(link.original_invoice_id).toBe(original.id);
  });
});

describe('pipeline: locations the owner has not ticked', () => {
  it('sets aside a webhook of an unticked location with the reason, like catch-up that never reads it; never invoiced', async () => {
    const kiosk = shop.fake.addLocation({ merchant_id: shop.merchantId, name: 'Airport Kiosk', currency: 'USD', country: 'US', timezone: 'America/New_York' });
    expect((await app.dispatch('square.locations.refresh', {})).ok).toBe(true);
    expect((await app.dispatch('square.locations.select', { locationIds: [shop.locationId] })).ok).toBe(true);
    const atKiosk = shop.fake.addSale({ locationId: kiosk.id, lines: [{ name: 'Bottled water', unitPrice: 200 }] });
    const refund = shop.fake.addRefund({ paymentId: atKiosk.payment.id, amount: 200, reason: 'Wrong item', status: 'COMPLETED' });
    const mine = sale();
    await deliver(app, shop.fake.buildEvent('payment.created', atKiosk.payment.id));
    await deliver(app, shop.fake.buildEvent('order.updated', atKiosk.order.id));
    await deliver(app, shop.fake.buildEvent('refund.created', refund.id));
    await deliver(app, shop.fake.buildEvent('payment.updated', mine.payment.id));
    await app.worker.idle();

    const rows = app.db.prepare('SELECT type, location_id, state, last_error FROM webhook_inbox ORDER BY id').all() as {
      type: string; location_id: string; state: string; last_error: string | null;
    }[];
    expect(rows.filter((r) => r.location_id === kiosk.id).map((r) => [r.type, r.state])).toEqual([
      ['payment.created', 'ignored'], ['order.updated', 'ignored'], ['refund.created', 'ignored'],
    ]);
    for (const r of rows.filter((x) => x.location_id === kiosk.id)) {
      expect(r.last_error).toBe('From Airport Kiosk, a location not ticked for invoicing on the Square screen; not invoiced. Tick it there to invoice its sales from now on.');
    }
    // Nothing of the kiosk's reached invoicing (not even its Square objects); the ticked location's sale did.
    expect(invoiceRows(app).map((r) => [r.kind, r.source_key])).toEqual([['invoice', `order:${mine.order.id}`]]);
    expect(app.db.prepare('SELECT count(*) FROM square_payments WHERE id = ?').pluck().get(atKiosk.payment.id)).toBe(0);
  });
});

describe('pipeline: tipped sales', () => {
  it('a tipped POS sale (tip inside Square’s order total) becomes a draft whose payable excludes the tip and records it', async () => {
    const s = shop.fake.addSale({ locationId: shop.locationId, lines: [{ name: 'Flat white', unitPrice: 450, quantity: 2 }], taxes: [{ name: 'Sales tax', percentage: '8.875' }], tip: 300 });
    const order = s.order as unknown as WireOrder & { total_tip_money: Money };
    expect(order.total_tip_money.amount).toBe(300);
    await deliver(app, shop.fake.buildEvent('payment.created', s.payment.id));
    await app.worker.idle();
    const row = app.db.prepare('SELECT status, payable_minor, tip_minor, tax_total_minor, review_reason FROM invoices').get() as {
      status: string; payable_minor: number; tip_minor: number; tax_total_minor: number; review_reason: string | null;
    };
    expect(row).toMatchObject({ status: 'draft', tip_minor: 300, review_reason: null });
    expect(row.payable_minor).toBe(order.total_money.amount - 300);
    expect(row.payable_minor).toBe(900 + row.tax_total_minor);
  });
});

describe('pipeline under Square failures', () => {
  it('processes every event despite 429s, 500s and timeouts; the breaker opens and closes again', async () => {
    const breakerSeen = new Set<string>();
    const watch = setInterval(() => breakerSeen.add(app.worker.stats().breaker), 5);
    try {
      shop.fake.injectFault({ route: '/v2/orders', status: 429, retryAfterSeconds: 0, times: 3 });
      shop.fake.injectFault({ route: '/v2/orders', status: 500, times: 12 });
      shop.fake.injectFault({ route: '/v2/orders', delayMs: 1_500, times: 2 });
      const sales = Array.from({ length: 20 }, (_, i) => sale([{ name: `Item ${i}`, unitPrice: 100 + i, quantity: 1 }]));
      for (const s of sales) expect(await deliver(app, shop.fake.buildEvent('payment.created', s.payment.id))).toBe(200);
      await expect.poll(() => inboxStates(app), { timeout: 20_000, interval: 50 }).toEqual({ done: 20 });
      expect(invoiceRows(app)).toHaveLength(20);
      expect(breakerSeen.has('open')).toBe(true);
      await expect.poll(() => app.worker.stats().breaker, { timeout: 5_000 }).toBe('closed');
      // While the breaker was open, events waited without being marked failed for good.
      expect(app.db.prepare(`SELECT count(*) AS n FROM webhook_inbox WHERE state = 'dead'`).get()).toEqual({ n: 0 });
    } finally {
      clearInterval(watch);
    }
  });

  it('dead-letters an event after its attempts, and events.retry brings it back', async () => {
    await app.dispose();
    app = await startConnectedApp(shop, { pipeline: { ...FAST, maxAttempts: 2 }, sync: { enabled: false } });
    const { payment } = sale();
    // 404 on the order is not Square being down: it counts as a failed attempt (no breaker, no endless wait).
    shop.fake.injectFault({ route: '/v2/orders', status: 400, times: Infinity });
    await deliver(app, shop.fake.buildEvent('payment.created', payment.id));
    await expect.poll(() => inboxStates(app), { timeout: 5_000 }).toEqual({ dead: 1 });
    const list = (await app.dispatch('events.list', { state: 'dead' })) as { ok: true; value: { items: InboxEventView[] } };
    const dead = list.value.items[0]!;
    expect(dead).toMatchObject({ attempts: 2, state: 'dead', lastError: expect.stringMatching(/400|BAD_REQUEST|INVALID/i) });

    shop.fake.clearFaults();
    expect(await app.dispatch('events.retry', { id: dead.id })).toMatchObject({ ok: true, value: { state: 'pending', attempts: 0 } });
    await expect.poll(() => inboxStates(app), { timeout: 5_000 }).toEqual({ done: 1 });
    expect(invoiceRows(app)).toHaveLength(1);
    expect(await app.dispatch('events.retry', { id: dead.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await app.dispatch('events.ignore', { id: 999 })).toMatchObject({ ok: false, error: { code: 'not_found', field: 'id' } });
  });

  it('lets events wait without spending attempts while Square needs reconnecting', async () => {
    const { payment } = sale();
    app.db.prepare(`UPDATE square_connections SET status = 'reconnect_needed'`).run();
    app.bus.emit('square.changed', {}); // as the connection service does when it marks the connection
    await deliver(app, shop.fake.buildEvent('payment.created', payment.id));
    await new Promise((r) => setTimeout(r, 200));
    expect(app.db.prepare('SELECT state, attempts FROM webhook_inbox').get()).toEqual({ state: 'pending', attempts: 0 });
    app.db.prepare(`UPDATE square_connections SET status = 'connected'`).run();
    app.bus.emit('square.changed', {});
    await expect.poll(() => inboxStates(app), { timeout: 5_000 }).toEqual({ done: 1 });
  });
});
