import type { Reply, Route, RouteContext } from '../router';
import { ok } from '../router';
import type { WireCatalogObject, WireCustomer } from '../types';
import { fingerprint, inRange, paginate, parseSortOrder, timeOf } from '../paging';
import { clone, errors, optBoolean, optInteger, optObject, optString, optStringArray, parseTime, withList } from '../wire';

// Buyer details (CUSTOMERS_READ) and catalog objects (ITEMS_READ), read-only, for the merchant of the token.

function ownCustomer(ctx: RouteContext, id: string): WireCustomer | undefined {
  const entry = ctx.core.state.customers.get(id);
  return entry && entry.merchantId === ctx.auth.merchantId ? entry.customer : undefined;
}

function getCustomer(ctx: RouteContext): Reply {
  const id = ctx.params.customer_id!;
  const customer = ownCustomer(ctx, id);
  if (!customer) throw errors.notFound(`Customer with ID \`${id}\` not found.`);
  return ok({ customer: clone(customer) });
}

function bulkRetrieveCustomers(ctx: RouteContext): Reply {
  const ids = optStringArray(ctx.body, 'customer_ids');
  if (!ids) throw errors.missing('customer_ids');
  if (ids.length > 100) throw errors.badRequest('ARRAY_LENGTH_TOO_LONG', 'At most 100 customer_ids', 'customer_ids');
  const responses: Record<string, unknown> = {};
  for (const id of ids) {
    const customer = ownCustomer(ctx, id);
    responses[id] = customer
      ? { customer: clone(customer) }
      : { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: `Customer with ID \`${id}\` not found.` }] };
  }
  return ok({ responses });
}

/** A time range of query.filter (`created_at` / `updated_at`): [start, end) in ms, either end open. */
function timeRange(filter: Record<string, unknown>, field: 'created_at' | 'updated_at'): { start?: number; end?: number } | null {
  const path = `query.filter.${field}`;
  const range = optObject(filter, field, path);
  if (!range) return null;
  const start = parseTime(optString(range, 'start_at', `${path}.start_at`), `${path}.start_at`);
  const end = parseTime(optString(range, 'end_at', `${path}.end_at`), `${path}.end_at`);
  return { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) };
}

/**
 * SearchCustomers: filter on created_at / updated_at (the ones the app uses; other filters are refused rather than
 * ignored), sort by DEFAULT (given + family name, Square's default) or CREATED_AT, limit 1–100 (default 100), cursor.
 * Square offers no sort on updated_at, so a client following updated_at gets pages in name order.
 */
function searchCustomers(ctx: RouteContext): Reply {
  const limit = optInteger(ctx.body, 'limit') ?? 100;
  if (limit < 1) throw errors.badRequest('VALUE_TOO_LOW', 'limit must be at least 1', 'limit');
  if (limit > 100) throw errors.badRequest('VALUE_TOO_HIGH', 'limit must be at most 100', 'limit');
  const cursor = optString(ctx.body, 'cursor');
  const query = optObject(ctx.body, 'query') ?? {};
  const filter = optObject(query, 'filter', 'query.filter') ?? {};
  const unsupported = Object.keys(filter).filter((k) => k !== 'created_at' && k !== 'updated_at');
  if (unsupported.length) throw errors.badRequest('INVALID_VALUE', `The fake does not filter on ${unsupported.join(', ')}`, 'query.filter');
  const created = timeRange(filter, 'created_at');
  const updated = timeRange(filter, 'updated_at');
  const sort = optObject(query, 'sort', 'query.sort');
  const field = (sort && optString(sort, 'field', 'query.sort.field')) ?? 'DEFAULT';
  if (field !== 'DEFAULT' && field !== 'CREATED_AT') throw errors.badRequest('INVALID_ENUM_VALUE', `Invalid sort field: ${field}`, 'query.sort.field');
  const order = parseSortOrder(sort?.order, 'query.sort.order', 'ASC');

  const matches = (): WireCustomer[] => [...ctx.core.state.customers.values()]
    .filter((e) => e.merchantId === ctx.auth.merchantId)
    .map((e) => e.customer)
    .filter((c) => (!created || inRange(timeOf(c.created_at), created.start, created.end))
      && (!updated || inRange(timeOf(c.updated_at), updated.start, updated.end)));
  const nameKey = (c: WireCustomer) => `${String(c.given_name ?? '')} ${String(c.family_name ?? '')}`.toLowerCase();
  const keyOf = (c: WireCustomer): [number, string] =>
    field === 'CREATED_AT' ? [timeOf(c.created_at), c.id] : [0, `${nameKey(c)}\u0000${c.id}`];
  const print = fingerprint({ merchant: ctx.auth.merchantId, customers: query });
  const page = paginate(matches, keyOf, order, limit, cursor, print);
  return ok(withList('customers', page.items.map((c) => clone(c)), { cursor: page.cursor }));
}

function ownObject(ctx: RouteContext, id: string): WireCatalogObject | undefined {
  const entry = ctx.core.state.catalog.get(id);
  return entry && entry.merchantId === ctx.auth.merchantId && !entry.object.is_deleted ? entry.object : undefined;
}

/** The parent item of a variation, the only relation the fake follows. */
function related(ctx: RouteContext, objects: WireCatalogObject[]): WireCatalogObject[] {
  const out = new Map<string, WireCatalogObject>();
  for (const o of objects) {
    const itemId = (o.item_variation_data as { item_id?: string } | undefined)?.item_id;
    const item = itemId ? ownObject(ctx, itemId) : undefined;
    if (item && !objects.some((x) => x.id === item.id)) out.set(item.id, clone(item));
  }
  return [...out.values()];
}

function getCatalogObject(ctx: RouteContext): Reply {
  const id = ctx.params.object_id!;
  const object = ownObject(ctx, id);
  if (!object) throw errors.notFound(`Object with ID \`${id}\` not found.`);
  const body: Record<string, unknown> = { object: clone(object) };
  if (ctx.query.include_related_objects === 'true') {
    const rel = related(ctx, [object]);
    if (rel.length) body.related_objects = rel;
  }
  return ok(body);
}

function batchRetrieveCatalog(ctx: RouteContext): Reply {
  const ids = optStringArray(ctx.body, 'object_ids');
  if (!ids) throw errors.missing('object_ids');
  const objects = ids.map((id) => ownObject(ctx, id)).filter((o): o is WireCatalogObject => o !== undefined);
  const includeRelated = optBoolean(ctx.body, 'include_related_objects') ?? false;
  return ok(
    withList(
      'objects',
      objects.map((o) => clone(o)),
      includeRelated ? { related_objects: related(ctx, objects).length ? related(ctx, objects) : undefined } : {},
    ),
  );
}

export const customerCatalogRoutes: Route[] = [
  { method: 'GET', pattern: '/v2/customers/:customer_id', auth: 'bearer', scope: 'CUSTOMERS_READ', handle: getCustomer },
  { method: 'POST', pattern: '/v2/customers/search', auth: 'bearer', scope: 'CUSTOMERS_READ', handle: searchCustomers },
  { method: 'POST', pattern: '/v2/customers/bulk-retrieve', auth: 'bearer', scope: 'CUSTOMERS_READ', handle: bulkRetrieveCustomers },
  { method: 'GET', pattern: '/v2/catalog/object/:object_id', auth: 'bearer', scope: 'ITEMS_READ', handle: getCatalogObject },
  { method: 'POST', pattern: '/v2/catalog/batch-retrieve', auth: 'bearer', scope: 'ITEMS_READ', handle: batchRetrieveCatalog },
];
