import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialization, type Square } from 'square';
import { beforeEach, describe, expect, it } from 'vitest';
import { readWire, type WireRoot } from '../../main/square/wire-reader';
import { fromWire, toWireJson } from '../../main/square/wire';
import { keepingOrdersWire } from '../../main/square/raw-capture';
import type { FakeSquare, WireLocation } from '../fakes/fake-square';
import { withFakeShop } from '../support/fake-shop-client';

// The table-driven reader must give exactly what the SDK's own parse gives, or nothing (then the SDK reads it).

const SDK_OPTIONS = { unrecognizedObjectKeys: 'passthrough', allowUnrecognizedEnumValues: true } as const;
const schemaOf = { Order: serialization.Order, Payment: serialization.Payment, PaymentRefund: serialization.PaymentRefund };

function sdkParse(type: WireRoot, raw: unknown): unknown {
  const r = schemaOf[type].parse(raw, SDK_OPTIONS);
  return r.ok ? r.value : undefined;
}

const FIXTURES = join(__dirname, '../fixtures/square');
const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as { order?: unknown; payments?: unknown[] }) }));

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const sampleOrder = () => clone(fixtures.find((f) => f.file.startsWith('34-'))!.order) as Record<string, unknown>;
const samplePayment = () => clone(fixtures.find((f) => f.file.startsWith('17-'))!.payments![0]) as Record<string, unknown>;

