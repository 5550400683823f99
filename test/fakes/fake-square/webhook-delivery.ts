import { createHmac } from 'node:crypto';
import { newId } from './ids';
import type { WireCustomer, WireOrder, WirePayment, WireRefund, WireWebhookSubscription } from './types';
import { toJson } from './wire';

// Outgoing webhooks as Square sends them: the event envelope, signed with the subscription's signature key over
// notification URL (exactly as registered) + raw body, POSTed to the notification URL.

export interface WebhookEnvelope {
  merchant_id: string;
  location_id?: string;
  type: string;
  event_id: string;
  created_at: string;
  data: { type: string; id: string; deleted?: boolean; object?: Record<string, unknown> };
}

export interface WebhookDelivery {
  subscriptionId: string;
  url: string;
  /** HTTP status of the receiver, or 0 when it could not be reached. */
  status: number;
  /** The exact body sent (for re-sending duplicates). */
  body: string;
  signature: string;
  responseText: string;
  error?: string;
}

/** base64(HMAC-SHA256(signatureKey, notificationUrl + body)) — the `x-square-hmacsha256-signature` header. */
export function signWebhook(signatureKey: string, notificationUrl: string, body: string): string {
  return createHmac('sha256', signatureKey).update(notificationUrl + body).digest('base64');
}

/** The legacy `x-square-signature` (HMAC-SHA1), still sent by Square. */
export function legacySignature(signatureKey: string, notificationUrl: string, body: string): string {
  return createHmac('sha1', signatureKey).update(notificationUrl + body).digest('base64');
}

export function envelope(
  type: string,
  merchantId: string,
  data: WebhookEnvelope['data'],
  createdAt: string,
  locationId?: string,
): WebhookEnvelope {
  return {
    merchant_id: merchantId,
    ...(locationId ? { location_id: locationId } : {}),
    type,
    event_id: newId.eventId(),
    created_at: createdAt,
    data,
  };
}

export function paymentEvent(type: 'payment.created' | 'payment.updated', merchantId: string, payment: WirePayment, at: string): WebhookEnvelope {
  return envelope(type, merchantId, { type: 'payment', id: payment.id, object: { payment } }, at, payment.location_id);
}

/** customer.created / customer.updated: the whole customer in data.object.customer; no location (customers are the seller's). */
export function customerEvent(type: 'customer.created' | 'customer.updated', merchantId: string, customer: WireCustomer, at: string): WebhookEnvelope {
  return envelope(type, merchantId, { type: 'customer', id: customer.id, object: { customer } }, at);
}

export function refundEvent(type: 'refund.created' | 'refund.updated', merchantId: string, refund: WireRefund, at: string): WebhookEnvelope {
  return envelope(type, merchantId, { type: 'refund', id: refund.id, object: { refund } }, at, refund.location_id);
}

/** order.* events carry only a summary (the receiver must fetch the order). */
export function orderEvent(type: 'order.created' | 'order.updated', merchantId: string, order: WireOrder, at: string): WebhookEnvelope {
  const key = type === 'order.created' ? 'order_created' : 'order_updated';
  const summary = {
    order_id: order.id,
    version: order.version,
    location_id: order.location_id,
    state: order.state,
    created_at: order.created_at,
    updated_at: order.updated_at,
  };
  return envelope(type, merchantId, { type: key, id: order.id, object: { [key]: summary } }, at, order.location_id);
}

export function revokedEvent(merchantId: string, at: string): WebhookEnvelope {
  return envelope(
    'oauth.authorization.revoked',
    merchantId,
    { type: 'revocation', id: newId.eventId(), object: { revocation: { revoked_at: at, revoker_type: 'MERCHANT' } } },
    at,
  );
}

/**
 * POSTs one event to one subscription. Never throws: an unreachable receiver gives status 0. `target`, when given, is
 * where the request really goes (a reverse proxy's upstream, e.g. the app's receiver on 127.0.0.1 behind the owner's
 * public https URL); the signature is always over the registered notification URL, as Square signs it.
 */
export async function deliver(
  sub: WireWebhookSubscription,
  event: WebhookEnvelope | string,
  timeoutMs = 10_000,
  target: string = sub.notification_url,
): Promise<WebhookDelivery> {
  const body = typeof event === 'string' ? event : toJson(event);
  const signature = signWebhook(sub.signature_key, sub.notification_url, body);
  const base = { subscriptionId: sub.id, url: sub.notification_url, body, signature };
  try {
    const res = await fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Square Connect v2',
        'square-version': sub.api_version,
        'x-square-hmacsha256-signature': signature,
        'x-square-signature': legacySignature(sub.signature_key, sub.notification_url, body),
        'square-environment': 'Sandbox',
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { ...base, status: res.status, responseText: await res.text() };
  } catch (e) {
    return { ...base, status: 0, responseText: '', error: e instanceof Error ? e.message : String(e) };
  }
}
