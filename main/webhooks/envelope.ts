import { z } from 'zod';

// Square's webhook envelope (REFERENCE.md). Only what routing needs is required; the raw body is stored whole.
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

/** payment.*, refund.* and order.* feed invoicing; oauth.authorization.revoked disconnects; the rest is kept, ignored. */
export function routeOf(type: string): Route {
  if (/^(payment|refund|order)\./.test(type)) return 'sale';
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
  'oauth.authorization.revoked',
] as const;
