import type { InvoiceDocument } from '../invoicing/invoice-detail';
import type { SquareObjectsRepo } from '../square/square-objects-repo';

/**
 * Each line's Square catalog_object_id (the item variation), matched by Square's line uid through the stored order
 * (its line items, and the returned items of a return order); null where it cannot be told. Only asked for when the
 * owner remembered an item by catalog id: parsing the order costs more than the rest of a document's checks.
 */
export function catalogIdsOf(d: Pick<InvoiceDocument, 'sourceOrderId'>, lineUids: (string | null)[], square: SquareObjectsRepo): (string | null)[] {
  const order = d.sourceOrderId ? square.order(d.sourceOrderId) : null;
  if (!order) return lineUids.map(() => null);
  const byUid = new Map<string, string>();
  for (const li of order.lineItems ?? []) if (li.uid && li.catalogObjectId) byUid.set(li.uid, li.catalogObjectId);
  for (const r of order.returns ?? []) {
    for (const li of r.returnLineItems ?? []) if (li.uid && li.catalogObjectId) byUid.set(li.uid, li.catalogObjectId);
  }
  return lineUids.map((uid) => (uid ? (byUid.get(uid) ?? null) : null));
}
