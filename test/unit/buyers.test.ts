import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InvoiceDetail } from '../../shared/domain';
import type { BuyerInput } from '../../shared/review';
import { customersCursorKey } from '../../main/intake/sync/catch-up';
import { routeOf, SUBSCRIBED_EVENT_TYPES } from '../../main/inbox/envelope';
import { addressOf, e164Phone, tinOf } from '../../main/invoicing/convert/index';
import { stateCodeByName } from '../../main/invoicing/nrs-codes/index';
import { deliver, inboxStates, invoiceRows, startConnectedApp, startShop, type Shop, type TestApp } from '../support/pipeline-harness';

// Buyers from Square customers, end to end: sales naming a customer_id arrive as signed webhooks, the worker fetches
// the customer from the fake Square through the real SDK (cache first), and the invoice's buyer is that customer;
// customer.updated webhooks and catch-up sync refresh buyers still under review, never the owner's edits and never an
// approved invoice. Real SQLite, real HTTP; nothing is mocked.

const FAST = {
  retryBaseMs: 20,
  retryMaxMs: 200,
  pollMs: 20,
  policy: { halfOpenAfterMs: 300, timeoutMs: 1_000, maxRetries: 1, breakAfter: 50 },
};

let shop: Shop;
let app: TestApp;


async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = (await app.dispatch(channel as never, input as never)) as { ok: true; value: T } | { ok: false; error: unknown };
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** A completed card sale naming `customerId`, delivered as Square's payment.created; returns its invoice. */
async function saleFor(customerId: string): Promise<InvoiceDetail> {
  const { order, payment } = shop.fake.addSale({
    locationId: shop.locationId,
    customerId,
    lines: [{ name: 'Palm oil (5 l)', unitPrice: 1_250, quantity: 2 }],
    taxes: [{ name: 'VAT', percentage: '7.5' }],
  });
  expect(await deliver(app, shop.fake.buildEvent('payment.created', payment.id))).toBe(200);
  await app.worker.idle();
  const row = invoiceRows(app).find((r) => r.source_key === `order:${order.id}`);
  expect(row, 'an invoice for the sale').toBeDefined();
  return invoice(row!.id);
}

const invoice = (id: number) => call<InvoiceDetail>('invoices.get', { id });

const LAGOS_ADDRESS = {
  address_line_1: '12 Allen Avenue',
  address_line_2: 'Suite 4',
  locality: 'Ikeja',
  administrative_district_level_1: 'Lagos State',
  postal_code: '100271',
  country: 'NG',
};

