import type { Square } from 'square';
import type { Db } from '../platform/db/open';
import { buyerFrom, customerIdOf } from '../invoicing/convert/index';
import type { InvoiceStore } from '../invoicing/invoice-store';
import type { WriteResult } from '../invoicing/invoice-writer';
import type { ClaimedRow } from '../inbox/inbox-row';
import { CustomersRepo } from '../square/customers-repo';
import type { PosConnector } from '../square/pos-connector';
import { ReconnectNeededError } from '../square/square-errors';
import type { SquareObjectsRepo } from '../square/square-objects-repo';
import { BrokenCircuitError, type SquarePolicy } from './square-policy';

// The buyer of a sale is the Square customer it names (docs/square.md, "Buyers from Square customers"). Looking one
// up reads the local cache first and fetches from Square only on a miss, through the same resilience policy as orders
// and payments. A customer is a nicety, the sale is not: a customer Square no longer has (404) gives a walk-in buyer,
// and one that cannot be read after a few attempts of the event gives the walk-in buyer too rather than holding the
// invoice back (the customer id is kept on the document, so the customer's next change still fills the buyer in).

export class CustomerBuyers {
  readonly repo: CustomersRepo;

  /**
   * @param attemptsBeforeWalkIn event attempts during which a failing customer fetch fails the event (retried with
   *   the worker's backoff); from then on the invoice is written with the buyer Square's other objects give.
   */
  constructor(
    db: Db,
    private readonly connector: PosConnector,
    private readonly policy: SquarePolicy,
    private readonly attemptsBeforeWalkIn: number,
  ) {
    this.repo = new CustomersRepo(db);
  }

  /** The customer a sale names, for the conversion; null for a walk-in sale or one whose customer cannot be had. */
  async forSale(event: ClaimedRow, order: Square.Order | null | undefined, payments: readonly Square.Payment[]): Promise<Square.Customer | null> {
    const id = customerIdOf(order, payments);
    if (!id) return null;
    const cached = this.cached(id);
    if (cached) return cached;
    try {
      return await this.policy.execute(() => this.connector.getCustomer(id));
    } catch (err) {
      // Square down (breaker open) or the connection lost: the event waits without spending attempts, as for orders.
      if (err instanceof BrokenCircuitError || err instanceof ReconnectNeededError) throw err;
      if (event.attempts + 1 < this.attemptsBeforeWalkIn) throw err;
      return null;
    }
  }

  /** The cached customer; a row that no longer parses is treated as missing (the customer is fetched again). */
  private cached(id: string): Square.Customer | null {
    try {
      return this.repo.get(id);
    } catch {
      return null;
    }
  }

  /** See refreshCustomerBuyers. */
  refresh(customer: Square.Customer, store: InvoiceStore, objects: SquareObjectsRepo, at: number): WriteResult[] {
    return refreshCustomerBuyers(customer, store, objects, at);
  }
}

/**
 * Inside the event's transaction, after the newest customer is stored: re-derives the buyer of every document that
 * follows this customer and is still under review and not edited by the owner (InvoiceStore decides which), from the
 * customer and the Square objects the document was made from. Needs no Square call, so the thread that commits
 * batches (pipeline/batch-committer.ts) runs it without a connection to Square.
 */
export function refreshCustomerBuyers(customer: Square.Customer, store: InvoiceStore, objects: SquareObjectsRepo, at: number): WriteResult[] {
  const results: WriteResult[] = [];
  for (const t of store.customerBuyerTargets(customer.id!)) {
    const order = t.orderId ? objects.order(t.orderId) : null;
    const payments = order?.id
      ? objects.paymentsForOrder(order.id)
      : [t.paymentId ? objects.payment(t.paymentId) : null].filter((p): p is Square.Payment => p !== null);
    const { buyerName, buyerEmail, buyerPhone, buyerTin, buyerAddress } = buyerFrom({ customer, order, payments });
    if (store.refreshBuyer(t.id, { buyerName, buyerEmail, buyerPhone, buyerTin, buyerAddress }, at)) {
      results.push({ id: t.id, status: t.status, outcome: 'updated' });
    }
  }
  return results;
}
