import type { Square } from 'square';
import type { Db } from '../platform/db/open';
import { convertRefund, convertSale } from '../invoicing/convert/index';
import type { InvoiceDraft } from '../invoicing/convert/types';
import { SettingsRepo } from '../platform/settings/settings-repo';
import { SquareObjectsRepo } from '../square/square-objects-repo';
import { ConnectionsRepo } from '../square/connections-repo';
import type { Settings } from '../../shared/settings';
import type { PosConnector } from '../square/pos-connector';
import { fromWire } from '../square/wire';
import { parseEnvelope, routeOf } from '../inbox/envelope';
import type { InboxRow } from '../inbox/inbox-row';
import type { InboxStore } from '../inbox/inbox-store';
import { InvoiceWriter, type WriteResult } from '../invoicing/invoice-writer';
import { InvoiceStore } from '../invoicing/invoice-store';
import { parseCustomerWire } from '../square/customer-wire';
import { CustomerBuyers } from './customer-buyers';
import type { OrderBatcher } from './order-batcher';
import type { SquarePolicy } from './square-policy';

/** Data that can never become valid by retrying (bad JSON, missing ids): dead-lettered at once. */
export class PermanentEventError extends Error {
  override name = 'PermanentEventError';
}

/** A read from Square that brought back nothing usable: retried with backoff, then a failed event for the owner. */
const unreadable = (what: string, id: string | null) =>
  new Error(`${what} ${id ?? '(no id)'} not found in Square, or Square's answer could not be read`);

export interface ProcessResult {
  outcome: 'invoiced' | 'stored' | 'ignored';
  invoices: WriteResult[];
}

/** Runs a parse of stored event data; its failure can never be cured by retrying. */
function permanent<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new PermanentEventError(err instanceof Error ? err.message : String(err));
  }
}

/** Aborts an optimistic batch transaction: one of its events failed, so it is redone with a savepoint per event. */
class RetryWithSavepoints extends Error {}

/** What became of one event of a batch: committed, or the error to count against it (nothing of it was written). */
export type EventOutcome =
  | { event: InboxRow; ok: true; result: ProcessResult }
  | { event: InboxRow; ok: false; error: unknown };

/** What one event needs from Square, fetched before the transaction (network never happens inside it). */
interface Fetched {
  /** Not a sale event: marked ignored. */
  ignored?: true;
  /** Set aside, not processed: the inbox row becomes 'ignored' with this reason (e.g. another seller's sale). */
  setAside?: string;
  payment?: Square.Payment;
  refund?: Square.PaymentRefund;
  order?: Square.Order | null;
  /** The sale's other payments (split tender), by id. */
  payments: Square.Payment[];
  /** A refund's own order when it is not the sale's (itemised returns live on a return order). */
  returnOrder?: Square.Order | null;
  merchantId: string | null;
  /** The sale's Square customer (cache or Square), when it names one that could be had. */
  customer?: Square.Customer | null;
  /** customer.created/updated: the changed customer, to store and to refresh buyers from. */
  customerChange?: Square.Customer;
}

export interface EventProcessorOptions {
  /** Attempts of an event during which a failing customer fetch fails it; later the buyer is a walk-in (default 3). */
  customerAttempts?: number;
  /**
   * Applies an oauth.authorization.revoked (the webhook service's): null when applied, else why it was set aside;
   * throws when it could not be applied. Without it a revocation fails (is retried), never marked done unapplied.
   */
  applyRevocation?: (merchantId: string | null) => Promise<string | null>;
}

/** A location of the connected shop, as the owner left its tick on the Square screen. */
type LocationChoice = ReadonlyMap<string, { name: string; selected: boolean }>;

/**
 * Inbox events → Square objects (newest kept) → invoices and credit notes. Network calls (through the resilience
 * policy) happen first, for a whole batch at once (the order lookups of every event become BatchRetrieveOrders
 * calls); then the batch is committed in ONE SQLite transaction, each event inside its own savepoint together with
 * its inbox row's new state, so a bad event rolls back alone and the rest commit. One commit per batch instead of per
 * event is what lets a burst of sales through: the commit and its WAL pages are most of an event's SQLite cost.
 */
export class EventProcessor {
  private readonly objects: SquareObjectsRepo;
  private readonly writer: InvoiceWriter;
  private readonly settings: SettingsRepo;
  private readonly invoices: InvoiceStore;
  private readonly customers: CustomerBuyers;
  private readonly connections: ConnectionsRepo;
  private readonly applyRevocation: EventProcessorOptions['applyRevocation'];

  constructor(
    private readonly db: Db,
    private readonly inbox: InboxStore,
    private readonly connector: PosConnector,
    private readonly policy: SquarePolicy,
    private readonly orders: OrderBatcher,
    /** The connected Square seller's merchant id (null while none is connected). */
    private readonly connectedMerchantId: () => string | null,
    options: EventProcessorOptions = {},
  ) {
    this.objects = new SquareObjectsRepo(db);
    this.invoices = new InvoiceStore(db);
    this.writer = new InvoiceWriter(db, this.invoices);
    this.customers = new CustomerBuyers(db, connector, policy, options.customerAttempts ?? 3);
    this.settings = new SettingsRepo(db);
    this.connections = new ConnectionsRepo(db);
    this.applyRevocation = options.applyRevocation;
  }