describe('buyers from Square customers', () => {
  beforeEach(async () => {
    shop = await startShop();
    app = await startConnectedApp(shop, { pipeline: FAST, sync: { enabled: false } });
  });

  afterEach(async () => {
    await app.dispose();
    await shop.fake.close();
  });

  it('a sale with a business customer gets that customer as buyer: company name, email, E.164 phone, address, TIN → B2B', async () => {
    const customer = shop.fake.putCustomer(shop.merchantId, {
      given_name: 'Ada', family_name: 'Okafor', company_name: 'Okafor Trading Ltd',
      email_address: 'accounts@okafor.example', phone_number: '+234 803 123-4567',
      reference_id: '12345678-0001', address: LAGOS_ADDRESS,
    });
    const inv = await saleFor(customer.id);
    expect(inv).toMatchObject({
      status: 'draft',
      buyerName: 'Okafor Trading Ltd',
      buyerEmail: 'accounts@okafor.example',
      buyerPhone: '+2348031234567',
      buyerTin: '12345678-0001',
      buyerKind: 'B2B',
      buyerKindChosen: false,
      buyerEdited: false,
      buyerAddress: { street: '12 Allen Avenue, Suite 4', city: 'Ikeja', postalZone: '100271', country: 'NG', state: 'NG-LA', lga: null },
    });
    // Cached as Square sent it: the next sale of the customer needs no fetch.
    const stored = app.db.prepare('SELECT raw_json FROM square_customers WHERE id = ?').pluck().get(customer.id) as string;
    expect(JSON.parse(stored)).toMatchObject({ id: customer.id, company_name: 'Okafor Trading Ltd', version: 0 });
    const fetchesBefore = shop.fake.calls.filter((c) => c.path === `/v2/customers/${customer.id}`).length;
    expect(fetchesBefore).toBe(1);
    await saleFor(customer.id);
    expect(shop.fake.calls.filter((c) => c.path === `/v2/customers/${customer.id}`).length).toBe(fetchesBefore);
  });

  it('a person without a TIN is a B2C buyer by name; a phone that is not E.164 and an unknown state are left out', async () => {
    const customer = shop.fake.putCustomer(shop.merchantId, {
      given_name: ' Bola ', family_name: 'Ade', email_address: 'bola@example.ng', phone_number: '0803 123 4567',
      note: 'Regular. Pays cash.',
      address: { address_line_1: '5 Main Street', locality: 'Springfield', administrative_district_level_1: 'Oregon', country: 'US' },
    });
    const inv = await saleFor(customer.id);
    expect(inv).toMatchObject({
      buyerName: 'Bola Ade', buyerEmail: 'bola@example.ng', buyerPhone: null, buyerTin: null, buyerKind: 'B2C',
      buyerAddress: { street: '5 Main Street', city: 'Springfield', postalZone: null, country: 'US', state: null, lga: null },
    });
  });

  it('takes a TIN from the customer note when it names exactly one', async () => {
    const customer = shop.fake.putCustomer(shop.merchantId, {
      given_name: 'Chidi', family_name: 'Eze', note: 'Invoice to Eze Foods, TIN 87654321-0002, net 30',
    });
    expect(await saleFor(customer.id)).toMatchObject({ buyerName: 'Chidi Eze', buyerTin: '87654321-0002', buyerKind: 'B2B' });
  });

  it('a customer Square does not have (404) leaves a walk-in buyer, and the invoice is still created', async () => {
    const inv = await saleFor('NO_SUCH_CUSTOMER');
    expect(inv).toMatchObject({ status: 'draft', buyerTin: null, buyerEmail: null, buyerAddress: null, buyerKind: 'B2C' });
    expect(inboxStates(app)).toEqual({ done: 1 });
    expect(app.db.prepare('SELECT count(*) FROM square_customers').pluck().get()).toBe(0);
  });

  it('a customer that cannot be read is retried like any Square call, then the invoice goes ahead with a walk-in buyer', async () => {
    const customer = shop.fake.putCustomer(shop.merchantId, { company_name: 'Flaky Ltd' });
    // Every customer read fails: the event is retried (attempts spent), then written without the customer.
    const fault = shop.fake.injectFault({ route: `/v2/customers/${customer.id}`, method: 'GET', status: 500, times: 1_000 });
    const { order, payment } = shop.fake.addSale({ locationId: shop.locationId, customerId: customer.id, lines: [{ name: 'Garri', unitPrice: 700 }] });
    expect(await deliver(app, shop.fake.buildEvent('payment.created', payment.id))).toBe(200);
    // Retries are due later (backoff), so idle() alone may return before the last one: wait for the event to finish.
    await vi.waitFor(async () => {
      await app.worker.idle();
      expect(inboxStates(app)).toEqual({ done: 1 });
    }, { timeout: 10_000, interval: 50 });
    fault.cancel();
    const inv = await invoice(invoiceRows(app).find((r) => r.source_key === `order:${order.id}`)!.id);
    expect(fault.hits).toBeGreaterThanOrEqual(3); // several attempts, each through the retry policy
    expect(inv).toMatchObject({ status: 'draft', buyerName: null, buyerKind: 'B2C' });
    expect(inboxStates(app)).toEqual({ done: 1 });
    // The link to the customer is kept, so the customer's next change fills the buyer in.
    shop.fake.putCustomer(shop.merchantId, { id: customer.id, company_name: 'Flaky Ltd' });
    expect(await deliver(app, shop.fake.buildEvent('customer.updated', customer.id))).toBe(200);
    await app.worker.idle();
    expect((await invoice(inv.id)).buyerName).toBe('Flaky Ltd');
  });

  it('customer.updated refreshes the buyer of a draft, not one the owner edited and not an approved invoice', async () => {
    const customer = shop.fake.putCustomer(shop.merchantId, { company_name: 'Old Name Ltd', email_address: 'old@example.ng' });
    const draft = await saleFor(customer.id);
    const edited = await saleFor(customer.id);
    const approved = await saleFor(customer.id);
    const ownerBuyer: BuyerInput = {
      name: 'Owner Typed Ltd', tin: '11112222-0003', email: 'owner@example.ng', phone: null, address: null, kind: null,
    };
    await call('invoices.buyer.set', { id: edited.id, buyer: ownerBuyer });
    await call('invoices.approve', { id: approved.id });

    shop.fake.putCustomer(shop.merchantId, {
      id: customer.id, company_name: 'New Name Ltd', email_address: 'new@example.ng', reference_id: '99998888-0001',
    });
    expect(await deliver(app, shop.fake.buildEvent('customer.updated', customer.id))).toBe(200);
    await app.worker.idle();

    const after = await invoice(draft.id);
    expect(after).toMatchObject({ buyerName: 'New Name Ltd', buyerEmail: 'new@example.ng', buyerTin: '99998888-0001', buyerKind: 'B2B', status: 'draft' });
    expect(after.history.map((h) => h.action)).toContain('invoice.buyer.refreshed');
    expect(await invoice(edited.id)).toMatchObject({ buyerName: 'Owner Typed Ltd', buyerTin: '11112222-0003', buyerEmail: 'owner@example.ng', buyerEdited: true });
    expect(await invoice(approved.id)).toMatchObject({ buyerName: 'Old Name Ltd', buyerEmail: 'old@example.ng', status: 'approved' });
    const cached = app.db.prepare('SELECT raw_json FROM square_customers WHERE id = ?').pluck().get(customer.id) as string;
    expect(JSON.parse(cached)).toMatchObject({ company_name: 'New Name Ltd', version: 1 });

    // An older version arriving late (Square does not order deliveries) changes nothing: newest wins.
    const stale = {
      merchant_id: shop.merchantId, type: 'customer.updated', event_id: 'stale-customer-event', created_at: new Date().toISOString(),
      data: { type: 'customer', id: customer.id, object: { customer: { ...JSON.parse(cached), company_name: 'Stale Ltd', version: 0, updated_at: '2020-01-01T00:00:00Z' } } },
    };
    expect(await deliver(app, stale)).toBe(200);
    await app.worker.idle();
    expect((await invoice(draft.id)).buyerName).toBe('New Name Ltd');
  });

  it('a newer version of the sale from Square keeps the buyer the owner edited', async () => {
    const customer = shop.fake.putCustomer(shop.merchantId, { given_name: 'Ngozi', family_name: 'Obi' });
    const { order, payment } = shop.fake.addSale({ locationId: shop.locationId, customerId: customer.id, lines: [{ name: 'Yam', unitPrice: 900 }] });
    await deliver(app, shop.fake.buildEvent('payment.created', payment.id));
    await app.worker.idle();
    const id = invoiceRows(app)[0]!.id;
    await call('invoices.buyer.set', { id, buyer: { name: 'Ngozi Obi Enterprises', tin: null, email: null, phone: '+2348090000000', address: null, kind: 'B2C' } });
    shop.fake.putOrder({ ...order, note: 'edited in Square' });
    await deliver(app, shop.fake.buildEvent('order.updated', order.id));
    await app.worker.idle();
    expect(await invoice(id)).toMatchObject({ buyerName: 'Ngozi Obi Enterprises', buyerPhone: '+2348090000000', buyerEdited: true });
  });

  it('a customer event whose customer is not in Square’s shape is dead-lettered at once, with the field named', async () => {
    const bad = {
      merchant_id: shop.merchantId, type: 'customer.updated', event_id: 'bad-customer-event', created_at: new Date().toISOString(),
      data: { type: 'customer', id: 'C1', object: { customer: { id: 'C1', company_name: 42 } } },
    };
    expect(await deliver(app, bad)).toBe(200);
    await app.worker.idle();
    const row = app.db.prepare(`SELECT state, attempts, last_error FROM webhook_inbox WHERE event_id = 'bad-customer-event'`).get() as {
      state: string; attempts: number; last_error: string;
    };
    expect(row).toMatchObject({ state: 'dead', attempts: 1 });
    expect(row.last_error).toMatch(/company_name/);
  });

  it('catch-up sync picks up a customer changed while no webhook arrived, and refreshes the draft', async () => {
    const customer = shop.fake.putCustomer(shop.merchantId, { company_name: 'Before Sync Ltd' });
    const draft = await saleFor(customer.id);
    shop.fake.putCustomer(shop.merchantId, { id: customer.id, company_name: 'After Sync Ltd', email_address: 'sync@example.ng' });

    const status = await app.sync.runCatchUp('test');
    expect(status.lastError).toBeNull();
    const queued = app.db.prepare(`SELECT event_id FROM webhook_inbox WHERE type = 'customer.updated'`).pluck().all() as string[];
    expect(queued).toEqual([`sync:customer:${customer.id}:1`]);
    expect(status.cursors).toContainEqual(expect.objectContaining({ locationId: customersCursorKey(shop.merchantId), stream: 'customers' }));
    await app.worker.idle();
    expect(await invoice(draft.id)).toMatchObject({ buyerName: 'After Sync Ltd', buyerEmail: 'sync@example.ng' });

    // The overlap window re-reads it: same version, same event id, nothing new queued.
    await app.sync.runCatchUp('again');
    expect(app.db.prepare(`SELECT count(*) FROM webhook_inbox WHERE type = 'customer.updated'`).pluck().get()).toBe(1);
  });
});

