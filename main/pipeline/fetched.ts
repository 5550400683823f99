import type { Square } from 'square';
import type { InvoiceDraft } from '../invoicing/convert/types';

// The shapes that cross from the fetching half of the pipeline (event-processor.ts, on the main thread) to the
// committing half (batch-committer.ts, possibly on the writer thread). Kept apart from both so that neither half,
// nor the wire between them (wire-crossing.ts), has to import the other to name them.

/** The draft and what it was made from, for the commit to check (it crosses the thread with the batch). */
export interface DraftInHand {
  draft: InvoiceDraft | null;
  /** Ids of the payments converted with the order, in the order the store lists an order's payments (by id). */
  paymentIds: string[];
  timezone: string;
}

/** What one event needs from Square, fetched before the transaction (network never happens inside it). */
export interface Fetched {
  /** Not a sale event: marked ignored. */
  ignored?: true;
  /** Set aside, not processed: the inbox row becomes 'ignored' with this reason (e.g. another seller's sale). */
  setAside?: string;
  payment?: Square.Payment;
  refund?: Square.PaymentRefund;
  order?: Square.Order | null;
  /** The sale's other payments (split tender), by id. */
  payments: Square.Payment[];
  /** The event carried the whole order and its tenders settle the sale: no payment was fetched (order-tenders.ts). */
  fromTenders?: true;
  /** A refund's own order when it is not the sale's (itemised returns live on a return order). */
  returnOrder?: Square.Order | null;
  merchantId: string | null;
  /** The sale's Square customer (cache or Square), when it names one that could be had. */
  customer?: Square.Customer | null;
  /** customer.created/updated: the changed customer, to store and to refresh buyers from. */
  customerChange?: Square.Customer;
  /** The sale's draft converted from the objects in hand, used if storing them changes nothing (draft-in-hand.ts). */
  inHand?: DraftInHand;
}