  /** The connected shop's locations and their ticks, read once per batch (one small query). */
  private locationChoice(): LocationChoice {
    const merchant = this.connectedMerchantId();
    const out = new Map<string, { name: string; selected: boolean }>();
    if (merchant) for (const l of this.connections.locations(merchant)) out.set(l.id, { name: l.name, selected: l.selected });
    return out;
  }

  /** Fetches for every event concurrently, then commits every event that could be fetched in one transaction. */
  async processBatch(events: readonly InboxRow[], now: () => number): Promise<EventOutcome[]> {
    const locations = this.locationChoice();
    const fetched = await Promise.allSettled(events.map((e) => this.fetch(e, locations)));
    // Optimistically without savepoints (two statements per event saved); should any event fail to store, the whole
    // transaction rolls back and the batch is committed again with each event in its own savepoint.
    try {
      return this.commitBatch(events, fetched, now, false);
    } catch (err) {
      if (!(err instanceof RetryWithSavepoints)) throw err;
      return this.commitBatch(events, fetched, now, true);
    }
  }

  private commitBatch(
    events: readonly InboxRow[],
    fetched: PromiseSettledResult<Fetched>[],
    now: () => number,
    isolate: boolean,
  ): EventOutcome[] {
    return this.db.transaction(() => {
      const outcomes: EventOutcome[] = [];
      const at = now();
      const settings = this.settings.getAll();
      events.forEach((event, i) => {
        const f = fetched[i]!;
        if (f.status === 'rejected') {
          outcomes.push({ event, ok: false, error: f.reason });
          return;
        }
        const work = () => {
          const results = f.value.ignored ? [] : this.store(f.value, at, settings);
          if (f.value.setAside) this.inbox.markDone(event.id, 'ignored', f.value.setAside, at);
          else this.inbox.markDone(event.id, 'done', null, at);
          return results;
        };
        let invoices: WriteResult[];
        try {
          // A nested transaction is a SAVEPOINT: if this event throws, only its own writes are undone.
          invoices = isolate ? this.db.transaction(work)() : work();
        } catch (error) {
          if (!isolate) throw new RetryWithSavepoints();
          outcomes.push({ event, ok: false, error });
          return;
        }
        const outcome = f.value.ignored ? 'ignored' : invoices.length ? 'invoiced' : 'stored';
        outcomes.push({ event, ok: true, result: { outcome, invoices } });
      });
      return outcomes;
    }).immediate();
  }

  private async fetch(event: InboxRow, locations: LocationChoice): Promise<Fetched> {
    const parsed = parseEnvelope(event.rawBody);
    if (!parsed.ok) throw new PermanentEventError(`stored event: ${parsed.message}`);
    const object = parsed.envelope.data?.object ?? {};
    const { merchantId } = event;
    if (routeOf(event.type) === 'revoked') {
      // Applied before its row is marked done, never instead: one that cannot be applied fails like any event
      // (retried with backoff, then a dead letter the owner sees), so a revocation is never forgotten silently.
      if (!this.applyRevocation) throw new Error('access revoked in Square, but nothing here can apply it yet');
      const setAside = await this.applyRevocation(merchantId);
      return { ignored: true, payments: [], merchantId, ...(setAside ? { setAside } : {}) };
    }
    // A signed event of another Square seller (stored while no shop was connected, or before a switch of shop) is
    // never this shop's sale: set aside with the reason, never invoiced. The receiver checks too, but only while a
    // shop is connected.
    const connected = this.connectedMerchantId();
    if (merchantId && connected && merchantId !== connected) {
      return { ignored: true, payments: [], merchantId, setAside: `Sent for another Square seller (${merchantId}), not the connected shop (${connected}); not invoiced.` };
    }
    // A sale at a location the owner has not ticked for invoicing is set aside, as catch-up and backfill never read
    // it: the tick decides what is invoiced, however the sale arrives. Events without a location (customers) pass.
    const location = event.locationId ? locations.get(event.locationId) : undefined;
    if (location && !location.selected) {
      return {
        ignored: true, payments: [], merchantId,
        setAside: `From ${location.name}, a location not ticked for invoicing on the Square screen; not invoiced. Tick it there to invoice its sales from now on.`,
      };
    }
    // The row's object_id column is the envelope's data.id, taken when the event was stored.
    const objectId = (): string => {
      if (!event.objectId) throw new PermanentEventError('event without data.id');
      return event.objectId;
    };
    const kind = event.type.split('.')[0];
    if (kind === 'payment') {
      const payment = object.payment ? permanent(() => fromWire.payment(object.payment)) : await this.call(() => this.connector.getPayment(objectId()));
      // Only an event's own body can be incomplete for good; a read that brought no payment back (missing yet, or an
      // answer that could not be read) is Square's side, retried like any failed read, never dead at once.
      if (!payment?.id) throw object.payment ? new PermanentEventError('payment event without a payment') : unreadable('payment', event.objectId);
      return this.withCustomer(event, { ...(await this.fetchSale(payment)), merchantId });
    }
    if (kind === 'refund') {
      const refund = object.refund ? permanent(() => fromWire.refund(object.refund)) : await this.call(() => this.connector.getRefund(objectId()));
      if (!refund?.id || !refund.paymentId) {
        throw object.refund ? new PermanentEventError('refund event without a refund or payment id') : unreadable('refund', event.objectId);
      }
      const payment = this.objects.payment(refund.paymentId) ?? (await this.call(() => this.connector.getPayment(refund.paymentId!)));
      if (!payment) throw new Error(`payment ${refund.paymentId} of refund ${refund.id} not found in Square yet`);
      const returnOrder = refund.orderId && refund.orderId !== payment.orderId ? await this.orders.get(refund.orderId) : null;
      return this.withCustomer(event, { ...(await this.fetchSale(payment)), refund, returnOrder, merchantId });
    }
    if (kind === 'order') {
      const summary = (object.order_updated ?? object.order_created ?? object.order_fulfillment_updated) as { order_id?: string } | undefined;
      const orderId = summary?.order_id ?? event.objectId;
      if (!orderId) throw new PermanentEventError('order event without an order id');
      const order = object.order ? permanent(() => fromWire.order(object.order)) : await this.orders.get(orderId);
      return this.withCustomer(event, { order, payments: order ? await this.paymentsOf(order, undefined) : [], merchantId });
    }
    if (kind === 'customer') {
      const customer = object.customer
        ? permanent(() => parseCustomerWire(object.customer))
        : await this.call(() => this.connector.getCustomer(objectId()));
      // A customer Square no longer has changes nothing: invoices keep the buyer they have.
      return customer ? { customerChange: customer, payments: [], merchantId } : { ignored: true, payments: [], merchantId };
    }
    return { ignored: true, payments: [], merchantId };
  }

