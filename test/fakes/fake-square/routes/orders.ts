import { fingerprint, inRange, paginate, parseSortOrder, timeOf } from '../paging';
import type { Reply, Route, RouteContext } from '../router';
import { ok } from '../router';
import type { WireOrder } from '../types';
import {
  errors,
  optBoolean,
  optInteger,
  optObject,
  optString,
  optStringArray,
  parseTime,
  withList,
} from '../wire';

// RetrieveOrder, BatchRetrieveOrders, SearchOrders (location, state, customer and time filters; keyset paging).

const SORT_FIELDS = ['CREATED_AT', 'UPDATED_AT', 'CLOSED_AT'] as const;
type SortField = (typeof SORT_FIELDS)[number];
const TIME_FIELD: Record<SortField, 'created_at' | 'updated_at' | 'closed_at'> = {
  CREATED_AT: 'created_at',
  UPDATED_AT: 'updated_at',
  CLOSED_AT: 'closed_at',
};

function ownOrder(ctx: RouteContext, id: string): WireOrder | undefined {
  const order = ctx.core.state.orders.get(id);
  if (!order) return undefined;
  return ctx.core.state.merchantOfLocation(order.location_id) === ctx.auth.merchantId ? order : undefined;
}

function getOrder(ctx: RouteContext): Reply {
  const id = ctx.params.order_id!;
  const order = ownOrder(ctx, id);
  if (!order) throw errors.notFound(`Order ${id} not found.`);
  return ok({ order });
}

function batchRetrieve(ctx: RouteContext): Reply {
  const ids = optStringArray(ctx.body, 'order_ids');
  if (!ids) throw errors.missing('order_ids');
  if (ids.length === 0) throw errors.badRequest('ARRAY_EMPTY', 'order_ids must not be empty', 'order_ids');
  if (ids.length > 100) throw errors.badRequest('ARRAY_LENGTH_TOO_LONG', 'At most 100 order_ids', 'order_ids');
  const locationId = optString(ctx.body, 'location_id');
  const found: WireOrder[] = [];
  for (const id of new Set(ids)) {
    const order = ownOrder(ctx, id);
    if (order && (locationId === undefined || order.location_id === locationId)) found.push(order);
  }
  return ok(withList('orders', found));
}

