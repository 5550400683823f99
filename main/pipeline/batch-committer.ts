import type { Square } from 'square';
import type { Db } from '../platform/db/open';
import { convertRefund, convertSale } from '../invoicing/convert/index';
import type { InvoiceDraft } from '../invoicing/convert/types';
import { SettingsRepo } from '../platform/settings/settings-repo';
import { SquareObjectsRepo } from '../square/square-objects-repo';
import { CustomersRepo } from '../square/customers-repo';
import type { Settings } from '../../shared/settings';
import type { ClaimedRow } from '../inbox/inbox-row';
import type { InboxStore } from '../inbox/inbox-store';
import { InvoiceWriter, type WriteResult } from '../invoicing/invoice-writer';
import { InvoiceStore } from '../invoicing/invoice-store';
import { refreshCustomerBuyers } from './customer-buyers';
import { paymentsCoverTenders } from './order-tenders';
import { inHandStillHolds, paymentsInHand } from './draft-in-hand';
import type { DraftInHand, Fetched } from './fetched';
import { withFullObjects } from './wire-crossing';
import { RetryWithSavepoints, withSavepointsOnFailure } from './savepoint-retry';

export interface ProcessResult {
  outcome: 'invoiced' | 'stored' | 'ignored';
  invoices: WriteResult[];
}

/** What the commit needs of each event: its inbox row, by id (so only the id crosses to the writer thread). */
export type CommittedEvent = Pick<ClaimedRow, 'id'>;

/**
 * What the commit made of one fetched event: committed with its result, or the error that rolled its writes back.
 * Plain data (it crosses a thread boundary when the commits run in the writer thread).
 */
export type CommitOutcome = { ok: true; result: ProcessResult } | { ok: false; error: Error };


/**
 * The SQLite half of the pipeline: per event, Square objects stored newest-wins, conversion from the newest stored
 * versions, invoice write and the inbox row's new state — the whole batch in ONE transaction. Needs no Square call,
 * so it runs on whichever thread owns the pipeline's writes (pipeline/pipeline-store.ts).
 */
export class BatchCommitter {
  private readonly objects: SquareObjectsRepo;
  private readonly writer: InvoiceWriter;
  private readonly settings: SettingsRepo;
  private readonly invoices: InvoiceStore;
  private readonly customers: CustomersRepo;

  constructor(
    private readonly db: Db,
    private readonly inbox: InboxStore,
  ) {
    this.objects = new SquareObjectsRepo(db);
    this.invoices = new InvoiceStore(db);
    this.writer = new InvoiceWriter(db, this.invoices);
    this.customers = new CustomersRepo(db);
    this.settings = new SettingsRepo(db);
  }

  /**
   * Commits every fetched event (`fetched[i]` null: its fetch failed, nothing to write) in one transaction.
   * Optimistically without savepoints (two statements per event saved); should any event fail to store, the whole
   * transaction rolls back and the batch is committed again with each event in its own savepoint.
   */
  commit(events: readonly CommittedEvent[], fetched: readonly (Fetched | null)[], at: number): (CommitOutcome | null)[] {
    return withSavepointsOnFailure((isolate) => this.commitBatch(events, fetched, at, isolate));
  }

  private commitBatch(events: readonly CommittedEvent[], fetched: readonly (Fetched | null)[], at: number, isolate: boolean): (CommitOutcome | null)[] {
    return this.db.transaction(() => {
      const settings = this.settings.getAll();
      return events.map((event, i): CommitOutcome | null => {
        const f = fetched[i];
        if (!f) return null;
        const work = () => {
          const results = f.ignored ? [] : this.storeSale(f, at, settings);
          if (f.setAside) this.inbox.markDone(event.id, 'ignored', f.setAside, at);
          else this.inbox.markDone(event.id, 'done', null, at);
          return results;
        };
        let invoices: WriteResult[];
        try {
          // A nested transaction is a SAVEPOINT: if this event throws, only its own writes are undone.
          invoices = isolate ? this.db.transaction(work)() : work();
        } catch (error) {
          if (!isolate) throw new RetryWithSavepoints();
          return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
        }
        const outcome = f.ignored ? 'ignored' : invoices.length ? 'invoiced' : 'stored';
        return { ok: true, result: { outcome, invoices } };
      });
    }).immediate();
  }

