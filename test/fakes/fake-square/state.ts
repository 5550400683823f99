import type { FakeClock } from './clock';
import { newId } from './ids';
import { ListCache } from './paging';
import type {
  WireCatalogObject,
  WireCatalogObjectInput,
  WireCustomerInput,
  WireOrderInput,
  WirePaymentInput,
  WireRefundInput,
  WireCustomer,
  WireLocation,
  WireMerchant,
  WireOrder,
  WirePayment,
  WireRefund,
  WireWebhookSubscription,
} from './types';
import { clone } from './wire';

// The seller data the fake serves. Every object is stored and handed out as a deep copy, so a test that keeps a
// reference cannot change what the server returns behind its back.

export interface AddMerchantInput {
  id?: string;
  business_name: string;
  country: string;
  currency: string;
  language_code?: string;
  status?: 'ACTIVE' | 'INACTIVE';
  created_at?: string;
}

export interface AddLocationInput {
  id?: string;
  /** Default: the first merchant added. */
  merchant_id?: string;
  name: string;
  /** Default: the merchant's. */
  currency?: string;
  /** Default: the merchant's. */
  country?: string;
  timezone?: string;
  status?: 'ACTIVE' | 'INACTIVE';
  [extra: string]: unknown;
}

/** When the put* methods stamp updated_at (default: the fake clock's now). */
export interface PutOptions {
  updatedAt?: string;
}

/**
 * A Map that counts its writes. The list endpoints memoize sorted results per state revision; counting at the Map
 * catches every write (put* methods, routes, or a test writing to fake.state directly). Stored objects are never
 * changed in place (put* replaces them), so a write always goes through here.
 */
class CountingMap<K, V> extends Map<K, V> {
  writes = 0;

  override set(key: K, value: V): this {
    this.writes++;
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    this.writes++;
    return super.delete(key);
  }

  override clear(): void {
    this.writes++;
    super.clear();
  }
}

export class FakeSquareState {
  readonly merchants = new Map<string, WireMerchant>();
  readonly locations = new CountingMap<string, WireLocation>();
  readonly orders = new CountingMap<string, WireOrder>();
  readonly payments = new CountingMap<string, WirePayment>();
  readonly refunds = new CountingMap<string, WireRefund>();
  readonly customers = new Map<string, { merchantId: string; customer: WireCustomer }>();
  readonly catalog = new Map<string, { merchantId: string; object: WireCatalogObject }>();
  /** Webhook subscriptions, per application (client id). */
  readonly subscriptions = new Map<string, { clientId: string; subscription: WireWebhookSubscription }>();
  /** `${clientId}:${idempotency_key}` → subscription id. */
  readonly subscriptionIdempotency = new Map<string, string>();

  /** Sorted ListPayments / ListPaymentRefunds / SearchOrders results, reused between pages (see paging.ts). */
  // Room for the queries of a backfill's windows paged side by side (each window is its own query).
  readonly listCache = new ListCache(32);

  constructor(private readonly clock: FakeClock) {}

  /** Changes whenever anything the list endpoints filter on changes (locations decide which merchant sees what). */
  get revision(): number {
    return this.locations.writes + this.orders.writes + this.payments.writes + this.refunds.writes;
  }

  addMerchant(input: AddMerchantInput): WireMerchant {
    const merchant: WireMerchant = {
      id: input.id ?? newId.merchant(),
      business_name: input.business_name,
      country: input.country,
      language_code: input.language_code ?? (input.country === 'JP' ? 'ja-JP' : `en-${input.country}`),
      currency: input.currency,
      status: input.status ?? 'ACTIVE',
      created_at: input.created_at ?? this.clock.iso(),
    };
    if (this.merchants.has(merchant.id)) throw new Error(`fake square: merchant ${merchant.id} already exists`);
    this.merchants.set(merchant.id, merchant);
    return clone(merchant);
  }

  firstMerchantId(): string | undefined {
    return this.merchants.keys().next().value;
  }

  requireMerchant(id: string): WireMerchant {
    const m = this.merchants.get(id);
    if (!m) throw new Error(`fake square: unknown merchant ${id}`);
    return m;
  }

