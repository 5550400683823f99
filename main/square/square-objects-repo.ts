import type { Square } from 'square';
import type { Db } from '../platform/db/open';
import { ConnectionsRepo } from './connections-repo';
import { fromWire, toWireJson } from './wire';

// Square's objects as received (wire JSON) beside the columns we query. Deliveries arrive out of order, so every
// write keeps the newest version only: orders by `version`, payments and refunds by `updated_at`.
//
// Statements are prepared once (preparing costs more than running these small statements). An upsert returns the
// object in hand when it became (or already was) the stored version, and only reads the stored one back when a newer
// version was there first: re-parsing our own write through the SDK's serialisers was most of the cost of storing.

// Column → statement parameter, per table.
const ORDER_COLUMNS = { id: 'id', location_id: 'locationId', state: 'state', version: 'version', updated_at: 'updatedAt', raw_json: 'raw', fetched_at: 'now' };
const PAYMENT_COLUMNS = { id: 'id', order_id: 'orderId', location_id: 'locationId', status: 'status', updated_at: 'updatedAt', raw_json: 'raw', fetched_at: 'now' };
const REFUND_COLUMNS = { id: 'id', payment_id: 'paymentId', order_id: 'orderId', location_id: 'locationId', status: 'status', updated_at: 'updatedAt', raw_json: 'raw', fetched_at: 'now' };

/** INSERT, or UPDATE `updated` columns only when the incoming `version` column is newer: newest wins in SQL too. */
function newestWinsUpsert(table: string, columns: Record<string, string>, updated: string[], version: string): string {
  const names = Object.keys(columns);
  return `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((c) => `@${columns[c]}`).join(', ')})
    ON CONFLICT (id) DO UPDATE SET ${updated.map((c) => `${c} = excluded.${c}`).join(', ')}
    WHERE excluded.${version} > ${table}.${version}`;
}

export class SquareObjectsRepo {
  private readonly s;
  private readonly locations: ConnectionsRepo;

  constructor(db: Db) {
    this.locations = new ConnectionsRepo(db);
    this.s = {
      upsertOrder: db.prepare(newestWinsUpsert('square_orders', ORDER_COLUMNS, ['location_id', 'state', 'version', 'updated_at', 'raw_json', 'fetched_at'], 'version')),
      orderVersion: db.prepare('SELECT version FROM square_orders WHERE id = ?').pluck(),
      upsertPayment: db.prepare(newestWinsUpsert('square_payments', PAYMENT_COLUMNS, ['order_id', 'location_id', 'status', 'updated_at', 'raw_json', 'fetched_at'], 'updated_at')),
      paymentUpdatedAt: db.prepare('SELECT updated_at FROM square_payments WHERE id = ?').pluck(),
      upsertRefund: db.prepare(newestWinsUpsert('square_refunds', REFUND_COLUMNS, ['status', 'updated_at', 'raw_json', 'fetched_at', 'order_id'], 'updated_at')),
      refundUpdatedAt: db.prepare('SELECT updated_at FROM square_refunds WHERE id = ?').pluck(),
      order: db.prepare('SELECT raw_json FROM square_orders WHERE id = ?').pluck(),
      payment: db.prepare('SELECT raw_json FROM square_payments WHERE id = ?').pluck(),
      refund: db.prepare('SELECT raw_json FROM square_refunds WHERE id = ?').pluck(),
      paymentIdsForOrder: db.prepare('SELECT id FROM square_payments WHERE order_id = ? ORDER BY id').pluck(),
    };
  }

  /** Stores the order unless a newer version is already stored; returns the newest stored order. */
  upsertOrder(order: Square.Order, now: number): Square.Order {
    return this.keepNewest('order', order, order.version ?? 0, this.s.orderVersion, (id) => this.order(id)!, () =>
      this.s.upsertOrder.run({
        id: order.id, locationId: order.locationId ?? '', state: order.state ?? 'OPEN', version: order.version ?? 0,
        updatedAt: order.updatedAt ?? '', raw: toWireJson.order(order), now,
      }));
  }

  /** Stores the payment unless a newer one is stored; returns the newest stored payment. */
  upsertPayment(payment: Square.Payment, now: number): Square.Payment {
    const updatedAt = payment.updatedAt ?? payment.createdAt ?? '';
    return this.keepNewest('payment', payment, updatedAt, this.s.paymentUpdatedAt, (id) => this.payment(id)!, () =>
      this.s.upsertPayment.run({
        id: payment.id, orderId: payment.orderId ?? null, locationId: payment.locationId ?? '',
        status: payment.status ?? 'PENDING', updatedAt, raw: toWireJson.payment(payment), now,
      }));
  }

  /** Stores the refund unless a newer one is stored; returns the newest stored refund. */
  upsertRefund(refund: Square.PaymentRefund, now: number): Square.PaymentRefund {
    const updatedAt = refund.updatedAt ?? refund.createdAt ?? '';
    return this.keepNewest('refund', refund, updatedAt, this.s.refundUpdatedAt, (id) => this.refund(id)!, () =>
      this.s.upsertRefund.run({
        id: refund.id, paymentId: refund.paymentId ?? '', orderId: refund.orderId ?? null,
        locationId: refund.locationId ?? null, status: refund.status ?? 'PENDING', updatedAt,
        raw: toWireJson.refund(refund), now,
      }));
  }

  /**
   * Newest wins: writes `obj` unless the stored version is newer (then returns the stored object) or the same (then
   * nothing changes). Versions compare as numbers (order version) or as RFC 3339 text (updated_at) of one form. The
   * write goes first — its upsert only replaces an older version (newestWinsUpsert) — so the usual case, a new or
   * newer object, costs one statement; only a write that changed nothing reads the stored version.
   */
  private keepNewest<T extends { id?: string | null }, V extends number | string>(
    kind: string,
    obj: T,
    version: V,
    storedVersion: { get(id: string): unknown },
    readStored: (id: string) => T,
    write: () => { changes: number },
  ): T {
    if (!obj.id) throw new Error(`Square ${kind} without id`);
    if (write().changes > 0) return obj;
    const stored = storedVersion.get(obj.id) as V | undefined;
    return stored !== undefined && stored > version ? readStored(obj.id) : obj;
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

  /** The location's time zone, from the locations' owner (ConnectionsRepo). */
  locationTimezone(locationId: string | null | undefined): string {
    return this.locations.locationTimezone(locationId);
  }
}
