import type { Square } from 'square';
import { buildEnvelope, type Envelope } from '../../inbox/envelope';
import { randomBytes } from 'node:crypto';
import { toWire, toWireJson } from '../../square/wire';

// The events catch-up sync and backfill put in the inbox: the same envelope a webhook carries (docs/square.md), so
// the pipeline has one processing path. The event_id is derived from the object and its version, so re-reading the
// overlap window is a no-op (the inbox dedupes on event_id) while a newer version of an object is a new event.

export type SyncKind = 'payment' | 'refund' | 'order' | 'customer';

export interface SyncEvent {
  envelope: Envelope;
  rawBody: string;
  locationId: string | null;
  /** The object's own updated_at (Square's RFC 3339), which moves the stream's cursor. */
  updatedAt: string | null;
  /** The SDK object the body was made from (orders), for the pipeline's hand-off (inbox/hand-off.ts). */
  parsed?: object;
}

export function syncEventId(kind: SyncKind, id: string, versionKey: string | number): string {
  return `sync:${kind}:${id}:${versionKey}`;
}

interface SyncedObject {
  kind: SyncKind;
  id: string;
  locationId: string | null;
  updatedAt: string | null;
  /** What tells two versions of the object apart: an order's version, else its updated_at. */
  versionKey: string | number;
  data: { type: string; object: Record<string, unknown> };
}

function syncEvent(merchantId: string, o: SyncedObject, createdAt: string): SyncEvent {
  const { envelope, rawBody } = buildEnvelope({
    merchantId,
    locationId: o.locationId,
    type: `${o.kind}.updated`,
    eventId: syncEventId(o.kind, o.id, o.versionKey),
    createdAt,
    data: { type: o.data.type, id: o.id, object: o.data.object },
  });
  return { envelope, rawBody, locationId: o.locationId, updatedAt: o.updatedAt };
}

/** `payment.updated` / `refund.updated`: the full object in data.object.<kind>, as Square sends it. */
function objectEvent(
  kind: 'payment' | 'refund',
  merchantId: string,
  o: Square.Payment | Square.PaymentRefund,
  wire: unknown,
  createdAt: string,
): SyncEvent | null {
  if (!o.id) return null;
  const updatedAt = o.updatedAt ?? o.createdAt ?? null;
  return syncEvent(merchantId, {
    kind, id: o.id, locationId: o.locationId ?? null, updatedAt, versionKey: updatedAt ?? 'unversioned',
    data: { type: kind, object: { [kind]: wire } },
  }, createdAt);
}

export function paymentEvent(merchantId: string, p: Square.Payment, createdAt: string): SyncEvent | null {
  return objectEvent('payment', merchantId, p, p.id ? toWire.payment(p) : null, createdAt);
}

export function refundEvent(merchantId: string, r: Square.PaymentRefund, createdAt: string): SyncEvent | null {
  return objectEvent('refund', merchantId, r, r.id ? toWire.refund(r) : null, createdAt);
}

/** Where an order event's body gets the order's JSON text (a marker no Square string can be expected to hold). */
const ORDER_SLOT = `order-json-${randomBytes(16).toString('hex')}`;
const ORDER_SLOT_JSON = JSON.stringify(ORDER_SLOT);

/**
 * `order.updated` exactly as a webhook shapes it (data.type 'order_updated', the summary under
 * data.object.order_updated), plus the full order under data.object.order, which a webhook does not carry: a consumer
 * that reads only the summary and fetches the order works unchanged, one that looks for `order` may skip the fetch.
 */
export function orderEvent(merchantId: string, o: Square.Order, createdAt: string): SyncEvent | null {
  if (!o.id) return null;
  const updatedAt = o.updatedAt ?? o.createdAt ?? null;
  const summary = {
    order_id: o.id,
    version: o.version,
    location_id: o.locationId,
    state: o.state,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
  // The order is written out once (toWireJson keeps the text: it is also what the writer thread stores) and put into
  // the body in place of a marker, instead of being written out again inside the envelope.
  const event = syncEvent(merchantId, {
    kind: 'order', id: o.id, locationId: o.locationId ?? null, updatedAt,
    versionKey: o.version ?? updatedAt ?? 'unversioned',
    data: { type: 'order_updated', object: { order_updated: summary, order: ORDER_SLOT } },
  }, createdAt);
  const text = toWireJson.order(o);
  const at = event.rawBody.lastIndexOf(ORDER_SLOT_JSON);
  if (at < 0) throw new Error('order event: the order was not placed in its body');
  const rawBody = event.rawBody.slice(0, at) + text + event.rawBody.slice(at + ORDER_SLOT_JSON.length);
  // The envelope object shows the order too, made only if someone reads it (the inbox row needs the text alone).
  Object.defineProperty(event.envelope.data!.object!, 'order', { get: () => toWire.order(o), enumerable: true, configurable: true });
  return { ...event, rawBody, parsed: o };
}

/**
 * `customer.updated` as a webhook shapes it (data.type 'customer', the whole customer under data.object.customer).
 * Customers belong to the merchant, not a location: the event has no location_id.
 */
export function customerEvent(merchantId: string, c: Square.Customer, createdAt: string): SyncEvent | null {
  if (!c.id) return null;
  const updatedAt = c.updatedAt ?? c.createdAt ?? null;
  return syncEvent(merchantId, {
    kind: 'customer', id: c.id, locationId: null, updatedAt,
    versionKey: c.version !== undefined ? String(c.version) : updatedAt ?? 'unversioned',
    data: { type: 'customer', object: { customer: toWire.customer(c) } },
  }, createdAt);
}
