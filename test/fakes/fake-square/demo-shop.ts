import type { FakeSquare } from './fake-square';
import type { SaleDiscountInput, SaleLineInput } from './builders';
import type { WireCustomerInput, WirePayment } from './types';

// A Lagos shop for `npm run demo` (docs/demo.md): one naira location in Africa/Lagos, VAT at 7.5 %, a catalog of goods
// and services, customers with and without a TIN (in `reference_id` or the note, where Nigerian shops type it), some
// history, and a stream of new sales — cash and card, tips, discounts, some with a customer, a refund now and then.
// Every object is made by the fake's builders, so it is what Square would send.

export const DEMO_MERCHANT_ID = 'MLDEMOLAGOS01';
export const DEMO_LOCATION_ID = 'LDEMOLAGOS0001';
export const DEMO_TAX_ID = 'DEMO-TAX-VAT-7-5';
const TAX_ID = DEMO_TAX_ID;

interface CatalogEntry {
  key: string;
  name: string;
  /** Naira kobo. */
  price: number;
  kind: 'goods' | 'service';
  /** Largest quantity a sale takes. */
  maxQty: number;
}

export const DEMO_CATALOG: CatalogEntry[] = [
  { key: 'JOLLOF', name: 'Jollof rice (plate)', price: 250_000, kind: 'goods', maxQty: 4 },
  { key: 'SUYA', name: 'Suya (stick)', price: 150_000, kind: 'goods', maxQty: 6 },
  { key: 'CHAPMAN', name: 'Chapman (bottle)', price: 120_000, kind: 'goods', maxQty: 4 },
  { key: 'PUFFPUFF', name: 'Puff-puff (dozen)', price: 120_000, kind: 'goods', maxQty: 3 },
  { key: 'ZOBO', name: 'Zobo drink', price: 50_000, kind: 'goods', maxQty: 6 },
  { key: 'ANKARA', name: 'Ankara fabric (yard)', price: 450_000, kind: 'goods', maxQty: 6 },
  { key: 'DELIVERY', name: 'Delivery within Lagos', price: 150_000, kind: 'service', maxQty: 1 },
  { key: 'CATERING', name: 'Event catering (per guest)', price: 600_000, kind: 'service', maxQty: 40 },
  { key: 'BRAIDING', name: 'Hair braiding', price: 1_500_000, kind: 'service', maxQty: 1 },
];

const variationId = (key: string) => `DEMO-VAR-${key}`;

/** Square customers as a Lagos shop keeps them; TINs in the NRS form NNNNNNNN-NNNN. */
export const DEMO_CUSTOMERS: (WireCustomerInput & { id: string })[] = [
  {
    id: 'DEMO-CUST-CHIOMA',
    given_name: 'Chioma',
    family_name: 'Okafor',
    email_address: 'chioma.okafor@example.com',
    phone_number: '+234 803 123 4567',
    address: { address_line_1: '12 Admiralty Way', locality: 'Lekki', administrative_district_level_1: 'Lagos', country: 'NG' },
  },
  {
    id: 'DEMO-CUST-KOLA',
    company_name: 'Kola Traders Ltd',
    given_name: 'Kola',
    family_name: 'Adebayo',
    email_address: 'accounts@kolatraders.example',
    phone_number: '+2348099990001',
    reference_id: '12345678-0001',
    address: { address_line_1: '3 Broad Street', locality: 'Lagos Island', administrative_district_level_1: 'Lagos State', country: 'NG' },
  },
  {
    id: 'DEMO-CUST-EKO',
    company_name: 'Eko Events Ltd',
    email_address: 'hello@ekoevents.example',
    note: 'Corporate client. TIN 23456789-0001, invoices to accounts payable.',
    address: { address_line_1: '45 Awolowo Road', locality: 'Ikoyi', administrative_district_level_1: 'Lagos', country: 'NG' },
  },
  { id: 'DEMO-CUST-BAYO', given_name: 'Bayo', family_name: 'Adeyemi', phone_number: '0803 555 0101' },
  { id: 'DEMO-CUST-NGOZI', given_name: 'Ngozi', family_name: 'Eze', email_address: 'ngozi.eze@example.com' },
];

/** A small seeded random source, so a demo run (and its test) is repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoShop {
  merchantId: string;
  locationId: string;
}

/** The merchant, its location, VAT, the catalog and the customers. `personalToken`: the shop's app's, for webhooks. */
export function seedLagosShop(fake: FakeSquare, opts: { clientId: string; personalToken: string }): DemoShop {
  const merchant = fake.addMerchant({ id: DEMO_MERCHANT_ID, business_name: 'Mama Put Lagos Ltd', country: 'NG', currency: 'NGN' });
  fake.addLocation({
    id: DEMO_LOCATION_ID,
    merchant_id: merchant.id,
    name: 'Mama Put – Victoria Island',
    currency: 'NGN',
    country: 'NG',
    timezone: 'Africa/Lagos',
    address: { address_line_1: '1 Adeola Odeku Street', locality: 'Victoria Island', administrative_district_level_1: 'Lagos', country: 'NG' },
    business_email: 'hello@mamaput.example',
  });
  fake.addPersonalAccessToken(opts.personalToken, merchant.id, opts.clientId);
  fake.putCatalogObject(merchant.id, {
    id: TAX_ID,
    type: 'TAX',
    present_at_all_locations: true,
    tax_data: { name: 'VAT', calculation_phase: 'TAX_SUBTOTAL_PHASE', inclusion_type: 'ADDITIVE', percentage: '7.5', applies_to_custom_amounts: true, enabled: true },
  });
  for (const c of DEMO_CATALOG) {
    const itemId = `DEMO-ITEM-${c.key}`;
    fake.putCatalogObject(merchant.id, {
      id: itemId,
      type: 'ITEM',
      present_at_all_locations: true,
      item_data: {
        name: c.name,
        product_type: c.kind === 'service' ? 'APPOINTMENTS_SERVICE' : 'REGULAR',
        tax_ids: [TAX_ID],
        variations: [
          {
            type: 'ITEM_VARIATION',
            id: variationId(c.key),
            present_at_all_locations: true,
            item_variation_data: {
              item_id: itemId,
              name: 'Regular',
              ordinal: 0,
              pricing_type: 'FIXED_PRICING',
              price_money: { amount: c.price, currency: 'NGN' },
              sellable: true,
              stockable: c.kind === 'goods',
            },
          },
        ],
      },
    });
  }
  for (const customer of DEMO_CUSTOMERS) fake.putCustomer(merchant.id, customer);
  return { merchantId: merchant.id, locationId: DEMO_LOCATION_ID };
}

