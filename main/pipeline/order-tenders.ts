import type { Square } from 'square';

// When an order alone settles its sale (issue 18: backfill and catch-up carry whole orders, 1,000 a SearchOrders
// call, so fetching each tender's payment would cost a call per sale). A COMPLETED order whose every tender says it
// was taken — cash, or a card / gift card CAPTURED — has nothing a payment would change in its invoice: the tenders
// carry the amounts and tips (docs/square.md, "Tips"). Anything else (a tender of another kind, a card only
// AUTHORIZED, refunds or returns on the order) is decided the exact way, from the payments.

const CARD_TENDERS = new Set(['CARD', 'SQUARE_GIFT_CARD']);

export function tendersSettleSale(order: Square.Order): boolean {
  if (order.state !== 'COMPLETED') return false;
  const tenders = order.tenders ?? [];
  if (tenders.length === 0) return false;
  if ((order.refunds ?? []).length > 0 || (order.returns ?? []).length > 0) return false;
  return tenders.every((t) => t.type === 'CASH' || (CARD_TENDERS.has(t.type) && t.cardDetails?.status === 'CAPTURED'));
}

/** True when `payments` has the payment of every tender (a split sale stored in part is converted from its tenders). */
export function paymentsCoverTenders(order: Square.Order, payments: readonly Square.Payment[]): boolean {
  const have = new Set(payments.map((p) => p.id));
  return (order.tenders ?? []).every((t) => have.has(t.paymentId ?? t.id));
}
