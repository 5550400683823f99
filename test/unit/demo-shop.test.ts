import { SquareClient } from 'square';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCustomerWire } from '../../main/square/customer-wire';
import { e164Phone, tinOf } from '../../main/invoicing/convert/buyer-fields';
import { startFakeSquare, type FakeSquare } from '../fakes/fake-square';
import { DEMO_CATALOG, DEMO_CUSTOMERS, DEMO_TAX_ID, DemoTill, seededRandom, seedLagosShop, type DemoShop } from '../fakes/fake-square/demo-shop';

// The demo shop (`npm run demo`, docs/demo.md) as the app will read it: a naira location in Lagos, VAT at 7.5 %,
// customers whose TIN sits where the app looks for it, and sales and refunds with Square's own arithmetic.

const APP_ID = 'sq0idp-demo-test';
const PAT = 'EAAAl-demo-test-personal-token';

let fake: FakeSquare;
let shop: DemoShop;
let client: SquareClient;

beforeEach(async () => {
  fake = await startFakeSquare({ apps: [{ clientId: APP_ID, redirectUri: 'http://127.0.0.1:53123/oauth/callback' }] });
  shop = seedLagosShop(fake, { clientId: APP_ID, personalToken: PAT });
  client = new SquareClient({ token: PAT, baseUrl: fake.url });
});

afterEach(async () => {
  await fake.close();
});

describe('the Lagos demo shop', () => {
  it('is one naira location in Africa/Lagos with a 7.5 % VAT and a catalog of goods and services', async () => {
    const { locations } = await client.locations.list();
    expect(locations).toHaveLength(1);
    expect(locations![0]).toMatchObject({ id: shop.locationId, currency: 'NGN', country: 'NG', timezone: 'Africa/Lagos' });
    const ids = [DEMO_TAX_ID, ...DEMO_CATALOG.map((c) => `DEMO-ITEM-${c.key}`)];
    const objects = (await client.catalog.batchGet({ objectIds: ids })).objects ?? [];
    expect(objects).toHaveLength(ids.length);
    const tax = objects.find((o) => o.type === 'TAX');
    expect(tax).toMatchObject({ taxData: { name: 'VAT', percentage: '7.5', inclusionType: 'ADDITIVE' } });
    const kinds = objects.filter((o) => o.type === 'ITEM').map((o) => (o as { itemData?: { productType?: string } }).itemData?.productType);
    expect(kinds).toContain('REGULAR');
    expect(kinds).toContain('APPOINTMENTS_SERVICE');
  });

  it('has customers with a TIN (in reference_id or the note) and without, read as the app reads them', async () => {
    const tins = new Map<string, string | null>();
    for (const c of DEMO_CUSTOMERS) {
      const { customer } = await client.customers.get({ customerId: c.id });
      tins.set(c.id, tinOf(parseCustomerWire(JSON.parse(JSON.stringify(fake.state.customers.get(c.id)!.customer)))));
      expect(customer?.id).toBe(c.id);
    }
    expect(tins.get('DEMO-CUST-KOLA')).toBe('12345678-0001');
    expect(tins.get('DEMO-CUST-EKO')).toBe('23456789-0001');
    expect([...tins.values()].filter((t) => t === null)).toHaveLength(3);
    // A phone typed without the country code is left out, never guessed.
    expect(e164Phone(DEMO_CUSTOMERS.find((c) => c.id === 'DEMO-CUST-BAYO')!.phone_number as string)).toBeNull();
    expect(e164Phone(DEMO_CUSTOMERS.find((c) => c.id === 'DEMO-CUST-CHIOMA')!.phone_number as string)).toBe('+2348031234567');
  });

  it('rings up cash and card sales with VAT, tips, discounts, customers and a refund now and then', () => {
    const till = new DemoTill(fake, shop, seededRandom(7));
    const activity = Array.from({ length: 80 }, () => till.next());
    const sales = activity.filter((a) => a.kind === 'sale');
    const refunds = activity.filter((a) => a.kind === 'refund');
    expect(refunds.length).toBe(10);
    const orders = sales.map((s) => fake.getOrder(s.payment.order_id as string)!);
    const payments = sales.map((s) => fake.getPayment(s.paymentId)!);
    expect(new Set(payments.map((p) => p.source_type))).toEqual(new Set(['CASH', 'CARD']));
    expect(orders.every((o) => (o.taxes as { percentage: string }[] | undefined)?.[0]?.percentage === '7.5' && o.total_money?.currency === 'NGN')).toBe(true);
    expect(orders.some((o) => (o.total_tip_money as { amount: number }).amount > 0)).toBe(true);
    expect(orders.some((o) => (o.total_discount_money as { amount: number }).amount > 0)).toBe(true);
    expect(orders.some((o) => o.customer_id)).toBe(true);
    // Square's arithmetic: the payment's total is the order's total (tip included).
    for (const [i, p] of payments.entries()) expect((p.total_money as { amount: number }).amount).toBe(orders[i]!.total_money!.amount);
    for (const r of refunds) expect(fake.getPayment(r.paymentId)!.refund_ids).toContain(r.refundId);
  });

  it('makes the same sales from the same seed', () => {
    const summaries = (seed: number) => {
      const till = new DemoTill(fake, shop, seededRandom(seed));
      return Array.from({ length: 10 }, () => till.next().summary);
    };
    expect(summaries(42)).toEqual(summaries(42));
  });
});