function search(ctx: RouteContext): Reply {
  const { body, core, auth } = ctx;
  const locationIds = optStringArray(body, 'location_ids');
  if (!locationIds || locationIds.length === 0) throw errors.missing('location_ids');
  if (locationIds.length > 10) {
    throw errors.badRequest('ARRAY_LENGTH_TOO_LONG', 'A maximum of 10 location_ids can be searched at once.', 'location_ids');
  }
  for (const id of locationIds) {
    if (core.state.merchantOfLocation(id) !== auth.merchantId) {
      throw errors.badRequest('INVALID_VALUE', `Location ${id} does not belong to this merchant.`, 'location_ids');
    }
  }
  const limit = optInteger(body, 'limit') ?? 500;
  if (limit < 1) throw errors.badRequest('VALUE_TOO_LOW', 'limit must be at least 1', 'limit');
  if (limit > 1000) throw errors.badRequest('VALUE_TOO_HIGH', 'limit must be at most 1000', 'limit');
  const returnEntries = optBoolean(body, 'return_entries') ?? false;
  const cursor = optString(body, 'cursor');

  const query = optObject(body, 'query') ?? {};
  const filter = optObject(query, 'filter', 'query.filter') ?? {};
  const sort = optObject(query, 'sort', 'query.sort');

  let sortField: SortField = 'CREATED_AT';
  if (sort) {
    const f = optString(sort, 'sort_field', 'query.sort.sort_field');
    if (f === undefined) throw errors.missing('query.sort.sort_field');
    if (!(SORT_FIELDS as readonly string[]).includes(f)) {
      throw errors.badRequest('INVALID_ENUM_VALUE', `Invalid sort_field: ${f}`, 'query.sort.sort_field');
    }
    sortField = f as SortField;
  }
  const sortOrder = parseSortOrder(sort?.sort_order, 'query.sort.sort_order', 'DESC');

  // state_filter
  const stateFilter = optObject(filter, 'state_filter', 'query.filter.state_filter');
  const states = stateFilter ? optStringArray(stateFilter, 'states', 'query.filter.state_filter.states') : undefined;
  if (stateFilter && (!states || states.length === 0)) throw errors.missing('query.filter.state_filter.states');

  // customer_filter
  const customerFilter = optObject(filter, 'customer_filter', 'query.filter.customer_filter');
  const customerIds = customerFilter
    ? optStringArray(customerFilter, 'customer_ids', 'query.filter.customer_filter.customer_ids')
    : undefined;

  // source_filter
  const sourceFilter = optObject(filter, 'source_filter', 'query.filter.source_filter');
  const sourceNames = sourceFilter
    ? optStringArray(sourceFilter, 'source_names', 'query.filter.source_filter.source_names')
    : undefined;

  // date_time_filter: one time range at most, and the sort must be on the same field.
  const dtf = optObject(filter, 'date_time_filter', 'query.filter.date_time_filter');
  let timeField: 'created_at' | 'updated_at' | 'closed_at' | undefined;
  let start: number | undefined;
  let end: number | undefined;
  if (dtf) {
    const present = (['created_at', 'updated_at', 'closed_at'] as const).filter((f) => dtf[f] !== undefined && dtf[f] !== null);
    if (present.length > 1) {
      throw errors.badRequest('INVALID_VALUE', 'Only one time range can be specified in date_time_filter.', 'query.filter.date_time_filter');
    }
    timeField = present[0];
    if (timeField) {
      const path = `query.filter.date_time_filter.${timeField}`;
      const range = optObject(dtf, timeField, path) ?? {};
      start = parseTime(optString(range, 'start_at', `${path}.start_at`), `${path}.start_at`);
      end = parseTime(optString(range, 'end_at', `${path}.end_at`), `${path}.end_at`);
      if (TIME_FIELD[sortField] !== timeField) {
        throw errors.badRequest(
          'INVALID_VALUE',
          `When filtering on ${timeField}, query.sort.sort_field must be ${timeField.toUpperCase()}.`,
          'query.sort.sort_field',
        );
      }
    }
  }

  const sortKey = TIME_FIELD[sortField];
  const matches = (): WireOrder[] => [...core.state.orders.values()].filter((o) => {
    if (!locationIds.includes(o.location_id)) return false;
    if (states && !states.includes(o.state ?? 'OPEN')) return false;
    if (customerIds && !customerIds.includes(o.customer_id ?? '')) return false;
    if (sourceNames) {
      const name = (o.source as { name?: string } | undefined)?.name;
      if (!name || !sourceNames.includes(name)) return false;
    }
    if (sortKey === 'closed_at' && !o.closed_at) return false;
    if (timeField) {
      const value = o[timeField];
      if (!value || !inRange(timeOf(value), start, end)) return false;
    }
    return true;
  });

  const print = fingerprint({ merchant: auth.merchantId, l: [...locationIds].sort(), q: query, e: returnEntries });
  // The fingerprint covers everything the filter reads, so it alone keys the sorted list reused between pages.
  const memo = { cache: core.state.listCache, key: print, revision: core.state.revision };
  const page = paginate(matches, (o) => [timeOf(o[sortKey]), o.id], sortOrder, limit, cursor, print, memo);
  if (returnEntries) {
    const entries = page.items.map((o) => ({ order_id: o.id, version: o.version, location_id: o.location_id }));
    return ok(withList('order_entries', entries, { cursor: page.cursor }));
  }
  return ok(withList('orders', page.items, { cursor: page.cursor }));
}

const scope = 'ORDERS_READ';

export const orderRoutes: Route[] = [
  { method: 'GET', pattern: '/v2/orders/:order_id', auth: 'bearer', scope, handle: getOrder },
  { method: 'POST', pattern: '/v2/orders/batch-retrieve', auth: 'bearer', scope, handle: batchRetrieve },
  { method: 'POST', pattern: '/v2/orders/search', auth: 'bearer', scope, handle: search },
];
