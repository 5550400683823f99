import type { Square } from 'square';
import { convertSale } from '../invoicing/convert/index';
import type { DraftInHand, Fetched } from './fetched';
import { paymentsCoverTenders } from './order-tenders';

// A sale's invoice draft converted where its Square objects were fetched (the main thread), before the batch crosses
// to the writer thread. The writer thread owns every SQLite write and was the pipeline's busiest thread; converting
// there was about a fifth of its time a sale (docs/benchmarks.md, "The draft made in hand"), while the main thread,
// which holds the very objects already, had time to spare.
//
// The draft is only a guess that the objects in hand are what will be stored: the commit still stores every object
// newest-wins first, and uses this draft only when that changed nothing — each object in hand became (or already was)
// the stored version, the order's stored payments are exactly the ones converted, in the same order, and the location's
// time zone is the same (inHandStillHolds). Anything else — a newer version stored first, a split tender's other
// payment already stored, a time zone changed meanwhile — converts from the stored versions as before, so newest
// still wins. The converter is pure: the same objects give the same draft on either thread.

/** The payments the commit will convert with `order` if nothing newer is stored: those in hand of that order, by id. */
function paymentsOfOrderInHand(order: Square.Order, inHand: readonly Square.Payment[]): Square.Payment[] {
  return inHand.filter((p) => p.orderId === order.id).sort((a, b) => (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0));
}

/** Every payment in hand for the sale, as the commit stores them (the event's own last unless among the sale's). */
export function paymentsInHand(f: Fetched): Square.Payment[] {
  return f.payment && !f.payments.includes(f.payment) ? [...f.payments, f.payment] : f.payments;
}

/**
 * The sale's draft from the objects in hand, or undefined when the commit must convert anyway: not a plain sale
 * (refund, customer change, ignored), an object without id, or a conversion that throws (left to the commit, which
 * records the failure against the event as before).
 */
export function draftInHand(f: Fetched, timezoneOf: (locationId: string | null | undefined) => string): DraftInHand | undefined {
  if (f.ignored || f.setAside || f.refund || f.customerChange) return undefined;
  const all = paymentsInHand(f);
  if (all.some((p) => !p.id) || (f.order && !f.order.id)) return undefined;
  const order = f.order ?? null;
  let payments = order ? paymentsOfOrderInHand(order, all) : f.payment ? [f.payment] : [];
  const paymentIds = payments.map((p) => p.id!);
  if (f.fromTenders && order && !paymentsCoverTenders(order, payments)) payments = [];
  if (!order && !payments.length) return undefined;
  const timezone = timezoneOf(order?.locationId ?? payments[0]?.locationId);
  try {
    const draft = convertSale({ order, payments, timezone, merchantId: f.merchantId, customer: f.customer ?? null });
    return { draft, paymentIds, timezone };
  } catch {
    return undefined;
  }
}

/** What the commit found once it had stored the sale's objects newest-wins. */
export interface StoredSale {
  /** The stored (newest) version of each payment in hand, in the same order as paymentsInHand(f). */
  newest: readonly Square.Payment[];
  order: Square.Order | null;
  customer: Square.Customer | null;
  /** Ids of the order's stored payments, as the store lists them (or the lone payment's, without an order). */
  paymentIds: readonly string[];
  timezone: string;
}

/** True when storing changed nothing the draft was made from, so it is the draft the commit would convert. */
export function inHandStillHolds(f: Fetched, inHand: DraftInHand, stored: StoredSale): boolean {
  const all = paymentsInHand(f);
  return (
    stored.order === (f.order ?? null) &&
    stored.customer === (f.customer ?? null) &&
    stored.newest.length === all.length &&
    stored.newest.every((p, i) => p === all[i]) &&
    stored.timezone === inHand.timezone &&
    stored.paymentIds.length === inHand.paymentIds.length &&
    stored.paymentIds.every((id, i) => id === inHand.paymentIds[i])
  );
}
