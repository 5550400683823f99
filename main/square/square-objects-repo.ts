import type { Square } from 'square';
import type { Db } from '../platform/db/open';
import { fromWire, toWireJson } from './wire';

// Square's objects as received (wire JSON) beside the columns we query. Deliveries arrive out of order, so every
// write keeps the newest version only: orders by `version`, payments and refunds by `updated_at`.
//
// Statements are prepared once (preparing costs more than running these small statements). An upsert returns the
// object in hand when it became (or already was) the stored version, and only reads the stored one back when a newer
// version was there first: re-parsing our own write through the SDK's serialisers was most of the cost of storing.

export class SquareObjectsRepo {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      upsertOrder: db.prepare(
        `INSERT INTO square_orders (id, location_id, state, version, updated_at, raw_json, fetched_at)
         VALUES (@id, @locationId, @state, @version, @updatedAt, @raw, @now)
         ON CONFLICT (id) DO UPDATE SET location_id = excluded.location_id, state = excluded.state,
           version = excluded.version, updated_at = excluded.updated_at, raw_json = excluded.raw_json,
           fetched_at = excluded.fetched_at
         WHERE excluded.version > square_orders.version`,
      ),
      orderVersion: db.prepare('SELECT version FROM square_orders WHERE id = ?').pluck(),
      upsertPayment: db.prepare(
        `INSERT INTO square_payments (id, order_id, location_id, status, updated_at, raw_json, fetched_at)
         VALUES (@id, @orderId, @locationId, @status, @updatedAt, @raw, @now)
         ON CONFLICT (id) DO UPDATE SET order_id = excluded.order_id, location_id = excluded.location_id,
           status = excluded.status, updated_at = excluded.updated_at, raw_json = excluded.raw_json,
           fetched_at = excluded.fetched_at
         WHERE excluded.updated_at > square_payments.updated_at`,
      ),
      paymentUpdatedAt: db.prepare('SELECT updated_at FROM square_payments WHERE id = ?').pluck(),
      upsertRefund: db.prepare(
        `INSERT INTO square_refunds (id, payment_id, order_id, location_id, status, updated_at, raw_json, fetched_at)
         VALUES (@id, @paymentId, @orderId, @locationId, @status, @updatedAt, @raw, @now)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
           raw_json = excluded.raw_json, fetched_at = excluded.fetched_at, order_id = excluded.order_id
         WHERE excluded.updated_at > square_refunds.updated_at`,
      ),
      refundUpdatedAt: db.prepare('SELECT updated_at FROM square_refunds WHERE id = ?').pluck(),
      order: db.prepare('SELECT raw_json FROM square_orders WHERE id = ?').pluck(),
      payment: db.prepare('SELECT raw_json FROM square_payments WHERE id = ?').pluck(),
      refund: db.prepare('SELECT raw_json FROM square_refunds WHERE id = ?').pluck(),
      paymentIdsForOrder: db.prepare('SELECT id FROM square_payments WHERE order_id = ? ORDER BY id').pluck(),
      timezone: db.prepare('SELECT timezone FROM locations WHERE id = ?').pluck(),
    };
  }

  /** Stores the order unless a newer version is already stored; returns the newest stored order. */
  upsertOrder(order: Square.Order, now: number): Square.Order {
    if (!order.id) throw new Error('Square order without id');
    const version = order.version ?? 0;
    const stored = this.s.orderVersion.get(order.id) as number | undefined;
    if (stored !== undefined && stored > version) return this.order(order.id)!;
    if (stored === undefined || version > stored) {
      this.s.upsertOrder.run({
        id: order.id,
        locationId: order.locationId ?? '',
        state: order.state ?? 'OPEN',
        version,
        updatedAt: order.updatedAt ?? '',
        raw: toWireJson.order(order),
        now,
      });
    }
    return order;
  }

  /** Stores the payment unless a newer one is stored; returns the newest stored payment. */
  upsertPayment(payment: Square.Payment, now: number): Square.Payment {
    if (!payment.id) throw new Error('Square payment without id');
    const updatedAt = payment.updatedAt ?? payment.createdAt ?? '';
    const stored = this.s.paymentUpdatedAt.get(payment.id) as string | undefined;
    if (stored !== undefined && stored > updatedAt) return this.payment(payment.id)!;
    if (stored === undefined || updatedAt > stored) {
      this.s.upsertPayment.run({
        id: payment.id,
        orderId: payment.orderId ?? null,
        locationId: payment.locationId ?? '',
        status: payment.status ?? 'PENDING',
        updatedAt,
        raw: toWireJson.payment(payment),
        now,
      });
    }
    return payment;
  }

  /** Stores the refund unless a newer one is stored; returns the newest stored refund. */
  upsertRefund(refund: Square.PaymentRefund, now: number): Square.PaymentRefund {
    if (!refund.id) throw new Error('Square refund without id');
    const updatedAt = refund.updatedAt ?? refund.createdAt ?? '';
    const stored = this.s.refundUpdatedAt.get(refund.id) as string | undefined;
    if (stored !== undefined && stored > updatedAt) return this.refund(refund.id)!;
    if (stored === undefined || updatedAt > stored) {
      this.s.upsertRefund.run({
        id: refund.id,
        paymentId: refund.paymentId ?? '',
        orderId: refund.orderId ?? null,
        locationId: refund.locationId ?? null,
        status: refund.status ?? 'PENDING',
        updatedAt,
        raw: toWireJson.refund(refund),
        now,
      });
    }
    return refund;
  }

  order(id: string): Square.Order | null {
    const raw = this.s.order.get(id) as string | undefined;
    return raw ? fromWire.order(JSON.parse(raw)) : null;
  }

  orderVersion(id: string): number | null {
    return (this.s.orderVersion.get(id) as number | undefined) ?? null;
  }

  payment(id: string): Square.Payment | null {
    const raw = this.s.payment.get(id) as string | undefined;
    return raw ? fromWire.payment(JSON.parse(raw)) : null;
  }

  refund(id: string): Square.PaymentRefund | null {
    const raw = this.s.refund.get(id) as string | undefined;
    return raw ? fromWire.refund(JSON.parse(raw)) : null;
  }

  /** Ids of the stored payments of an order (cheap: no JSON), oldest id first. */
  paymentIdsForOrder(orderId: string): string[] {
    return this.s.paymentIdsForOrder.all(orderId) as string[];
  }

  /**
   * Every stored payment of the order, newest versions; `known` are objects already in hand that are the stored
   * version (just upserted), so they are not parsed back from SQLite.
   */
  paymentsForOrder(orderId: string, known: readonly Square.Payment[] = []): Square.Payment[] {
    const byId = new Map(known.filter((p) => p.id).map((p) => [p.id!, p]));
    return this.paymentIdsForOrder(orderId).map((id) => byId.get(id) ?? this.payment(id)!);
  }

  locationTimezone(locationId: string | null | undefined): string {
    if (!locationId) return 'UTC';
    return (this.s.timezone.get(locationId) as string | null | undefined) ?? 'UTC';
  }
}
