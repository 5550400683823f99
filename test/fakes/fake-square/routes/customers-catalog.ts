import type { Reply, Route, RouteContext } from '../router';
import { ok } from '../router';
import type { WireCatalogObject, WireCustomer } from '../types';
import { clone, errors, optBoolean, optStringArray, withList } from '../wire';

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
  { method: 'POST', pattern: '/v2/customers/bulk-retrieve', auth: 'bearer', scope: 'CUSTOMERS_READ', handle: bulkRetrieveCustomers },
  { method: 'GET', pattern: '/v2/catalog/object/:object_id', auth: 'bearer', scope: 'ITEMS_READ', handle: getCatalogObject },
  { method: 'POST', pattern: '/v2/catalog/batch-retrieve', auth: 'bearer', scope: 'ITEMS_READ', handle: batchRetrieveCatalog },
];
