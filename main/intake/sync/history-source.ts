import type { Square } from 'square';
import type { SquareConnectionService } from '../../square/connection-service';
import type { ChangePage } from '../../square/pos-connector';
import { keepingOrdersWire, keepingWire, type CaptureOptions } from '../../square/raw-capture';

// Backfill reads history by time window: completed orders by closed_at (SearchOrders, up to 1,000 whole orders and
// 10 locations a call: the sales themselves, tenders included) and refunds by creation time (ListPaymentRefunds
// begin_time/end_time); the older path lists payments by creation time too. The PosConnector's "updated since"
// methods do not cover these. Kept here as a small seam so a second POS or a test can supply its own.

/** SearchOrders' own limits (docs/square.md): orders per page and locations per call. */
export const SEARCH_ORDERS_PAGE = 1000;
export const SEARCH_ORDERS_LOCATIONS = 10;

export interface HistorySource {
  /** Payments created in [beginTime, endTime), oldest first. */
  listPaymentsCreatedBetween(locationId: string, beginTime: string, endTime: string, cursor?: string): Promise<ChangePage<Square.Payment>>;
  /** Refunds created in [beginTime, endTime), oldest first. */
  listRefundsCreatedBetween(locationId: string, beginTime: string, endTime: string, cursor?: string): Promise<ChangePage<Square.PaymentRefund>>;
  /**
   * COMPLETED orders of ≤ 10 locations closed in [beginTime, endTime), oldest closed first, up to 1,000 a page. A
   * failure reaches the caller at once (no retries inside), so the caller's own pacing sees every 429.
   */
  searchCompletedOrdersClosedBetween(locationIds: string[], beginTime: string, endTime: string, cursor?: string): Promise<ChangePage<Square.Order>>;
  /**
   * OPEN orders of ≤ 10 locations created in [beginTime, endTime) that carry a tender (paid, in part or in full, but
   * not completed: e.g. a pickup not yet collected), oldest first. No retries inside, as above.
   */
  searchPaidOpenOrdersCreatedBetween(locationIds: string[], beginTime: string, endTime: string, cursor?: string): Promise<ChangePage<Square.Order>>;
}

/** Square through the SDK with the merchant's OAuth token (refreshed on demand by the connection). */
export class SquareHistorySource implements HistorySource {
  constructor(private readonly connection: SquareConnectionService) {}

  async listPaymentsCreatedBetween(locationId: string, beginTime: string, endTime: string, cursor?: string) {
    // The answer's JSON is kept with the parsed payments: the events built from them reuse it instead of the SDK's
    // serialiser (see main/square/raw-capture.ts).
    const page = await this.connection.withAuth((c) =>
      keepingWire('payments', (p) => p.data, (o: CaptureOptions) =>
        c.payments.list({ locationId, beginTime, endTime, sortField: 'CREATED_AT', sortOrder: 'ASC', limit: 100, ...(cursor ? { cursor } : {}) }, o),
      ),
    );
    return { items: page.data, cursor: page.response.cursor || null };
  }

  async listRefundsCreatedBetween(locationId: string, beginTime: string, endTime: string, cursor?: string) {
    const page = await this.connection.withAuth((c) =>
      keepingWire('refunds', (p) => p.data, (o: CaptureOptions) =>
        c.refunds.list({ locationId, beginTime, endTime, sortField: 'CREATED_AT', sortOrder: 'ASC', limit: 100, ...(cursor ? { cursor } : {}) }, o),
      ),
    );
    return { items: page.data, cursor: page.response.cursor || null };
  }

  searchCompletedOrdersClosedBetween(locationIds: string[], beginTime: string, endTime: string, cursor?: string) {
    return this.searchOrders('COMPLETED', 'closed_at', locationIds, beginTime, endTime, cursor);
  }

  async searchPaidOpenOrdersCreatedBetween(locationIds: string[], beginTime: string, endTime: string, cursor?: string) {
    // Open orders without a tender are carts or tabs nobody paid: nothing to invoice yet (a payment brings them later).
    const page = await this.searchOrders('OPEN', 'created_at', locationIds, beginTime, endTime, cursor);
    return { items: page.items.filter((o) => (o.tenders ?? []).length > 0), cursor: page.cursor };
  }

  private async searchOrders(
    state: 'COMPLETED' | 'OPEN',
    field: 'closed_at' | 'created_at',
    locationIds: string[],
    beginTime: string,
    endTime: string,
    cursor?: string,
  ): Promise<ChangePage<Square.Order>> {
    if (locationIds.length > SEARCH_ORDERS_LOCATIONS) throw new RangeError('SearchOrders takes at most 10 locations per call');
    const range = { startAt: beginTime, endAt: endTime };
    const res = await this.connection.withAuth(
      (c) =>
        keepingOrdersWire((o: CaptureOptions) =>
          c.orders.search({
            locationIds,
            limit: SEARCH_ORDERS_PAGE,
            returnEntries: false,
            ...(cursor ? { cursor } : {}),
            query: {
              filter: {
                stateFilter: { states: [state] },
                dateTimeFilter: field === 'closed_at' ? { closedAt: range } : { createdAt: range },
              },
              // Square requires the sort field to be the filtered time field.
              sort: { sortField: field === 'closed_at' ? 'CLOSED_AT' : 'CREATED_AT', sortOrder: 'ASC' },
            },
          }, o),
        ),
      { maxRetries: 0 },
    );
    // Whether Square's end_at is inclusive is not documented: an order exactly at the end belongs to the next window
    // (and the next day), so it is left to that one here.
    const end = Date.parse(endTime);
    const begin = Date.parse(beginTime);
    const items = (res.orders ?? []).filter((o) => {
      const at = Date.parse((field === 'closed_at' ? o.closedAt : o.createdAt) ?? '');
      return !(at >= end) && !(at < begin);
    });
    return { items, cursor: res.cursor || null };
  }
}