export type DemoActivity =
  | { kind: 'sale'; paymentId: string; payment: WirePayment; summary: string }
  | { kind: 'refund'; refundId: string; paymentId: string; summary: string };

const naira = (kobo: number) => `₦${(kobo / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;

/** Makes sales (and now and then a refund) the way a busy till would. */
export class DemoTill {
  private readonly sales: string[] = [];
  private tick = 0;

  constructor(
    private readonly fake: FakeSquare,
    private readonly shop: DemoShop,
    private readonly random: () => number = seededRandom(2026),
  ) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  /** One sale now, or at `createdAt` (history). */
  sale(createdAt?: string): DemoActivity & { kind: 'sale' } {
    const count = 1 + Math.floor(this.random() * 3);
    const chosen = new Map<string, CatalogEntry>();
    while (chosen.size < count) {
      const c = this.pick(DEMO_CATALOG);
      chosen.set(c.key, c);
    }
    const lines: SaleLineInput[] = [...chosen.values()].map((c) => ({
      name: c.name,
      unitPrice: c.price,
      quantity: 1 + Math.floor(this.random() * c.maxQty),
      variationName: 'Regular',
      catalogObjectId: variationId(c.key),
    }));
    const cash = this.chance(0.4);
    const discounts: SaleDiscountInput[] = this.chance(0.2)
      ? [this.chance(0.5) ? { name: 'Loyalty 10%', percentage: '10' } : { name: 'Promo ₦500 off', amount: 50_000 }]
      : [];
    const subtotal = lines.reduce((a, l) => a + l.unitPrice * Number(l.quantity ?? 1), 0);
    // Tips are rounded to ₦50, as people tip.
    const tip = !cash && this.chance(0.3) ? Math.max(5_000, Math.round((subtotal * 0.05) / 5_000) * 5_000) : 0;
    const customer = this.chance(0.4) ? this.pick(DEMO_CUSTOMERS) : null;
    const { payment } = this.fake.addSale({
      locationId: this.shop.locationId,
      lines,
      taxes: [{ name: 'VAT', percentage: '7.5', catalogObjectId: TAX_ID }],
      ...(discounts.length ? { discounts } : {}),
      ...(tip ? { tip } : {}),
      ...(customer ? { customerId: customer.id } : {}),
      sourceType: cash ? 'CASH' : 'CARD',
      ...(createdAt ? { createdAt, updatedAt: createdAt } : {}),
    });
    this.sales.push(payment.id);
    const who = customer ? ` to ${customer.company_name ?? `${customer.given_name} ${customer.family_name}`}` : '';
    const extras = [tip ? `tip ${naira(tip)}` : '', discounts.length ? discounts[0]!.name : ''].filter(Boolean).join(', ');
    return {
      kind: 'sale',
      paymentId: payment.id,
      payment,
      summary: `${cash ? 'Cash' : 'Card'} sale${who}: ${naira((payment.total_money as { amount: number }).amount)}${extras ? ` (${extras})` : ''}`,
    };
  }

  /** Refunds part or all of an earlier sale. Null when there is nothing to refund yet. */
  refund(): (DemoActivity & { kind: 'refund' }) | null {
    const paymentId = this.sales.length > 1 ? this.pick(this.sales.slice(0, -1)) : undefined;
    if (!paymentId) return null;
    this.sales.splice(this.sales.indexOf(paymentId), 1);
    const payment = this.fake.getPayment(paymentId)!;
    const amount = (payment.amount_money as { amount: number }).amount;
    const part = this.chance(0.5) ? Math.round(amount / 2) : amount;
    const refund = this.fake.addRefund({ paymentId, amount: part, reason: part === amount ? 'Order cancelled' : 'Part of the order returned' });
    return { kind: 'refund', refundId: refund.id, paymentId, summary: `Refund of ${naira(part)} on an earlier sale` };
  }

  /** What the till does next: mostly a sale, about one time in eight a refund. */
  next(): DemoActivity {
    this.tick += 1;
    if (this.tick % 8 === 0) {
      const r = this.refund();
      if (r) return r;
    }
    return this.sale();
  }

  /**
   * Past sales: `recent` spread over the last 2 days (catch-up reads those at connect) and `older` over the 30 days
   * before that (for trying a backfill on the Sync screen).
   */
  history(opts: { recent: number; older: number; now?: number }): void {
    const now = opts.now ?? Date.now();
    const hour = 3600_000;
    const at = (msAgo: number) => new Date(now - msAgo).toISOString();
    for (let i = 0; i < opts.older; i++) this.sale(at(3 * 24 * hour + this.random() * 30 * 24 * hour));
    for (let i = 0; i < opts.recent; i++) this.sale(at(hour + this.random() * 46 * hour));
  }
}
