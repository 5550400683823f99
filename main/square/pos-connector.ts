import type { Square, SquareClient } from 'square';
import type { SquareConnectionService } from './connection-service';
import { keepingOrdersWire, keepingWire, keepingWireOf, type CaptureOptions } from './raw-capture';

// The seam between the app and a POS. The pipeline, sync and webhook receiver depend on this interface, so a second
// POS (or a test double of a whole POS) plugs in without touching them. Square is the one implementation.

export interface ChangePage<T> {
  items: T[];
  /** Pass back to get the next page; null when done. */
  cursor: string | null;
}

export interface PosConnector {
  getPayment(id: string): Promise<Square.Payment | null>;
  getOrders(ids: string[]): Promise<Square.Order[]>;
  getRefund(id: string): Promise<Square.PaymentRefund | null>;
  listPaymentsUpdatedSince(locationId: string, sinceIso: string, cursor?: string): Promise<ChangePage<Square.Payment>>;
  listRefundsUpdatedSince(locationId: string, sinceIso: string, cursor?: string): Promise<ChangePage<Square.PaymentRefund>>;
  searchOrdersUpdatedSince(locationIds: string[], sinceIso: string, cursor?: string): Promise<ChangePage<Square.Order>>;
  /** The customer a sale names (customer_id); null when Square has no such customer (deleted, merged). */
  getCustomer(id: string): Promise<Square.Customer | null>;
  /** The merchant's customers changed since `sinceIso` (in no particular order: Square cannot sort them by it). */
  searchCustomersUpdatedSince(sinceIso: string, cursor?: string): Promise<ChangePage<Square.Customer>>;
}

const isNotFound = (err: unknown) => (err as { statusCode?: number }).statusCode === 404;

async function orNull<T>(work: () => Promise<T | undefined>): Promise<T | null> {
  try {
    return (await work()) ?? null;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** Square through the official SDK, with the merchant's OAuth token (refreshed on demand by the connection). */
export class SquarePosConnector implements PosConnector {
  /**
   * @param sdkRetries retries inside the SDK; the pipeline passes 0 because its own cockatiel policy retries
   *   (honouring Retry-After) and feeds the circuit breaker, which must see each failure.
   */
  constructor(
    private readonly connection: SquareConnectionService,
    private readonly sdkRetries?: number,
  ) {}

  private withAuth<T>(call: (client: SquareClient) => Promise<T>): Promise<T> {
    return this.connection.withAuth(call, this.sdkRetries === undefined ? {} : { maxRetries: this.sdkRetries });
  }

  getPayment(id: string) {
    return orNull(() => this.withAuth(async (c) => (await c.payments.get({ paymentId: id })).payment));
  }

  async getOrders(ids: string[]) {
    const out: Square.Order[] = [];
    // BatchRetrieveOrders takes at most 100 ids per call.
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const res = await this.withAuth((c) => keepingOrdersWire((o: CaptureOptions) => c.orders.batchGet({ orderIds: chunk }, o)));
      out.push(...(res.orders ?? []));
    }
    return out;
  }

  getRefund(id: string) {
    return orNull(() => this.withAuth(async (c) => (await c.refunds.get({ refundId: id })).refund));
  }

  async listPaymentsUpdatedSince(locationId: string, sinceIso: string, cursor?: string) {
    const page = await this.withAuth((c) =>
      keepingWire('payments', (p) => p.data, (o: CaptureOptions) =>
        c.payments.list({ locationId, updatedAtBeginTime: sinceIso, sortField: 'UPDATED_AT', sortOrder: 'ASC', limit: 100, ...(cursor ? { cursor } : {}) }, o),
      ),
    );
    return { items: page.data, cursor: page.response.cursor ?? null };
  }

  async listRefundsUpdatedSince(locationId: string, sinceIso: string, cursor?: string) {
    const page = await this.withAuth((c) =>
      keepingWire('refunds', (p) => p.data, (o: CaptureOptions) =>
        c.refunds.list({ locationId, updatedAtBeginTime: sinceIso, sortField: 'UPDATED_AT', sortOrder: 'ASC', limit: 100, ...(cursor ? { cursor } : {}) }, o),
      ),
    );
    return { items: page.data, cursor: page.response.cursor ?? null };
  }

  async searchOrdersUpdatedSince(locationIds: string[], sinceIso: string, cursor?: string) {
    if (locationIds.length > 10) throw new RangeError('SearchOrders takes at most 10 locations per call');
    const res = await this.withAuth((c) =>
      keepingOrdersWire((o: CaptureOptions) => c.orders.search({
        locationIds,
        limit: 1000,
        ...(cursor ? { cursor } : {}),
        query: {
          filter: { dateTimeFilter: { updatedAt: { startAt: sinceIso } } },
          sort: { sortField: 'UPDATED_AT', sortOrder: 'ASC' },
        },
      }, o)),
    );
    return { items: res.orders ?? [], cursor: res.cursor ?? null };
  }

  async getCustomer(id: string) {
    return orNull(() => this.withAuth((c) => keepingWireOf('customer', (r) => r.customer, (o: CaptureOptions) => c.customers.get({ customerId: id }, o))).then((r) => r.customer));
  }

  async searchCustomersUpdatedSince(sinceIso: string, cursor?: string) {
    // SearchCustomers sorts only by name or creation time, so the page order says nothing about updated_at: catch-up
    // moves this stream's cursor only after the last page.
    const res = await this.withAuth((c) =>
      keepingWire('customers', (r) => r.customers ?? [], (o: CaptureOptions) => c.customers.search({
        limit: 100n,
        ...(cursor ? { cursor } : {}),
        query: { filter: { updatedAt: { startAt: sinceIso } } },
      }, o)),
    );
    return { items: res.customers ?? [], cursor: res.cursor ?? null };
  }
}
