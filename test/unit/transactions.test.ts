import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactionsSql } from '../../main/pipeline/transactions';
import { contract } from '../../shared/contract';
import type { Page } from '../../shared/domain';
import type { FailedEventView, RetryOutcome, TransactionView } from '../../shared/transactions';
import { eventFailureWords, tenderWords } from '../../shared/transactions';
import { createTempApp } from '../support/temp-app';

// transactions.list, transactions.retry, events.failed and events.retryMany on a real SQLite file: Square's payments
// and refunds as the pipeline stores them (wire JSON), invoices made from them, and inbox events that failed.

type TempApp = ReturnType<typeof createTempApp>;

const at = (day: number, hour: number) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

function seed(app: TempApp) {
  const db = app.db;
  db.exec(`INSERT INTO square_connections (merchant_id, environment, status, connected_at, updated_at) VALUES ('M1', 'custom', 'connected', 0, 0);
    INSERT INTO locations (id, merchant_id, name, currency, raw_json, updated_at) VALUES
      ('LAGOS', 'M1', 'Ada Stores – Lagos', 'NGN', '{}', 0), ('ABUJA', 'M1', 'Ada Stores – Abuja', 'NGN', '{}', 0);`);
  const payment = db.prepare(`INSERT INTO square_payments (id, order_id, location_id, status, updated_at, raw_json, fetched_at) VALUES (?, ?, ?, ?, ?, ?, 0)`);
  const refund = db.prepare(`INSERT INTO square_refunds (id, payment_id, order_id, location_id, status, updated_at, raw_json, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0)`);
  const invoice = db.prepare(`INSERT INTO invoices (kind, source_key, number, status, currency, issue_date, issued_at, line_extension_minor,
      tax_exclusive_minor, tax_total_minor, tax_inclusive_minor, payable_minor, source_order_id, source_payment_id, source_refund_id, original_invoice_id, created_at, updated_at)
    VALUES (@kind, @key, @number, 'draft', 'NGN', '2026-11-01', '2026-11-01T10:00:00Z', 1, 1, 0, 1, 1, @orderId, @paymentId, @refundId, @original, 0, 0)`);
  const wire = (o: Record<string, unknown>) => JSON.stringify(o);
  // A card sale with a tip (order + invoice), a cash sale without an order (invoice keyed by the payment), a card
  // payment Square declined (no invoice), and a refund of the first sale (credit note).
  payment.run('PAY_CARD', 'ORD_1', 'LAGOS', 'COMPLETED', at(1, 10), wire({
    id: 'PAY_CARD', order_id: 'ORD_1', created_at: at(1, 10), amount_money: { amount: 1_300_750, currency: 'NGN' },
    tip_money: { amount: 50_000, currency: 'NGN' }, source_type: 'CARD', card_details: { card: { card_brand: 'VISA', last_4: '1111' } },
  }));
  payment.run('PAY_CASH', null, 'ABUJA', 'COMPLETED', at(2, 9), wire({
    id: 'PAY_CASH', created_at: at(2, 9), amount_money: { amount: 250_000, currency: 'NGN' }, source_type: 'CASH',
  }));
  payment.run('PAY_DECLINED', 'ORD_3', 'LAGOS', 'FAILED', at(3, 12), wire({
    id: 'PAY_DECLINED', order_id: 'ORD_3', created_at: at(3, 12), amount_money: { amount: 9_900, currency: 'NGN' }, source_type: 'CARD',
  }));
  refund.run('REF_1', 'PAY_CARD', 'ORD_1', 'LAGOS', 'COMPLETED', at(4, 8), wire({
    id: 'REF_1', payment_id: 'PAY_CARD', created_at: at(4, 8), amount_money: { amount: 403_000, currency: 'NGN' }, status: 'COMPLETED',
  }));
  const inv1 = Number(invoice.run({ kind: 'invoice', key: 'order:ORD_1', number: 'INV-0001', orderId: 'ORD_1', paymentId: 'PAY_CARD', refundId: null, original: null }).lastInsertRowid);
  const inv2 = Number(invoice.run({ kind: 'invoice', key: 'payment:PAY_CASH', number: 'INV-0002', orderId: null, paymentId: 'PAY_CASH', refundId: null, original: null }).lastInsertRowid);
  const cn1 = Number(invoice.run({ kind: 'credit_note', key: 'refund:REF_1', number: 'CN-0001', orderId: 'ORD_1', paymentId: 'PAY_CARD', refundId: 'REF_1', original: inv1 }).lastInsertRowid);

  const event = db.prepare(`INSERT INTO webhook_inbox (event_id, source, type, merchant_id, location_id, object_id, received_at, raw_body, state,
      attempts, next_attempt_at, last_error) VALUES (@eventId, 'webhook', @type, 'M1', @location, @objectId, @receivedAt, @body, @state, @attempts, @next, @error)`);
  const ev = (e: { eventId: string; type: string; objectId: string; state: string; attempts: number; error: string | null; body?: object; location?: string }) =>
    Number(event.run({ location: 'LAGOS', receivedAt: Date.parse(at(5, 10)), next: Date.parse(at(5, 11)), ...e, body: JSON.stringify(e.body ?? {}) }).lastInsertRowid);
  // The declined payment's order.updated died; a sale Square never let the app read (only its webhook) died too;
  // one more is still being retried by the app; done and merely queued events are no problem.
  const ids = {
    inv1, inv2, cn1,
    orderDead: ev({ eventId: 'E_ORDER_DEAD', type: 'order.updated', objectId: 'ORD_3', state: 'dead', attempts: 10, error: 'Status code: 500\nBody: {"errors":[{"code":"INTERNAL_SERVER_ERROR"}]}' }),
    orphanDead: ev({
      eventId: 'E_ORPHAN', type: 'payment.created', objectId: 'PAY_LOST', state: 'dead', attempts: 10,
      error: 'Status code: 400\nBody: {"errors":[{"code":"BAD_REQUEST"}]}',
      body: { type: 'payment.created', created_at: at(6, 7), data: { id: 'PAY_LOST', object: { payment: {
        id: 'PAY_LOST', created_at: at(6, 7), amount_money: { amount: 777_700, currency: 'NGN' }, source_type: 'CASH', status: 'COMPLETED',
      } } } },
    }),
    retrying: ev({ eventId: 'E_RETRY', type: 'payment.updated', objectId: 'PAY_CASH', state: 'pending', attempts: 2, error: 'fetch failed', location: 'ABUJA' }),
    done: ev({ eventId: 'E_DONE', type: 'payment.created', objectId: 'PAY_CARD', state: 'done', attempts: 1, error: null }),
    queued: ev({ eventId: 'E_QUEUED', type: 'refund.created', objectId: 'REF_1', state: 'pending', attempts: 0, error: null }),
    customerDead: ev({
      eventId: 'E_CUSTOMER', type: 'customer.updated', objectId: 'CUST_1', state: 'dead', attempts: 10, error: 'Square customer is not in the expected shape (email_address: Invalid)',
      body: { data: { id: 'CUST_1', object: { customer: { given_name: 'Ada', family_name: 'Okafor' } } } },
    }),
  };
  return ids;
}

