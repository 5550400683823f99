import type { Square } from 'square';
import { stringifyWire, toWire } from '../square/wire';

// The synthetic Square event catch-up sync and backfill put in the inbox: the same envelope a webhook carries
// (REFERENCE.md, Webhooks), so the pipeline has one processing path. The event_id is derived from the object and its
// version, so re-reading the overlap window is a no-op (the inbox dedupes on event_id) while a newer version of an
// object is a new event.

export type SyncKind = 'payment' | 'refund' | 'order';

export interface SyncEvent {
  eventId: string;
  type: 'payment.updated' | 'refund.updated' | 'order.updated';
  objectId: string;
  locationId: string | null;
  /** The object's own updated_at (Square's RFC 3339), which moves the stream's cursor. */
  updatedAt: string | null;
  rawBody: string;
}

export function syncEventId(kind: SyncKind, id: string, versionKey: string | number): string {
  return `sync:${kind}:${id}:${versionKey}`;
}

interface EnvelopeInput {
  merchantId: string;
  locationId: string | null;
  type: SyncEvent['type'];
  eventId: string;
  createdAt: string;
  data: { type: string; id: string; object: Record<string, unknown> };
}

function envelopeJson(e: EnvelopeInput): string {
  return stringifyWire({
    merchant_id: e.merchantId,
    ...(e.locationId ? { location_id: e.locationId } : {}),
    type: e.type,
    event_id: e.eventId,
    created_at: e.createdAt,
    data: e.data,
  });
}

/** `payment.updated` with the full payment in data.object.payment, as Square sends it. */
export function paymentEvent(merchantId: string, p: Square.Payment, createdAt: string): SyncEvent | null {
  if (!p.id) return null;
  const updatedAt = p.updatedAt ?? p.createdAt ?? null;
  const eventId = syncEventId('payment', p.id, updatedAt ?? 'unversioned');
  const locationId = p.locationId ?? null;
  return {
    eventId,
    type: 'payment.updated',
    objectId: p.id,
    locationId,
    updatedAt,
    rawBody: envelopeJson({
      merchantId, locationId, type: 'payment.updated', eventId, createdAt,
      data: { type: 'payment', id: p.id, object: { payment: toWire.payment(p) } },
    }),
  };
}

/** `refund.updated` with the full refund in data.object.refund. */
export function refundEvent(merchantId: string, r: Square.PaymentRefund, createdAt: string): SyncEvent | null {
  if (!r.id) return null;
  const updatedAt = r.updatedAt ?? r.createdAt ?? null;
  const eventId = syncEventId('refund', r.id, updatedAt ?? 'unversioned');
  const locationId = r.locationId ?? null;
  return {
    eventId,
    type: 'refund.updated',
    objectId: r.id,
    locationId,
    updatedAt,
    rawBody: envelopeJson({
      merchantId, locationId, type: 'refund.updated', eventId, createdAt,
      data: { type: 'refund', id: r.id, object: { refund: toWire.refund(r) } },
    }),
  };
}

/**
 * `order.updated` exactly as a webhook shapes it (data.type 'order_updated', the summary under
 * data.object.order_updated), plus the full order under data.object.order, which a webhook does not carry: a consumer
 * that reads only the summary and fetches the order works unchanged, one that looks for `order` may skip the fetch.
 */
export function orderEvent(merchantId: string, o: Square.Order, createdAt: string): SyncEvent | null {
  if (!o.id) return null;
  const updatedAt = o.updatedAt ?? o.createdAt ?? null;
  const eventId = syncEventId('order', o.id, o.version ?? updatedAt ?? 'unversioned');
  const locationId = o.locationId ?? null;
  const summary = {
    order_id: o.id,
    version: o.version,
    location_id: o.locationId,
    state: o.state,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
  return {
    eventId,
    type: 'order.updated',
    objectId: o.id,
    locationId,
    updatedAt,
    rawBody: envelopeJson({
      merchantId, locationId, type: 'order.updated', eventId, createdAt,
      data: { type: 'order_updated', id: o.id, object: { order_updated: summary, order: toWire.order(o) } },
    }),
  };
}
