import type { InvoiceDocument } from '../invoicing/invoice-detail';
import type { SquareFacts } from './square-facts';

/**
 * Each line's Square catalog_object_id (the item variation), matched by Square's line uid through the stored order
 * (its line items, and the returned items of a return order); null where it cannot be told. Only asked for when the
 * owner remembered an item by catalog id.
 */
export function catalogIdsOf(d: Pick<InvoiceDocument, 'sourceOrderId'>, lineUids: (string | null)[], square: SquareFacts): (string | null)[] {
  const byUid = d.sourceOrderId ? square.lineCatalogIds(d.sourceOrderId) : new Map<string, string>();
  return lineUids.map((uid) => (uid ? (byUid.get(uid) ?? null) : null));
}
