import { z } from 'zod';
import { stringifyBigintJson } from '../platform/bigint-json';
import type { InboxSource, InboxState, NewInboxRow } from './inbox-row';

// Square's webhook envelope (docs/square.md, "Webhooks"). Every event in the inbox has this shape, whether a
// webhook delivered it or catch-up sync made it, so the pipeline has one processing path. Only what routing needs is
// required; the raw body is stored whole.
export const envelopeSchema = z.object({
  merchant_id: z.string().min(1).max(100),
  location_id: z.string().max(100).optional(),
  type: z.string().min(1).max(100),
  event_id: z.string().min(1).max(200),
  created_at: z.string().max(64).optional(),
  data: z
    .object({
      type: z.string().max(100).optional(),
      id: z.string().max(200).optional(),
      deleted: z.boolean().optional(),
      object: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export type Route = 'sale' | 'revoked' | 'ignored';

/**
 * payment.*, refund.* and order.* feed invoicing, and so do customer.created/updated (a sale's buyer is a Square
 * customer: the pipeline refreshes its cache and the buyers of documents still under review); they are the seller's
 * own events, checked against the connected merchant like sales. oauth.authorization.revoked disconnects; the rest is
 * kept, ignored (customer.deleted too: invoices keep the buyer they had).
 */
export function routeOf(type: string): Route {
  if (/^(payment|refund|order)\./.test(type) || type === 'customer.created' || type === 'customer.updated') return 'sale';
  if (type === 'oauth.authorization.revoked') return 'revoked';
  return 'ignored';
}

export const SUBSCRIBED_EVENT_TYPES = [
  'payment.created',
  'payment.updated',
  'refund.created',
  'refund.updated',
  'order.created',
  'order.updated',
  'customer.created',
  'customer.updated',
  'oauth.authorization.revoked',
] as const;

/** Parses an envelope from its JSON text; the reason in words when it is not one. */
export function parseEnvelope(text: string): { ok: true; envelope: Envelope } | { ok: false; reason: 'not_json' | 'malformed'; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not_json', message: 'body is not valid JSON' };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (parsed.success) return { ok: true, envelope: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, reason: 'malformed', message: `not a Square event: ${issue.path.join('.') || '(body)'}: ${issue.message}` };
}

/** The inbox row for an envelope: the columns the worker and the UI query, beside the body exactly as received. */
export function toInboxRow(
  envelope: Envelope,
  rawBody: string,
  how: { source: InboxSource; receivedAt: number; state?: InboxState; lastError?: string | null },
): NewInboxRow {
  return {
    eventId: envelope.event_id,
    source: how.source,
    type: envelope.type,
    merchantId: envelope.merchant_id,
    locationId: envelope.location_id ?? null,
    objectId: envelope.data?.id ?? null,
    receivedAt: how.receivedAt,
    rawBody,
    state: how.state ?? 'pending',
    lastError: how.lastError ?? null,
  };
}

export interface EnvelopeInput {
  merchantId: string;
  locationId: string | null;
  type: string;
  eventId: string;
  createdAt: string;
  data: { type: string; id: string; object: Record<string, unknown> };
}

/**
 * An envelope made by the app (catch-up sync, backfill) instead of Square, with the JSON text stored as its body.
 * Objects inside may carry bigint amounts (SDK objects serialised back to wire form); they are written as exact
 * JSON integers.
 */
export function buildEnvelope(e: EnvelopeInput): { envelope: Envelope; rawBody: string } {
  const envelope: Envelope = {
    merchant_id: e.merchantId,
    ...(e.locationId ? { location_id: e.locationId } : {}),
    type: e.type,
    event_id: e.eventId,
    created_at: e.createdAt,
    data: e.data,
  };
  return { envelope, rawBody: stringifyBigintJson(envelope) };
}