  addLocation(input: AddLocationInput): WireLocation {
    const merchantId = input.merchant_id ?? this.firstMerchantId();
    if (!merchantId) throw new Error('fake square: addLocation needs a merchant (call addMerchant first)');
    const merchant = this.requireMerchant(merchantId);
    const { id, merchant_id: _m, name, currency, country, timezone, status, ...extra } = input;
    const location: WireLocation = {
      ...extra,
      id: id ?? newId.location(),
      merchant_id: merchantId,
      name,
      business_name: (extra.business_name as string | undefined) ?? merchant.business_name,
      country: country ?? merchant.country,
      currency: currency ?? merchant.currency,
      language_code:
        (extra.language_code as string | undefined) ??
        (country && country !== merchant.country ? (country === 'JP' ? 'ja-JP' : `en-${country}`) : merchant.language_code),
      timezone: timezone ?? defaultTimezone(country ?? merchant.country),
      status: status ?? 'ACTIVE',
      type: (extra.type as 'PHYSICAL' | 'MOBILE' | undefined) ?? 'PHYSICAL',
      capabilities: (extra.capabilities as string[] | undefined) ?? ['CREDIT_CARD_PROCESSING'],
      created_at: (extra.created_at as string | undefined) ?? this.clock.iso(),
    };
    if (this.locations.has(location.id)) throw new Error(`fake square: location ${location.id} already exists`);
    this.locations.set(location.id, location);
    if (!merchant.main_location_id) merchant.main_location_id = location.id;
    return clone(location);
  }

  merchantOfLocation(locationId: string): string | undefined {
    return this.locations.get(locationId)?.merchant_id;
  }

  private requireLocation(locationId: string | undefined, what: string): WireLocation {
    if (!locationId) throw new Error(`fake square: ${what} needs location_id`);
    const loc = this.locations.get(locationId);
    if (!loc) throw new Error(`fake square: ${what}: unknown location ${locationId} (call addLocation first)`);
    return loc;
  }

  /** Inserts or replaces an order: version = previous + 1 (1 when new), updated_at = now. */
  putOrder(order: WireOrderInput, opts: PutOptions = {}): WireOrder {
    this.requireLocation(order.location_id, 'putOrder');
    const id = order.id ?? newId.order();
    const prev = this.orders.get(id);
    const updatedAt = opts.updatedAt ?? this.clock.iso();
    const stored: WireOrder = {
      ...clone(order),
      id,
      version: (prev?.version ?? 0) + 1,
      created_at: order.created_at ?? prev?.created_at ?? updatedAt,
      updated_at: updatedAt,
      state: order.state ?? prev?.state ?? 'OPEN',
    };
    this.orders.set(id, stored);
    return clone(stored);
  }

  /** Inserts or replaces a payment: updated_at = now, version_token renewed. */
  putPayment(payment: WirePaymentInput, opts: PutOptions = {}): WirePayment {
    this.requireLocation(payment.location_id, 'putPayment');
    const id = payment.id ?? newId.payment();
    const prev = this.payments.get(id);
    const updatedAt = opts.updatedAt ?? this.clock.iso();
    const stored: WirePayment = {
      ...clone(payment),
      id,
      created_at: payment.created_at ?? prev?.created_at ?? updatedAt,
      updated_at: updatedAt,
      version_token: newId.lineUid(),
    };
    this.payments.set(id, stored);
    return clone(stored);
  }

  /** Inserts or replaces a refund: updated_at = now. */
  putRefund(refund: WireRefundInput, opts: PutOptions = {}): WireRefund {
    this.requireLocation(refund.location_id, 'putRefund');
    const id = refund.id ?? newId.refund(refund.payment_id ?? newId.payment());
    const prev = this.refunds.get(id);
    const updatedAt = opts.updatedAt ?? this.clock.iso();
    const stored: WireRefund = {
      ...clone(refund),
      id,
      created_at: refund.created_at ?? prev?.created_at ?? updatedAt,
      updated_at: updatedAt,
    };
    this.refunds.set(id, stored);
    return clone(stored);
  }

  putCustomer(merchantId: string, customer: WireCustomerInput): WireCustomer {
    this.requireMerchant(merchantId);
    const id = customer.id ?? newId.customer();
    const prev = this.customers.get(id)?.customer;
    const now = this.clock.iso();
    const stored: WireCustomer = {
      ...clone(customer),
      id,
      created_at: customer.created_at ?? prev?.created_at ?? now,
      updated_at: now,
      version: ((prev?.version as number | undefined) ?? -1) + 1,
    };
    this.customers.set(id, { merchantId, customer: stored });
    return clone(stored);
  }

  putCatalogObject(merchantId: string, object: WireCatalogObjectInput): WireCatalogObject {
    this.requireMerchant(merchantId);
    const id = object.id ?? newId.catalogObject();
    const stored: WireCatalogObject = {
      ...clone(object),
      id,
      version: this.clock.now(),
      updated_at: this.clock.iso(),
      is_deleted: object.is_deleted ?? false,
    };
    this.catalog.set(id, { merchantId, object: stored });
    return clone(stored);
  }
}

function defaultTimezone(country: string): string {
  const zones: Record<string, string> = {
    US: 'America/New_York',
    GB: 'Europe/London',
    JP: 'Asia/Tokyo',
    CA: 'America/Toronto',
    AU: 'Australia/Sydney',
    IE: 'Europe/Dublin',
    FR: 'Europe/Paris',
    ES: 'Europe/Madrid',
  };
  return zones[country] ?? 'UTC';
}