describe('wire reader', () => {
  it('the generated table matches the installed square SDK', () => {
    // Fails after an SDK upgrade until scripts/gen-square-wire-schema.mjs is run again.
    const out = execFileSync(process.execPath, [join(__dirname, '../../scripts/gen-square-wire-schema.mjs'), '--check'], { encoding: 'utf8' });
    expect(out).toMatch(/matches square/);
  });

  it('reads every fixture order and payment exactly as the SDK does', () => {
    let compared = 0;
    for (const f of fixtures) {
      const items: [WireRoot, unknown][] = [...(f.order ? [['Order', f.order] as [WireRoot, unknown]] : []), ...(f.payments ?? []).map((p) => ['Payment', p] as [WireRoot, unknown])];
      for (const [type, raw] of items) {
        const sdk = sdkParse(type, raw);
        expect(sdk, `${f.file} ${type}`).toBeDefined();
        expect(readWire(type, raw), `${f.file} ${type}`).toStrictEqual(sdk);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(60);
  });

  it('keeps what the SDK keeps: map keys as sent, unknown fields, null against undefined, bigint only where the SDK has it', () => {
    const order = sampleOrder();
    order.metadata = { shop_note: 'keep_me', other: null };
    order.brand_new_field = { some_key: 1 };
    order.reference_id = null; // optional and nullable: stays null
    order.returns = null; // optional only: reads as undefined
    order.version = 7; // a number in the SDK (Card.version is a bigint)
    const payment = samplePayment();
    payment.card_details = { status: 'CAPTURED', card: { card_brand: 'VISA', last_4: '1111', exp_month: 12, exp_year: 2030, version: 3 } };
    for (const [type, raw] of [['Order', order], ['Payment', payment]] as [WireRoot, unknown][]) {
      expect(readWire(type, raw)).toStrictEqual(sdkParse(type, raw));
    }
    const read = readWire<Square.Order & Record<string, unknown>>('Order', order)!;
    expect(read.metadata).toEqual({ shop_note: 'keep_me', other: null });
    expect(read.brand_new_field).toEqual({ some_key: 1 });
    expect(read.referenceId).toBeNull();
    expect('returns' in read && read.returns === undefined).toBe(true);
    expect(read.version).toBe(7);
    expect(typeof read.totalMoney?.amount).toBe('bigint');
    const card = readWire<Square.Payment>('Payment', payment)!.cardDetails!.card!;
    expect(card).toMatchObject({ last4: '1111', expMonth: 12n, expYear: 2030n, version: 3n });
  });

  it('leaves to the SDK what it cannot read exactly, and the SDK still says what is wrong', () => {
    const wrongType = { ...sampleOrder(), line_items: 'not a list' };
    expect(readWire('Order', wrongType)).toBeUndefined();
    expect(() => fromWire.order(wrongType)).toThrow(/Square order is not in the expected shape.*Expected list/);

    const missingRequired = sampleOrder();
    delete missingRequired.location_id;
    expect(readWire('Order', missingRequired)).toBeUndefined();
    expect(() => fromWire.order(missingRequired)).toThrow(/location_id/);

    // An amount JSON.parse could not keep exact: only the SDK's parser (from the text) can.
    const unsafe = sampleOrder();
    unsafe.total_money = { amount: 2 ** 53 + 2, currency: 'USD' };
    expect(readWire('Order', unsafe)).toBeUndefined();

    const prototypeKey = JSON.parse('{"id":"P1","__proto__":{"x":1}}') as unknown;
    expect(readWire('Payment', prototypeKey)).toBeUndefined();
    expect(readWire('Order', null)).toBeUndefined();
    expect(readWire('Order', [])).toBeUndefined();
  });

  it('fromWire gives the same objects whichever reader answered', () => {
    const order = sampleOrder();
    expect(fromWire.order(clone(order))).toStrictEqual(sdkParse('Order', order));
  });
});

describe('orders in Square answers read by the table', () => {
  const TOKEN = 'EAAAwire-reader-token-1';
  const shop = withFakeShop(TOKEN);
  let fake: FakeSquare;
  let usd: WireLocation;
  beforeEach(() => ({ fake, location: usd } = shop.current));

  const plain = () => shop.current.plain();
  const app = () => shop.current.capturing();

  it('BatchRetrieveOrders and SearchOrders give the SDK its own answer, orders and all', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(fake.addSale({ locationId: usd.id, lines: [{ name: `Item ${i}`, unitPrice: 100 + i, quantity: i + 1 }], taxes: [{ name: 'Tax', percentage: '7.5' }], tip: i * 10 }).order.id);
    }
    const request = { orderIds: [...ids, 'missing-order'] };
    const ours = await keepingOrdersWire((o) => app().orders.batchGet(request, o));
    const sdks = await plain().orders.batchGet(request);
    expect(ours.orders).toHaveLength(5);
    expect(ours).toStrictEqual(sdks);

    const search = { locationIds: [usd.id], limit: 2 };
    const ourPage = await keepingOrdersWire((o) => app().orders.search(search, o));
    const sdkPage = await plain().orders.search(search);
    expect(ourPage.cursor).toBeTruthy();
    expect(ourPage).toStrictEqual(sdkPage);
  });

  it('an answer with a number JSON.parse would round goes to the SDK whole, and still reads the same', async () => {
    const { order } = fake.addSale({ locationId: usd.id, lines: [{ name: 'Tea', unitPrice: 250 }] });
    // The fake writes 2^60 as 1152921504606847000: the SDK's own parser reads that integer exactly, where JSON.parse
    // would give the double 2^60 (…976).
    fake.putOrder({ ...fake.getOrder(order.id)!, total_tip_money: { amount: 2 ** 60, currency: 'USD' } });
    const ours = await keepingOrdersWire((o) => app().orders.batchGet({ orderIds: [order.id] }, o));
    expect(ours.orders?.[0]?.totalTipMoney?.amount).toBe(1152921504606847000n);
    expect(ours).toStrictEqual(await plain().orders.batchGet({ orderIds: [order.id] }));
    // Digits inside a string are not a number: that answer is read by the table.
    fake.putOrder({ ...fake.getOrder(order.id)!, total_tip_money: { amount: 0, currency: 'USD' }, reference_id: '1234567890123456789' });
    const text = await keepingOrdersWire((o) => app().orders.batchGet({ orderIds: [order.id] }, o));
    expect(text.orders?.[0]?.referenceId).toBe('1234567890123456789');
    expect(text).toStrictEqual(await plain().orders.batchGet({ orderIds: [order.id] }));
  });

  it('each order keeps the text Square sent for it, byte for byte, whatever characters it holds', async () => {
    const names = ['Café crème', 'Suya ₦ special', 'Pie 😀 "quoted" \\ back\\slash', 'Plain'];
    const ids = names.map((name, i) => fake.addSale({ locationId: usd.id, lines: [{ name, unitPrice: 500 + i }] }).order.id);
    const raw = await (await fetch(`${fake.url}/v2/orders/batch-retrieve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ order_ids: ids }),
    })).text();
    const ours = await keepingOrdersWire((o) => app().orders.batchGet({ orderIds: ids }, o));
    expect(ours).toStrictEqual(await plain().orders.batchGet({ orderIds: ids }));
    for (const [i, order] of (ours.orders ?? []).entries()) {
      const text = toWireJson.order(order);
      expect(raw).toContain(text); // cut from the answer as sent, not written back out
      expect(JSON.parse(text)).toEqual(fake.getOrder(order.id!));
      expect(order.lineItems?.[0]?.name).toBe(names[i]);
    }
  });

  it('no orders found: the answer reads as the SDK reads it', async () => {
    const ours = await keepingOrdersWire((o) => app().orders.batchGet({ orderIds: ['missing-order'] }, o));
    expect(ours.orders).toBeUndefined();
    expect(ours).toStrictEqual(await plain().orders.batchGet({ orderIds: ['missing-order'] }));
  });
});
