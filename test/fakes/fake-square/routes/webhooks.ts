import { newId } from '../ids';
import { paginate, parseSortOrder, timeOf } from '../paging';
import type { Reply, Route, RouteContext } from '../router';
import { ok } from '../router';
import type { WireWebhookSubscription } from '../types';
import {
  clone,
  errors,
  optBoolean,
  optObject,
  optString,
  optStringArray,
  queryInteger,
  withList,
} from '../wire';

// Webhook subscriptions belong to the application, so Square only takes the application's personal access token
// here (auth 'personal': an OAuth access token gets 403 FORBIDDEN). Subscriptions are kept per client id.

export const EVENT_TYPES = [
  'payment.created',
  'payment.updated',
  'refund.created',
  'refund.updated',
  'order.created',
  'order.updated',
  'order.fulfillment.updated',
  'oauth.authorization.revoked',
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'catalog.version.updated',
  'location.created',
  'location.updated',
  'invoice.created',
  'invoice.updated',
];

/** Square writes subscription times as "2022-01-10 22:59:28 +0000 UTC". */
function squareSubscriptionTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

function validateFields(ctx: RouteContext, sub: Record<string, unknown>, creating: boolean): Partial<WireWebhookSubscription> {
  const out: Partial<WireWebhookSubscription> = {};
  const name = optString(sub, 'name', 'subscription.name');
  if (name !== undefined) out.name = name;
  const enabled = optBoolean(sub, 'enabled', 'subscription.enabled');
  if (enabled !== undefined) out.enabled = enabled;
  const types = optStringArray(sub, 'event_types', 'subscription.event_types');
  if (types !== undefined) {
    if (types.length === 0) throw errors.badRequest('ARRAY_EMPTY', 'event_types must not be empty', 'subscription.event_types');
    for (const t of types) {
      if (!/^[a-z_]+(\.[a-z_]+)+$/.test(t)) {
        throw errors.badRequest('INVALID_VALUE', `Unknown event type: ${t}`, 'subscription.event_types');
      }
    }
    out.event_types = [...types];
  } else if (creating) throw errors.missing('subscription.event_types');
  const url = optString(sub, 'notification_url', 'subscription.notification_url');
  if (url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw errors.badRequest('INVALID_VALUE', 'notification_url must be a valid URL', 'subscription.notification_url');
    }
    if (parsed.protocol !== 'https:' && (ctx.core.options.requireHttpsNotificationUrl || parsed.protocol !== 'http:')) {
      throw errors.badRequest('INVALID_VALUE', 'notification_url must be an HTTPS URL', 'subscription.notification_url');
    }
    out.notification_url = url;
  } else if (creating) throw errors.missing('subscription.notification_url');
  const apiVersion = optString(sub, 'api_version', 'subscription.api_version');
  if (apiVersion !== undefined) out.api_version = apiVersion;
  return out;
}

function ownSubscription(ctx: RouteContext): WireWebhookSubscription {
  const id = ctx.params.subscription_id!;
  const entry = ctx.core.state.subscriptions.get(id);
  if (!entry || entry.clientId !== ctx.auth.clientId) throw errors.notFound(`Subscription ${id} not found.`);
  return entry.subscription;
}

function create(ctx: RouteContext): Reply {
  const { core, auth, body } = ctx;
  const sub = optObject(body, 'subscription');
  if (!sub) throw errors.missing('subscription');
  const key = optString(body, 'idempotency_key');
  const seen = core.state.subscriptionIdempotency;
  if (key !== undefined) {
    const existing = seen.get(`${auth.clientId}:${key}`);
    const entry = existing ? core.state.subscriptions.get(existing) : undefined;
    if (entry) return ok({ subscription: clone(entry.subscription) });
  }
  const fields = validateFields(ctx, sub, true);
  const now = squareSubscriptionTime(core.clock.now());
  const headerVersion = ctx.headers['square-version'];
  const subscription: WireWebhookSubscription = {
    id: newId.subscription(),
    ...(fields.name !== undefined ? { name: fields.name } : {}),
    enabled: fields.enabled ?? true,
    event_types: fields.event_types!,
    notification_url: fields.notification_url!,
    api_version: fields.api_version ?? (typeof headerVersion === 'string' ? headerVersion : '2024-01-18'),
    signature_key: newId.signatureKey(),
    created_at: now,
    updated_at: now,
  };
  core.state.subscriptions.set(subscription.id, { clientId: auth.clientId, subscription });
  if (key !== undefined) seen.set(`${auth.clientId}:${key}`, subscription.id);
  return ok({ subscription: clone(subscription) });
}

function list(ctx: RouteContext): Reply {
  const { core, auth, query } = ctx;
  const includeDisabled = query.include_disabled === 'true';
  const order = parseSortOrder(query.sort_order, 'sort_order', 'ASC');
  const limit = Math.min(queryInteger(query, 'limit') ?? 100, 100);
  const subs = [...core.state.subscriptions.values()]
    .filter((e) => e.clientId === auth.clientId && (includeDisabled || e.subscription.enabled))
    .map((e) => e.subscription);
  const key = (s: WireWebhookSubscription): [number, string] => [timeOf(s.created_at.replace(' +0000 UTC', 'Z').replace(' ', 'T')), s.id];
  const page = paginate(() => subs, key, order, limit, query.cursor, `subs:${auth.clientId}:${String(includeDisabled)}`);
  return ok(withList('subscriptions', page.items.map((s) => clone(s)), { cursor: page.cursor }));
}

function get(ctx: RouteContext): Reply {
  return ok({ subscription: clone(ownSubscription(ctx)) });
}

function update(ctx: RouteContext): Reply {
  const subscription = ownSubscription(ctx);
  const sub = optObject(ctx.body, 'subscription') ?? {};
  const fields = validateFields(ctx, sub, false);
  Object.assign(subscription, fields, { updated_at: squareSubscriptionTime(ctx.core.clock.now()) });
  return ok({ subscription: clone(subscription) });
}

function remove(ctx: RouteContext): Reply {
  const subscription = ownSubscription(ctx);
  ctx.core.state.subscriptions.delete(subscription.id);
  return ok({});
}

function rotateKey(ctx: RouteContext): Reply {
  const subscription = ownSubscription(ctx);
  subscription.signature_key = newId.signatureKey();
  subscription.updated_at = squareSubscriptionTime(ctx.core.clock.now());
  return ok({ signature_key: subscription.signature_key });
}

function eventTypes(): Reply {
  return ok({ event_types: EVENT_TYPES, metadata: EVENT_TYPES.map((t) => ({ event_type: t, api_version_introduced: '2020-01-01' })) });
}

export const webhookRoutes: Route[] = [
  { method: 'GET', pattern: '/v2/webhooks/subscriptions', auth: 'personal', handle: list },
  { method: 'POST', pattern: '/v2/webhooks/subscriptions', auth: 'personal', handle: create },
  { method: 'GET', pattern: '/v2/webhooks/subscriptions/:subscription_id', auth: 'personal', handle: get },
  { method: 'PUT', pattern: '/v2/webhooks/subscriptions/:subscription_id', auth: 'personal', handle: update },
  { method: 'DELETE', pattern: '/v2/webhooks/subscriptions/:subscription_id', auth: 'personal', handle: remove },
  { method: 'POST', pattern: '/v2/webhooks/subscriptions/:subscription_id/signature-key', auth: 'personal', handle: rotateKey },
  { method: 'GET', pattern: '/v2/webhooks/event-types', auth: 'personal', handle: eventTypes },
];
