import type { Square } from 'square';
import type { Db } from '../platform/db/open';
import { SquareObjectsRepo } from '../square/square-objects-repo';
import { ConnectionsRepo } from '../square/connections-repo';
import type { PosConnector } from '../square/pos-connector';
import { fromWire } from '../square/wire';
import { parseEnvelope, routeOf, type Envelope } from '../inbox/envelope';
import type { ParsedHandOff } from '../inbox/hand-off';
import type { ClaimedRow } from '../inbox/inbox-row';
import { InboxStore } from '../inbox/inbox-store';
import { parseCustomerWire } from '../square/customer-wire';
import type { ProcessResult } from './batch-committer';
import type { Fetched } from './fetched';
import { CustomerBuyers } from './customer-buyers';
import type { OrderBatcher } from './order-batcher';
import type { PipelineStore } from './pipeline-store';
import { tendersSettleSale } from './order-tenders';
import { draftInHand } from './draft-in-hand';
import type { SquarePolicy } from './square-policy';

export type { ProcessResult } from './batch-committer';

/** Data that can never become valid by retrying (bad JSON, missing ids): dead-lettered at once. */
export class PermanentEventError extends Error {
  override name = 'PermanentEventError';
}

/** A read from Square that brought back nothing usable: retried with backoff, then a failed event for the owner. */
const unreadable = (what: string, id: string | null) =>
  new Error(`${what} ${id ?? '(no id)'} not found in Square, or Square's answer could not be read`);

/** Runs a parse of stored event data; its failure can never be cured by retrying. */
function permanent<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new PermanentEventError(err instanceof Error ? err.message : String(err));
  }
}

/** What became of one event of a batch: committed, or the error to count against it (nothing of it was written). */
export type EventOutcome =
  | { event: ClaimedRow; ok: true; result: ProcessResult }
  | { event: ClaimedRow; ok: false; error: unknown };

export interface EventProcessorOptions {
  /** Attempts of an event during which a failing customer fetch fails it; later the buyer is a walk-in (default 3). */
  customerAttempts?: number;
  /**
   * Applies an oauth.authorization.revoked (the webhook service's): null when applied, else why it was set aside;
   * throws when it could not be applied. Without it a revocation fails (is retried), never marked done unapplied.
   */
  applyRevocation?: (merchantId: string | null) => Promise<string | null>;
  /** Orders a backfill already parsed, by event id: such an event's stored body is not parsed again (inbox/hand-off.ts). */
  handOff?: ParsedHandOff;
  /** Webhook envelopes the receiver parsed and stored, by event id: their stored bodies are not parsed again. */
  envelopes?: ParsedHandOff<Envelope>;
}

/** A location of the connected shop, as the owner left its tick on the Square screen. */
type LocationChoice = ReadonlyMap<string, { name: string; selected: boolean; timezone: string }>;

/**
 * Inbox events → Square objects (newest kept) → invoices and credit notes. Network calls (through the resilience
 * policy) happen first, for a whole batch at once (the order lookups of every event become BatchRetrieveOrders
 * calls); then the batch is committed in ONE SQLite transaction by the pipeline's store (pipeline/batch-committer.ts,
 * on the writer thread by default), each event's writes together with its inbox row's new state. One commit per batch
 * instead of per event is what lets a burst of sales through. This side only reads SQLite (cached objects).
 */
export class EventProcessor {
  private readonly objects: SquareObjectsRepo;
  private readonly customers: CustomerBuyers;
  private readonly connections: ConnectionsRepo;
  private readonly applyRevocation: EventProcessorOptions['applyRevocation'];
  private readonly handOff: ParsedHandOff | undefined;
  private readonly envelopes: ParsedHandOff<Envelope> | undefined;
  private readonly inbox: InboxStore;

  constructor(
    db: Db,
    private readonly store: PipelineStore,
    private readonly connector: PosConnector,
    private readonly policy: SquarePolicy,
    private readonly orders: OrderBatcher,
    /** The connected Square seller's merchant id (null while none is connected). */
    private readonly connectedMerchantId: () => string | null,
    options: EventProcessorOptions = {},
  ) {
    this.objects = new SquareObjectsRepo(db);
    this.customers = new CustomerBuyers(db, connector, policy, options.customerAttempts ?? 3);
    this.connections = new ConnectionsRepo(db);
    this.applyRevocation = options.applyRevocation;
    this.handOff = options.handOff;
    this.envelopes = options.envelopes;
    this.inbox = new InboxStore(db);
  }

