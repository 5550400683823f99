import type { Square } from 'square';
import type { Db } from '../db/open';
import { fromWire, toWireJson } from '../square/wire';

// Square's objects as received (wire JSON) beside the columns we query. Deliveries arrive out of order, so every
// write keeps the newest version only: orders by `version`, payments and refunds by `updated_at`.

export class SquareObjectsRepo {
  constructor(private readonly db: Db) {}

  /** Stores the order unless a newer version is already stored; returns the newest stored order. */
  upsertOrder(order: Square.Order, now: number): Square.Order {
    if (!order.id) throw new Error('Square order without id');
    this.db
      .prepare(
        `INSERT INTO square_orders (id, location_id, state, version, updated_at, raw_json, fetched_at)
         VALUES (@id, @locationId, @state, @version, @updatedAt, @raw, @now)
         ON CONFLICT (id) DO UPDATE SET location_id = excluded.location_id, state = excluded.state,
           version = excluded.version, updated_at = excluded.updated_at, raw_json = excluded.raw_json,
           fetched_at = excluded.fetched_at
         WHERE excluded.version > square_orders.version`,
      )
      .run({
        id: order.id,
        locationId: order.locationId ?? '',
        state: order.state ?? 'OPEN',
        version: order.version ?? 0,
        updatedAt: order.updatedAt ?? '',
        raw: toWireJson.order(order),
        now,
      });
    return this.order(order.id)!;
  }

  upsertPayment(payment: Square.Payment, now: number): Square.Payment {
    if (!payment.id) throw new Error('Square payment without id');
    this.db
      .prepare(
        `INSERT INTO square_payments (id, order_id, location_id, status, updated_at, raw_json, fetched_at)
         VALUES (@id, @orderId, @locationId, @status, @updatedAt, @raw, @now)
         ON CONFLICT (id) DO UPDATE SET order_id = excluded.order_id, location_id = excluded.location_id,
           status = excluded.status, updated_at = excluded.updated_at, raw_json = excluded.raw_json,
           fetched_at = excluded.fetched_at
         WHERE excluded.updated_at > square_payments.updated_at`,
      )
      .run({
        id: payment.id,
        orderId: payment.orderId ?? null,
        locationId: payment.locationId ?? '',
        status: payment.status ?? 'PENDING',
        updatedAt: payment.updatedAt ?? payment.createdAt ?? '',
        raw: toWireJson.payment(payment),
        now,
      });
    return this.payment(payment.id)!;
  }

  upsertRefund(refund: Square.PaymentRefund, now: number): Square.PaymentRefund {
    if (!refund.id) throw new Error('Square refund without id');
    this.db
      .prepare(
        `INSERT INTO square_refunds (id, payment_id, order_id, location_id, status, updated_at, raw_json, fetched_at)
         VALUES (@id, @paymentId, @orderId, @locationId, @status, @updatedAt, @raw, @now)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
           raw_json = excluded.raw_json, fetched_at = excluded.fetched_at, order_id = excluded.order_id
         WHERE excluded.updated_at > square_refunds.updated_at`,
      )
      .run({
        id: refund.id,
        paymentId: refund.paymentId ?? '',
        orderId: refund.orderId ?? null,
        locationId: refund.locationId ?? null,
        status: refund.status ?? 'PENDING',
        updatedAt: refund.updatedAt ?? refund.createdAt ?? '',
        raw: toWireJson.refund(refund),
        now,
      });
    return this.refund(refund.id)!;
  }

  order(id: string): Square.Order | null {
    const r = this.db.prepare('SELECT raw_json FROM square_orders WHERE id = ?').get(id) as { raw_json: string } | undefined;
    return r ? fromWire.order(JSON.parse(r.raw_json)) : null;
  }

  orderVersion(id: string): number | null {
    const r = this.db.prepare('SELECT version FROM square_orders WHERE id = ?').get(id) as { version: number } | undefined;
    return r?.version ?? null;
  }

  payment(id: string): Square.Payment | null {
    const r = this.db.prepare('SELECT raw_json FROM square_payments WHERE id = ?').get(id) as { raw_json: string } | undefined;
    return r ? fromWire.payment(JSON.parse(r.raw_json)) : null;
  }

  refund(id: string): Square.PaymentRefund | null {
    const r = this.db.prepare('SELECT raw_json FROM square_refunds WHERE id = ?').get(id) as { raw_json: string } | undefined;
    return r ? fromWire.refund(JSON.parse(r.raw_json)) : null;
  }

  paymentsForOrder(orderId: string): Square.Payment[] {
    return (this.db.prepare('SELECT raw_json FROM square_payments WHERE order_id = ? ORDER BY id').all(orderId) as {
      raw_json: string;
    }[]).map((r) => fromWire.payment(JSON.parse(r.raw_json)));
  }

  locationTimezone(locationId: string | null | undefined): string {
    if (!locationId) return 'UTC';
    const r = this.db.prepare('SELECT timezone FROM locations WHERE id = ?').get(locationId) as { timezone: string | null } | undefined;
    return r?.timezone ?? 'UTC';
  }
}
