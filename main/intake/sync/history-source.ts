import type { Square } from 'square';
import type { SquareConnectionService } from '../../square/connection-service';
import type { ChangePage } from '../../square/pos-connector';
import { keepingWire } from '../../square/raw-capture';

// Backfill reads history by creation time (ListPayments / ListPaymentRefunds begin_time/end_time, a created_at
// window), which the PosConnector's "updated since" methods do not cover. Kept here as a small seam so a second POS
// or a test can supply its own.

export interface HistorySource {
  /** Payments created in [beginTime, endTime), oldest first. */
  listPaymentsCreatedBetween(locationId: string, beginTime: string, endTime: string, cursor?: string): Promise<ChangePage<Square.Payment>>;
  /** Refunds created in [beginTime, endTime), oldest first. */
  listRefundsCreatedBetween(locationId: string, beginTime: string, endTime: string, cursor?: string): Promise<ChangePage<Square.PaymentRefund>>;
}

/** Square through the SDK with the merchant's OAuth token (refreshed on demand by the connection). */
export class SquareHistorySource implements HistorySource {
  constructor(private readonly connection: SquareConnectionService) {}

  async listPaymentsCreatedBetween(locationId: string, beginTime: string, endTime: string, cursor?: string) {
    // The answer's JSON is kept with the parsed payments: the events built from them reuse it instead of the SDK's
    // serialiser (see main/square/raw-capture.ts).
    const page = await this.connection.withAuth((c) =>
      keepingWire('payments', (p) => p.data, () =>
        c.payments.list({ locationId, beginTime, endTime, sortField: 'CREATED_AT', sortOrder: 'ASC', limit: 100, ...(cursor ? { cursor } : {}) }),
      ),
    );
    return { items: page.data, cursor: page.response.cursor || null };
  }

  async listRefundsCreatedBetween(locationId: string, beginTime: string, endTime: string, cursor?: string) {
    const page = await this.connection.withAuth((c) =>
      keepingWire('refunds', (p) => p.data, () =>
        c.refunds.list({ locationId, beginTime, endTime, sortField: 'CREATED_AT', sortOrder: 'ASC', limit: 100, ...(cursor ? { cursor } : {}) }),
      ),
    );
    return { items: page.data, cursor: page.response.cursor || null };
  }
}