describe('transactions.list: Square payments and refunds with their documents and problems', () => {
  let app: TempApp;
  let ids: ReturnType<typeof seed>;
  const call = async <T>(channel: Parameters<TempApp['dispatch']>[0], input: unknown): Promise<T> => {
    const r = await app.dispatch(channel, input);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  const list = (input: object = {}) => call<Page<TransactionView>>('transactions.list', input);
  const idsOf = async (input: object = {}) => (await list(input)).items.map((t) => t.id);

  beforeEach(() => {
    app = createTempApp();
    ids = seed(app);
  });
  afterEach(() => app.dispose());

  it('lists payments, refunds and a sale known only from its failed event, newest first, with every column', async () => {
    const page = await list();
    expect(page.total).toBe(5);
    expect(page.items.map((t) => t.id)).toEqual(['PAY_LOST', 'REF_1', 'PAY_DECLINED', 'PAY_CASH', 'PAY_CARD']);
    const card = page.items.find((t) => t.id === 'PAY_CARD')!;
    expect(card).toMatchObject({
      kind: 'payment', at: at(1, 10), locationName: 'Ada Stores – Lagos', amountMinor: 1_300_750, currency: 'NGN', tipMinor: 50_000,
      squareStatus: 'COMPLETED', status: 'completed', stored: true,
      document: { id: ids.inv1, kind: 'invoice', number: 'INV-0001' }, problem: null,
    });
    expect(tenderWords(card.tender)).toBe('Card · Visa ••1111');
    const cash = page.items.find((t) => t.id === 'PAY_CASH')!;
    expect(cash.document).toMatchObject({ id: ids.inv2, number: 'INV-0002' });
    expect(tenderWords(cash.tender)).toBe('Cash');
    expect(cash.tipMinor).toBe(0);
    // Still being retried by the app: a problem, but not a dead one.
    expect(cash.problem).toMatchObject({ state: 'retrying', eventIds: [ids.retrying], attempts: 2, nextAttemptAt: at(5, 11) });
    expect(cash.problem!.reason).toBe('The app could not reach Square (no internet?). The app tries again by itself.');
    const refund = page.items.find((t) => t.id === 'REF_1')!;
    expect(refund).toMatchObject({ kind: 'refund', paymentId: 'PAY_CARD', amountMinor: 403_000, document: { id: ids.cn1, kind: 'credit_note', number: 'CN-0001' } });
    // A refund goes back the way the payment came.
    expect(tenderWords(refund.tender)).toBe('Card · Visa ••1111');
    // The declined payment's order event died: the payment shows it.
    const declined = page.items.find((t) => t.id === 'PAY_DECLINED')!;
    expect(declined).toMatchObject({ status: 'failed', document: null, problem: { state: 'dead', eventIds: [ids.orderDead] } });
    expect(declined.problem!.reason).toContain('Square was not answering');
    expect(declined.problem!.detail).toContain('Status code: 500');
    // Never stored: what the event said, and no document.
    const lost = page.items[0]!;
    expect(lost).toMatchObject({ stored: false, amountMinor: 777_700, currency: 'NGN', at: at(6, 7), locationName: 'Ada Stores – Lagos', document: null, problem: { state: 'dead', eventIds: [ids.orphanDead] } });
  });

  it('filters by kind, status, location, date range and problem, alone and together', async () => {
    expect(await idsOf({ kind: 'refund' })).toEqual(['REF_1']);
    expect(await idsOf({ kind: 'payment' })).toEqual(['PAY_LOST', 'PAY_DECLINED', 'PAY_CASH', 'PAY_CARD']);
    expect(await idsOf({ status: ['failed'] })).toEqual(['PAY_DECLINED']);
    expect(await idsOf({ status: ['completed'], kind: 'payment' })).toEqual(['PAY_LOST', 'PAY_CASH', 'PAY_CARD']);
    expect(await idsOf({ locationId: 'ABUJA' })).toEqual(['PAY_CASH']);
    expect(await idsOf({ from: at(2, 0), to: at(4, 0) })).toEqual(['PAY_DECLINED', 'PAY_CASH']);
    // An offset in the bound means the same instant: 01:00+01:00 is midnight UTC.
    expect(await idsOf({ from: '2026-11-02T01:00:00+01:00', to: '2026-11-04T00:00:00.000Z' })).toEqual(['PAY_DECLINED', 'PAY_CASH']);
    expect(await idsOf({ problem: true })).toEqual(['PAY_LOST', 'PAY_DECLINED', 'PAY_CASH']);
    expect(await idsOf({ problem: false })).toEqual(['REF_1', 'PAY_CARD']);
    expect(await idsOf({ problem: true, locationId: 'LAGOS', kind: 'payment' })).toEqual(['PAY_LOST', 'PAY_DECLINED']);
    expect((await list({ problem: true })).total).toBe(3);
  });

  it('searches Square ids, amounts as typed and the linked document number; wildcards are literal', async () => {
    // A refund is found by the payment it gives money back from, too.
    expect(await idsOf({ search: 'pay_ca' })).toEqual(['REF_1', 'PAY_CASH', 'PAY_CARD']);
    expect(await idsOf({ search: 'ORD_3' })).toEqual(['PAY_DECLINED']);
    expect(await idsOf({ search: '₦13,007.50' })).toEqual(['PAY_CARD']);
    expect(await idsOf({ search: '7,777' })).toEqual(['PAY_LOST']);
    expect(await idsOf({ search: 'INV-0001' })).toEqual(['PAY_CARD']);
    expect(await idsOf({ search: 'inv-0002' })).toEqual(['PAY_CASH']);
    expect(await idsOf({ search: 'CN-0001' })).toEqual(['REF_1']);
    expect(await idsOf({ search: '%' })).toEqual([]);
    expect(await idsOf({ search: 'P_Y' })).toEqual([]);
  });

  it('sorts by amount both ways and pages without repeating or skipping a row', async () => {
    expect(await idsOf({ sort: 'amount', dir: 'desc' })).toEqual(['PAY_CARD', 'PAY_LOST', 'REF_1', 'PAY_CASH', 'PAY_DECLINED']);
    expect(await idsOf({ sort: 'amount', dir: 'asc' })).toEqual(['PAY_DECLINED', 'PAY_CASH', 'REF_1', 'PAY_LOST', 'PAY_CARD']);
    const pages = await Promise.all([1, 2, 3].map((page) => idsOf({ page, pageSize: 2, dir: 'asc' })));
    expect(pages.flat()).toEqual(['PAY_CARD', 'PAY_CASH', 'PAY_DECLINED', 'REF_1', 'PAY_LOST']);
  });

  it('refuses bad filters with the field named, and a range that ends before it starts', async () => {
    for (const [input, field] of [
      [{ from: '2026-11-01' }, 'from'],
      [{ kind: 'order' }, 'kind'],
      [{ status: ['lost'] }, 'status.0'],
      [{ sort: 'tip' }, 'sort'],
      [{ from: at(3, 0), to: at(2, 0) }, 'from'],
      [{ pageSize: 501 }, 'pageSize'],
    ] as const) {
      expect(await app.dispatch('transactions.list', input)).toMatchObject({ ok: false, error: { code: 'invalid_input', field } });
    }
  });

  it('reads each window from an index: time and amount orders, location and status filters', () => {
    const plan = (input: object) => {
      const sql = transactionsSql(contract['transactions.list'].input.parse(input));
      return (app.db.prepare(`EXPLAIN QUERY PLAN ${sql.rows}`).all({ ...sql.params, limit: 50, offset: 0 }) as { detail: string }[])
        .map((r) => r.detail).join(' | ');
    };
    const time = plan({});
    // No sort of the whole table: the arms come in index order and are merged.
    expect(time).not.toMatch(/SCAN t USING INDEX square_payments_created.*TEMP B-TREE FOR ORDER BY.*square_refunds/);
    expect(time).toMatch(/SCAN t USING (COVERING )?INDEX square_payments_created\b/);
    expect(time).toMatch(/SCAN t USING (COVERING )?INDEX square_refunds_created\b/);
    expect(time).toMatch(/MERGE \(UNION ALL\)/);
    // By amount: the amounts come from the time index (migration 0012), not from every row's JSON.
    expect(plan({ sort: 'amount' })).toMatch(/SCAN t USING (COVERING )?INDEX square_payments_created\b/);
    expect(plan({ sort: 'amount' })).toMatch(/SCAN t USING (COVERING )?INDEX square_refunds_created\b/);
    expect(plan({ sort: 'amount', locationId: 'LAGOS' })).toMatch(/USING (COVERING )?INDEX square_payments_location_created \(location_id=\?\)/);
    expect(plan({ search: '1,307.50' })).toMatch(/SCAN square_payments USING (COVERING )?INDEX square_payments_created\b/);
    expect(plan({ locationId: 'LAGOS' })).toMatch(/USING (COVERING )?INDEX square_payments_location_created \(location_id=\?\)/);
    expect(plan({ status: ['failed'] })).toMatch(/USING (COVERING )?INDEX square_refunds_status_created \(status=\?\)/);
    expect(plan({ search: 'x' })).toMatch(/COVERING INDEX sqlite_autoindex_square_payments_1/);
  });

  it('transactions.retry re-queues the dead events of that sale (its order’s too), and says when there is nothing to retry', async () => {
    expect(await call('transactions.retry', { kind: 'payment', id: 'PAY_DECLINED' })).toEqual({ retried: 1 });
    const row = app.db.prepare('SELECT state, attempts FROM webhook_inbox WHERE id = ?').get(ids.orderDead);
    expect(row).toEqual({ state: 'pending', attempts: 0 });
    expect((await list({ problem: true })).items.map((t) => t.id)).toEqual(['PAY_LOST', 'PAY_CASH']);
    const again = await app.dispatch('transactions.retry', { kind: 'payment', id: 'PAY_DECLINED' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!again.ok) expect(again.error.message).toBe('Nothing is waiting to be retried for this sale; reload the list.');
    // A sale known only from its event is retried the same way.
    expect(await call('transactions.retry', { kind: 'payment', id: 'PAY_LOST' })).toEqual({ retried: 1 });
  });
});

describe('failed events: the dead letters in words, Retry, bulk retry and Ignore', () => {
  let app: TempApp;
  let ids: ReturnType<typeof seed>;
  beforeEach(() => {
    app = createTempApp();
    ids = seed(app);
  });
  afterEach(() => app.dispose());
  const state = (id: number) => app.db.prepare('SELECT state, attempts FROM webhook_inbox WHERE id = ?').get(id);

  it('events.failed summarises each payload and explains the reason without Square codes', async () => {
    const r = await app.dispatch('events.failed', {});
    if (!r.ok) throw new Error(r.error.message);
    const page = r.value as Page<FailedEventView>;
    expect(page.total).toBe(3);
    expect(page.items.map((e) => e.id)).toEqual([ids.customerDead, ids.orphanDead, ids.orderDead]);
    const [customer, sale, order] = page.items;
    expect(sale!.summary).toEqual({
      subject: 'sale', objectId: 'PAY_LOST', amountMinor: 777_700, currency: 'NGN', at: at(6, 7), locationName: 'Ada Stores – Lagos', customerName: null,
    });
    expect(sale!.reason).toBe('Square turned down the app’s request for this sale. Check the Square connection, then press Retry.');
    expect(sale!.detail).toContain('BAD_REQUEST');
    expect(customer!.summary).toMatchObject({ subject: 'customer', customerName: 'Ada Okafor' });
    expect(customer!.reason).toContain('could not turn this sale into an invoice');
    expect(order!.summary.subject).toBe('order');
    for (const e of page.items) expect(e.reason).not.toMatch(/Status code|BAD_REQUEST|INTERNAL|\{/);
    // The body itself never leaves main.
    expect(JSON.stringify(page)).not.toContain('raw_body');
  });

  it('events.retryMany re-queues the dead ones in one go and says why each other one was left', async () => {
    const r = await app.dispatch('events.retryMany', { ids: [ids.orderDead, ids.done, 999_999, ids.orphanDead] });
    if (!r.ok) throw new Error(r.error.message);
    const { results, retried } = r.value as { results: RetryOutcome[]; retried: number };
    expect(retried).toBe(2);
    expect(results).toEqual([
      { id: ids.orderDead, outcome: 'retried' },
      { id: ids.done, outcome: 'refused', reason: 'This event was already processed; nothing to do.' },
      { id: 999_999, outcome: 'missing', reason: 'This event is no longer there; reload the list.' },
      { id: ids.orphanDead, outcome: 'retried' },
    ]);
    expect(state(ids.orderDead)).toEqual({ state: 'pending', attempts: 0 });
    expect(state(ids.orphanDead)).toEqual({ state: 'pending', attempts: 0 });
    expect(state(ids.done)).toEqual({ state: 'done', attempts: 1 });
    const failed = await app.dispatch('events.failed', {});
    expect(failed.ok && (failed.value as Page<FailedEventView>).items.map((e) => e.id)).toEqual([ids.customerDead]);
  });

  it('events.retryMany refuses an empty list, repeats and too many at once, changing nothing', async () => {
    for (const input of [{ ids: [] }, { ids: [ids.orderDead, ids.orderDead] }, { ids: Array.from({ length: 501 }, (_, i) => i + 1) }, { ids: [0] }, {}]) {
      expect(await app.dispatch('events.retryMany', input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(state(ids.orderDead)).toEqual({ state: 'dead', attempts: 10 });
  });

  it('a stored body that is not JSON (an old or hand-made row) is listed without its summary instead of failing the list', async () => {
    app.db.prepare(`INSERT INTO webhook_inbox (event_id, source, type, object_id, received_at, raw_body, state, attempts, next_attempt_at, last_error)
      VALUES ('E_BAD', 'webhook', 'payment.created', 'PAY_BAD', 1, 'not json', 'dead', 3, 1, 'stored event: body is not valid JSON')`).run();
    const failed = await app.dispatch('events.failed', {});
    if (!failed.ok) throw new Error(failed.error.message);
    const bad = (failed.value as Page<FailedEventView>).items[0]!;
    expect(bad.summary).toMatchObject({ subject: 'sale', objectId: 'PAY_BAD', amountMinor: null });
    expect(bad.reason).toMatch(/incomplete/);
    const list = await app.dispatch('transactions.list', { problem: true });
    expect(list.ok && (list.value as Page<TransactionView>).items.map((t) => t.id)).toContain('PAY_BAD');
  });

  it('Ignore sets a dead letter aside: it leaves the failed list and the transaction shows no problem', async () => {
    expect((await app.dispatch('events.ignore', { id: ids.orderDead })).ok).toBe(true);
    const failed = await app.dispatch('events.failed', {});
    expect(failed.ok && (failed.value as Page<FailedEventView>).total).toBe(2);
    const r = await app.dispatch('transactions.list', { search: 'PAY_DECLINED' });
    expect(r.ok && (r.value as Page<TransactionView>).items[0]!.problem).toBeNull();
  });
});

describe('failure words', () => {
  it('turn recorded technical errors into a sentence with the next step', () => {
    expect(eventFailureWords('Access was revoked in Square. Reconnect.', 'dead')).toMatch(/^Square refused the app’s access\. Reconnect Square/);
    expect(eventFailureWords('Status code: 429', 'pending')).toBe('Square asked the app to slow down. The app tries again by itself.');
    expect(eventFailureWords('Status code: 404\nBody: {}', 'dead')).toMatch(/could not find this sale/);
    expect(eventFailureWords('stored event: body is not valid JSON', 'dead')).toMatch(/incomplete.*Ignore it/);
    expect(eventFailureWords('SQLITE_FULL: database or disk is full', 'dead')).toMatch(/free disk space/);
    expect(eventFailureWords(null, 'dead')).toBe('This event could not be processed. Press Retry to try again.');
  });
});

describe('routes to the two screens', () => {
  it('parse and print the Transactions (all, or only with a problem) and Failed events routes', async () => {
    const { parseRoute, routeHref } = await import('../../renderer/src/hooks/useHashRoute');
    expect(parseRoute('#/transactions')).toEqual({ screen: 'transactions' });
    expect(parseRoute('#/transactions?problem=1')).toEqual({ screen: 'transactions', problem: true });
    expect(parseRoute('#/events')).toEqual({ screen: 'events' });
    expect(routeHref({ screen: 'transactions', problem: true })).toBe('#/transactions?problem=1');
    expect(routeHref({ screen: 'events' })).toBe('#/events');
    expect(parseRoute('#/transactions?problem=yes')).toEqual({ screen: 'dashboard' });
  });
});