  /** The connected shop's locations, their ticks and time zones, read once per batch (one small query). */
  private locationChoice(): LocationChoice {
    const merchant = this.connectedMerchantId();
    const out = new Map<string, { name: string; selected: boolean; timezone: string }>();
    if (merchant) {
      for (const l of this.connections.locationsWithTimezone(merchant)) {
        out.set(l.id, { name: l.name, selected: l.selected, timezone: l.timezone });
      }
    }
    return out;
  }

  /** Fetches for every event concurrently, then commits every event that could be fetched in one transaction. */
  async processBatch(events: readonly ClaimedRow[], now: () => number): Promise<EventOutcome[]> {
    const locations = this.locationChoice();
    const fetched = await Promise.allSettled(events.map((e) => this.fetch(e, locations)));
    const toCommit = fetched.map((f) => (f.status === 'fulfilled' ? this.withDraftInHand(f.value, locations) : null));
    const committed = toCommit.some((f) => f) ? await this.store.commit(events, toCommit, now()) : [];
    return events.map((event, i): EventOutcome => {
      const f = fetched[i]!;
      if (f.status === 'rejected') return { event, ok: false, error: f.reason };
      const c = committed[i];
      if (!c) return { event, ok: false, error: new Error('the batch commit returned no outcome for this event') };
      return c.ok ? { event, ok: true, result: c.result } : { event, ok: false, error: c.error };
    });
  }

  /**
   * The sale converted here, from the objects in hand, for the commit to use if storing them changes nothing. Time
   * zones come from the batch's location read (a query a sale was measurable on this thread); one that changed
   * meanwhile is safe: the commit compares the draft's time zone with the stored one and converts again if they differ.
   */
  private withDraftInHand(f: Fetched, locations: LocationChoice): Fetched {
    const inHand = draftInHand(f, (locationId) =>
      (locationId ? locations.get(locationId)?.timezone : undefined) ?? this.objects.locationTimezone(locationId),
    );
    if (inHand) f.inHand = inHand;
    return f;
  }

  private async fetch(event: ClaimedRow, locations: LocationChoice): Promise<Fetched> {
    const kind = event.type.split('.')[0];
    // An order the backfill handed over parsed is the very object its stored body was made from: neither the body
    // (JSON) nor the order (Square's SDK) is parsed again. Anything else, or a miss, parses the stored body.
    const handed = kind === 'order' ? (this.handOff?.take(event.eventId) as Square.Order | undefined) : undefined;
    // A webhook's envelope as the receiver parsed it before storing that very body, else the stored body parsed.
    let object: Record<string, unknown> = {};
    if (!handed) {
      let envelope = this.envelopes?.take(event.eventId);
      if (!envelope) {
        // Claims leave bodies in SQLite (ClaimedRow): read here, on this thread's own connection, only when needed.
        const body = this.inbox.body(event.id);
        if (body === null) throw new Error(`inbox row ${event.id} is gone`);
        const parsed = parseEnvelope(body);
        if (!parsed.ok) throw new PermanentEventError(`stored event: ${parsed.message}`);
        envelope = parsed.envelope;
      }
      object = envelope.data?.object ?? {};
    }
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
    if (kind === 'order' && handed) {
      if (tendersSettleSale(handed)) return this.withCustomer(event, { order: handed, payments: [], merchantId, fromTenders: true });
      return this.withCustomer(event, { order: handed, payments: await this.paymentsOf(handed, undefined), merchantId });
    }
    if (kind === 'order') {
      const summary = (object.order_updated ?? object.order_created ?? object.order_fulfillment_updated) as { order_id?: string } | undefined;
      const orderId = summary?.order_id ?? event.objectId;
      if (!orderId) throw new PermanentEventError('order event without an order id');
      const order = object.order ? permanent(() => fromWire.order(object.order)) : await this.orders.get(orderId);
      // A whole order from sync (backfill, catch-up) whose tenders settle it is invoiced from them: no call per sale.
      if (object.order && order && tendersSettleSale(order)) return this.withCustomer(event, { order, payments: [], merchantId, fromTenders: true });
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

  private async withCustomer(event: ClaimedRow, f: Fetched): Promise<Fetched> {
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
}
