import type { Square } from 'square';
import type { Db } from '../platform/db/open';
import { SettingsRepo } from '../platform/settings/settings-repo';
import { customerIdOf } from '../invoicing/convert/index';
import type { WriteResult } from '../invoicing/invoice-writer';
import { InvoiceStore } from '../invoicing/invoice-store';
import { CustomersRepo } from '../square/customers-repo';
import { SquareObjectsRepo } from '../square/square-objects-repo';
import type { BatchCommitter } from './batch-committer';
import { RetryWithSavepoints, withSavepointsOnFailure } from './savepoint-retry';

/**
 * What became of one order a backfill page handed over: invoiced (its invoices' write results; `already` when this
 * version was stored and invoiced before, e.g. the page read again: nothing written), or left to the event path —
 * its customer is not in the cache (fetching one is a Square call, which the event path makes), or storing it failed
 * (that path retries with backoff and, should it keep failing, shows it to the owner).
 */
export type PageOrderOutcome = { ok: true; invoices: WriteResult[]; already: boolean } | { ok: false; reason: string };


/**
 * A backfill's orders whose tenders settle the sale (pipeline/order-tenders.ts), invoiced straight from the
 * SearchOrders page they came in (issue 18): the order stored newest-wins, converted and its invoice written — the
 * same writes as the event path's batch commit (BatchCommitter.storeSale), in one transaction for the orders given,
 * without the inbox row each would otherwise be (its JSON body written, claimed, marked done, and followed). Nothing
 * is lost by skipping the inbox: the caller advances the page's cursor only after these commits, so a crash re-reads
 * the page, and a re-read order already stored and invoiced at its version is skipped.
 */
export class PageOrdersCommitter {
  private readonly customers: CustomersRepo;
  private readonly settings: SettingsRepo;
  private readonly objects: SquareObjectsRepo;
  private readonly invoices: InvoiceStore;

  constructor(
    private readonly db: Db,
    private readonly sales: BatchCommitter,
  ) {
    this.customers = new CustomersRepo(db);
    this.settings = new SettingsRepo(db);
    this.objects = new SquareObjectsRepo(db);
    this.invoices = new InvoiceStore(db);
  }

  /** One outcome per order, in order; throws (nothing written) only when the transaction itself fails. */
  commit(orders: readonly Square.Order[], merchantId: string | null, at: number): PageOrderOutcome[] {
    return withSavepointsOnFailure((isolate) => this.commitAll(orders, merchantId, at, isolate));
  }

  private commitAll(orders: readonly Square.Order[], merchantId: string | null, at: number, isolate: boolean): PageOrderOutcome[] {
    return this.db.transaction(() => {
      const settings = this.settings.getAll();
      return orders.map((order): PageOrderOutcome => {
        // As the inbox's event id (order id and version) made a page read twice a no-op, so does this.
        if (this.invoicedAtThisVersion(order)) return { ok: true, invoices: [], already: true };
        const customerId = customerIdOf(order);
        const customer = customerId ? this.cachedCustomer(customerId) : null;
        if (customerId && !customer) return { ok: false, reason: 'its customer is not stored here yet' };
        const work = () => this.sales.storeSale({ order, payments: [], merchantId, fromTenders: true, customer }, at, settings);
        try {
          // A nested transaction is a SAVEPOINT: if this order throws, only its own writes are undone.
          return { ok: true, invoices: isolate ? this.db.transaction(work)() : work(), already: false };
        } catch (err) {
          if (!isolate) throw new RetryWithSavepoints();
          return { ok: false, reason: err instanceof Error ? err.message : String(err) };
        }
      });
    }).immediate();
  }

  private invoicedAtThisVersion(order: Square.Order): boolean {
    if (order.version === undefined || !order.id) return false;
    // The invoice first: a sale read for the first time has none, so it costs this one lookup, not two.
    if (this.invoices.idBySourceKey(`order:${order.id}`) === null) return false;
    const stored = this.objects.orderVersion(order.id);
    return stored !== null && stored >= order.version;
  }

  /** A stored row that no longer parses counts as missing (the event path fetches the customer again). */
  private cachedCustomer(id: string): Square.Customer | null {
    try {
      return this.customers.get(id);
    } catch {
      return null;
    }
  }
}