  /**
   * Inside the caller's transaction: keep the newest objects, then convert from the newest stored versions (so newest
   * wins). The upserts return the object in hand unless a newer one was stored first, so nothing is parsed back
   * needlessly. Also used for a backfill's orders invoiced straight from their page (page-orders-committer.ts).
   */
  storeSale(given: Fetched, at: number, settings: Settings): WriteResult[] {
    if (given.customerChange) return refreshCustomerBuyers(this.customers.upsert(given.customerChange, at), this.invoices, this.objects, at);
    const customer = given.customer ? this.customers.upsert(given.customer, at) : null;
    if (given.inHand) {
      const written = this.writeDraftInHand(given, given.inHand, customer, at, settings);
      if (written) return written;
    }
    // Converted here, from the newest stored versions. Objects already stored above are stored again: unchanged.
    const f = withFullObjects(given);
    const all = paymentsInHand(f);
    const newest = all.map((p) => this.objects.upsertPayment(p, at));
    const payment = f.payment ? newest[all.indexOf(f.payment)]! : null;
    const order = f.order ? this.objects.upsertOrder(f.order, at) : null;
    const refund = f.refund ? this.objects.upsertRefund(f.refund, at) : null;

    let payments = order?.id ? this.objects.paymentsForOrder(order.id, newest) : payment ? [payment] : [];
    // From tenders: stored payments are used only when they are all of the sale's (else its tenders alone decide).
    if (f.fromTenders && order && !paymentsCoverTenders(order, payments)) payments = [];
    if (!order && !payments.length) return [];
    const timezone = this.objects.locationTimezone(order?.locationId ?? payments[0]?.locationId);
    const results: WriteResult[] = [];
    const merchantId = f.merchantId;
    const sale: InvoiceDraft | null = convertSale({ order, payments, timezone, merchantId, customer });
    if (sale) results.push(this.writer.write(sale, at, settings));
    if (refund) {
      const refunded = newest.find((p) => p.id === refund.paymentId) ?? this.objects.payment(refund.paymentId!);
      const returnOrder = f.returnOrder ? this.objects.upsertOrder(f.returnOrder, at) : null;
      const credit = convertRefund({ refund, payment: refunded, order: returnOrder ?? order, original: sale, timezone, merchantId, customer });
      if (credit) results.push(this.writer.write(credit, at, settings));
    }
    return results;
  }

  /**
   * A plain sale whose draft was converted where its objects were fetched (draft-in-hand.ts): its objects stored
   * newest-wins, then that draft written — or null, writing no invoice, when storing them changed something the draft
   * was made from. Reads of the objects here are of their stored columns only (they may be stand-ins: wire-crossing.ts).
   */
  private writeDraftInHand(f: Fetched, inHand: DraftInHand, customer: Square.Customer | null, at: number, settings: Settings): WriteResult[] | null {
    const all = paymentsInHand(f);
    const newest = all.map((p) => this.objects.upsertPayment(p, at));
    const order = f.order ? this.objects.upsertOrder(f.order, at) : null;
    const payment = f.payment ? newest[all.indexOf(f.payment)]! : null;
    // The time zone of the order's location, else the lone payment's (as convertSale's caller picks it above).
    const locationId = order ? order.locationId : payment?.locationId;
    if (!locationId) return null;
    const paymentIds = order?.id ? this.objects.paymentIdsForOrder(order.id) : payment?.id ? [payment.id] : [];
    const timezone = this.objects.locationTimezone(locationId);
    if (!inHandStillHolds(f, inHand, { newest, order, customer, paymentIds, timezone })) return null;
    return inHand.draft ? [this.writer.write(inHand.draft, at, settings)] : [];
  }
}
