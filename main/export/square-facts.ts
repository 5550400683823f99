import type { Db } from '../platform/db/open';
import { ConnectionsRepo } from '../square/connections-repo';

/**
 * The few facts the export reads from Square's stored objects (how a sale was paid, each line's catalog id, the
 * location's time zone), read with SQLite's JSON functions from the wire JSON as Square sent it (snake_case). The
 * export never needs a whole Square object: parsing one through the SDK's serialisers cost more than the rest of a
 * document's checks, and loading the SDK alone added ~70 MB to a process that only exports.
 */
export class SquareFacts {
  private readonly s;
  private readonly locations: ConnectionsRepo;

  constructor(db: Db) {
    this.locations = new ConnectionsRepo(db);
    this.s = {
      orderTenderTypes: db.prepare(
        `SELECT json_extract(t.value, '$.type') FROM square_orders o, json_each(o.raw_json, '$.tenders') t
         WHERE o.id = ? ORDER BY t.key`).pluck(),
      orderPaymentSources: db.prepare(
        `SELECT json_extract(raw_json, '$.source_type') FROM square_payments WHERE order_id = ? ORDER BY id`).pluck(),
      paymentSource: db.prepare(`SELECT json_extract(raw_json, '$.source_type') FROM square_payments WHERE id = ?`).pluck(),
      refundPaymentSource: db.prepare(
        `SELECT json_extract(p.raw_json, '$.source_type') FROM square_refunds r JOIN square_payments p ON p.id = r.payment_id
         WHERE r.id = ?`).pluck(),
      orderLineCatalogIds: db.prepare(
        `SELECT json_extract(li.value, '$.uid') AS uid, json_extract(li.value, '$.catalog_object_id') AS catalogId
           FROM square_orders o, json_each(o.raw_json, '$.line_items') li WHERE o.id = ?
         UNION ALL
         SELECT json_extract(li.value, '$.uid'), json_extract(li.value, '$.catalog_object_id')
           FROM square_orders o, json_each(o.raw_json, '$.returns') r, json_each(r.value, '$.return_line_items') li
          WHERE o.id = ?`),
    };
  }

  /** Tender types of a stored order (CARD, CASH, …), in tender order; [] when the order or its tenders are unknown. */
  orderTenderTypes(orderId: string): (string | null)[] {
    return this.s.orderTenderTypes.all(orderId) as (string | null)[];
  }

  /** source_type of each stored payment of the order, oldest id first. */
  orderPaymentSources(orderId: string): (string | null)[] {
    return this.s.orderPaymentSources.all(orderId) as (string | null)[];
  }

  paymentSource(paymentId: string): string | null {
    return (this.s.paymentSource.get(paymentId) as string | null | undefined) ?? null;
  }

  /** How the refunded payment was made; null when the refund or its payment is not stored. */
  refundPaymentSource(refundId: string): string | null {
    return (this.s.refundPaymentSource.get(refundId) as string | null | undefined) ?? null;
  }

  /** Line uid → catalog_object_id over the order's line items and returned items (a return order). */
  lineCatalogIds(orderId: string): Map<string, string> {
    const rows = this.s.orderLineCatalogIds.all(orderId, orderId) as { uid: string | null; catalogId: string | null }[];
    const byUid = new Map<string, string>();
    for (const r of rows) if (r.uid && r.catalogId) byUid.set(r.uid, r.catalogId);
    return byUid;
  }

  /** The location's time zone, from the locations' owner (ConnectionsRepo). */
  locationTimezone(locationId: string | null | undefined): string {
    return this.locations.locationTimezone(locationId);
  }
}