  private async withCustomer(event: InboxRow, f: Fetched): Promise<Fetched> {
    return { ...f, customer: await this.customers.forSale(event, f.order, f.payment ? [f.payment, ...f.payments] : f.payments) };
  }

  private call<T>(fn: () => Promise<T>): Promise<T> {
    return this.policy.execute(() => fn());
  }

  private async fetchSale(payment: Square.Payment): Promise<Omit<Fetched, 'merchantId'>> {
    if (!payment.orderId) return { payment, order: null, payments: [payment] };
    const order = (await this.orders.get(payment.orderId)) ?? this.objects.order(payment.orderId);
    // A payment that names an order Square does not return (yet) waits for it: invoicing it alone would make a
    // one-line "payment:" document now and the order's own invoice later — two invoices for one sale. The event is
    // retried with backoff and, should the order never come, ends among the failed events for the owner.
    if (!order) throw new Error(`Square has not returned order ${payment.orderId} of payment ${payment.id} yet`);
    return { payment, order, payments: await this.paymentsOf(order, payment) };
  }

  /** Every payment of the order's tenders (split tender): the one in hand, stored ones, else from Square. */
  private async paymentsOf(order: Square.Order, inHand: Square.Payment | undefined): Promise<Square.Payment[]> {
    const ids = new Set((order.tenders ?? []).map((t) => t.paymentId ?? t.id).filter((x): x is string => !!x));
    if (inHand?.id) ids.add(inHand.id);
    const out: Square.Payment[] = [];
    for (const id of ids) {
      if (inHand?.id === id) out.push(inHand);
      else {
        const p = this.objects.payment(id) ?? (await this.call(() => this.connector.getPayment(id)));
        if (p) out.push(p);
      }
    }
    return out;
  }

  /**
   * Inside the transaction: keep the newest objects, then convert from the newest stored versions (so newest wins).
   * The upserts return the object in hand unless a newer one was stored first, so nothing is parsed back needlessly.
   */
  private store(f: Fetched, at: number, settings: Settings): WriteResult[] {
    if (f.customerChange) return this.customers.refresh(this.customers.repo.upsert(f.customerChange, at), this.invoices, this.objects, at);
    const customer = f.customer ? this.customers.repo.upsert(f.customer, at) : null;
    const all = f.payment && !f.payments.includes(f.payment) ? [...f.payments, f.payment] : f.payments;
    const newest = all.map((p) => this.objects.upsertPayment(p, at));
    const payment = f.payment ? newest[all.indexOf(f.payment)]! : null;
    const order = f.order ? this.objects.upsertOrder(f.order, at) : null;
    const refund = f.refund ? this.objects.upsertRefund(f.refund, at) : null;

    const payments = order?.id ? this.objects.paymentsForOrder(order.id, newest) : payment ? [payment] : [];
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
}