describe('buyer fields from a customer (pure)', () => {
  it('keeps a phone only when it is E.164 once spaces, dots, dashes and brackets are dropped', () => {
    expect(e164Phone('+234 (803) 123-4567')).toBe('+2348031234567');
    expect(e164Phone('+1.415.555.0100')).toBe('+14155550100');
    expect(e164Phone('0803 123 4567')).toBeNull(); // no country code: not guessed
    expect(e164Phone('+0123456789')).toBeNull();
    expect(e164Phone('call me')).toBeNull();
    expect(e164Phone(undefined)).toBeNull();
  });

  it('finds a TIN in reference_id (whole field) or in the note (exactly one, on its own)', () => {
    expect(tinOf({ referenceId: ' 12345678-0001 ' })).toBe('12345678-0001');
    expect(tinOf({ referenceId: 'CUST-12345678-0001', note: 'TIN: 22223333-0004.' })).toBe('22223333-0004');
    expect(tinOf({ note: 'TIN 22223333-0004, old TIN 22223333-0005' })).toBeNull(); // two: cannot tell which
    expect(tinOf({ note: 'TIN 22223333-0004; again 22223333-0004' })).toBe('22223333-0004');
    expect(tinOf({ note: 'phone 0803-1234-5678 / account 123456789-00012' })).toBeNull();
    expect(tinOf(null)).toBeNull();
  });

  it('maps a Nigerian state name to its NRS code, and nothing else', () => {
    expect(stateCodeByName('Lagos')).toBe('NG-LA');
    expect(stateCodeByName('  cross   river state ')).toBe('NG-CR');
    expect(stateCodeByName('FCT')).toBe('NG-FC');
    expect(stateCodeByName('Abuja Federal Capital Territory')).toBe('NG-FC');
    expect(stateCodeByName('NG-LA')).toBeNull();
    expect(stateCodeByName('Ontario')).toBeNull();
  });

  it('builds the postal address from Square’s fields without guessing what is missing', () => {
    expect(addressOf({ addressLine1: '3 Broad St', locality: 'Lagos Island', administrativeDistrictLevel1: 'Lagos' })).toEqual({
      street: '3 Broad St', city: 'Lagos Island', postalZone: null, country: 'NG', state: 'NG-LA', lga: null,
    });
    // A state name abroad is not a Nigerian state; an unknown country stays empty for the owner.
    expect(addressOf({ addressLine1: '1 Delta Rd', locality: 'Vancouver', administrativeDistrictLevel1: 'Delta', country: 'CA' }))
      .toMatchObject({ country: 'CA', state: null });
    expect(addressOf({ addressLine1: '9 Unknown Way', locality: 'Somewhere', administrativeDistrictLevel1: 'Nowhere' }))
      .toMatchObject({ country: '', state: null });
    expect(addressOf({ administrativeDistrictLevel1: 'Lagos', postalCode: '100001' })).toBeNull();
    expect(addressOf(undefined)).toBeNull();
  });

  it('customer.created/updated are subscribed and routed to the pipeline; customer.deleted is kept but ignored', () => {
    expect(SUBSCRIBED_EVENT_TYPES).toEqual(expect.arrayContaining(['customer.created', 'customer.updated']));
    expect(routeOf('customer.updated')).toBe('sale');
    expect(routeOf('customer.created')).toBe('sale');
    expect(routeOf('customer.deleted')).toBe('ignored');
  });
});
