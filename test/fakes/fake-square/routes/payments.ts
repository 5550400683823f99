import { fingerprint, inRange, paginate, parseSortOrder, timeOf, type ListMemo } from '../paging';
import type { Reply, Route, RouteContext } from '../router';
import { ok } from '../router';
import type { WirePayment, WireRefund } from '../types';
import { errors, parseTime, queryInteger, withList } from '../wire';

// GetPayment / ListPayments and GetPaymentRefund / ListPaymentRefunds.
// Like Square: begin_time defaults to one year ago (created_at window), newest first, limit capped at 100
// (a larger value is treated as 100, not rejected).

const YEAR_MS = 365 * 24 * 3600_000;

interface ListWindow {
  createdStart: number | undefined;
  createdEnd: number | undefined;
  updatedStart: number | undefined;
  updatedEnd: number | undefined;
}

function timeWindow(ctx: RouteContext): ListWindow {
  const q = ctx.query;
  const updatedStart = parseTime(q.updated_at_begin_time, 'updated_at_begin_time');
  const updatedEnd = parseTime(q.updated_at_end_time, 'updated_at_end_time');
  let createdStart = parseTime(q.begin_time, 'begin_time');
  const createdEnd = parseTime(q.end_time, 'end_time');
  // Square's default begin_time (now − 1 year). The fake applies it only when no updated_at window was asked for.
  if (createdStart === undefined && updatedStart === undefined && updatedEnd === undefined) {
    createdStart = ctx.core.clock.now() - YEAR_MS;
  }
  if (createdStart !== undefined && createdEnd !== undefined && createdEnd < createdStart) {
    throw errors.badRequest('INVALID_TIME_RANGE', 'end_time must not be before begin_time', 'end_time');
  }
  return { createdStart, createdEnd, updatedStart, updatedEnd };
}

function pageLimit(ctx: RouteContext): number {
  const limit = queryInteger(ctx.query, 'limit');
  if (limit === undefined) return 100;
  if (limit < 1) throw errors.badRequest('VALUE_TOO_LOW', 'limit must be at least 1', 'limit');
  return Math.min(limit, 100);
}

function sortKeyField(ctx: RouteContext, allowed: string[]): 'created_at' | 'updated_at' {
  const f = ctx.query.sort_field;
  if (f === undefined || f === '') return 'created_at';
  if (!allowed.includes(f)) throw errors.badRequest('INVALID_ENUM_VALUE', `Invalid sort_field: ${f}`, 'sort_field');
  return f === 'UPDATED_AT' ? 'updated_at' : 'created_at';
}

function queryPrint(ctx: RouteContext, kind: string): string {
  const { cursor: _c, limit: _l, ...rest } = ctx.query;
  return fingerprint({ kind, merchant: ctx.auth.merchantId, q: Object.entries(rest).sort() });
}

/**
 * Lets paginate reuse the sorted matches between pages. The key adds the effective window to the fingerprint: the
 * default begin_time follows the clock and is not part of the query (so such a walk still re-sorts on every page).
 */
function listMemo(ctx: RouteContext, print: string, w: ListWindow): ListMemo {
  return { cache: ctx.core.state.listCache, key: `${print} ${JSON.stringify(w)}`, revision: ctx.core.state.revision };
}

function getPayment(ctx: RouteContext): Reply {
  const id = ctx.params.payment_id!;
  const p = ctx.core.state.payments.get(id);
  if (!p || ctx.core.state.merchantOfLocation(p.location_id) !== ctx.auth.merchantId) {
    throw errors.notFound(`Could not find payment with id: ${id}`);
  }
  return ok({ payment: p });
}

function listPayments(ctx: RouteContext): Reply {
  const { core, auth, query } = ctx;
  const w = timeWindow(ctx);
  const limit = pageLimit(ctx);
  const sortKey = sortKeyField(ctx, ['CREATED_AT', 'UPDATED_AT', 'OFFLINE_CREATED_AT']);
  const order = parseSortOrder(query.sort_order, 'sort_order', 'DESC');
  const total = queryInteger(query, 'total');
  const matches = (): WirePayment[] => [...core.state.payments.values()].filter((p) => {
    if (core.state.merchantOfLocation(p.location_id) !== auth.merchantId) return false;
    if (query.location_id && p.location_id !== query.location_id) return false;
    if (!inRange(timeOf(p.created_at), w.createdStart, w.createdEnd)) return false;
    if (!inRange(timeOf(p.updated_at), w.updatedStart, w.updatedEnd)) return false;
    if (total !== undefined && p.total_money?.amount !== total) return false;
    const card = (p.card_details as { card?: { last_4?: string; card_brand?: string } } | undefined)?.card;
    if (query.last_4 && card?.last_4 !== query.last_4) return false;
    if (query.card_brand && card?.card_brand !== query.card_brand) return false;
    if (query.is_offline_payment !== undefined && String(p.is_offline_payment === true) !== query.is_offline_payment) return false;
    return true;
  });
  const print = queryPrint(ctx, 'payments');
  const page = paginate(matches, (p) => [timeOf(p[sortKey]), p.id], order, limit, query.cursor, print, listMemo(ctx, print, w));
  return ok(withList('payments', page.items, { cursor: page.cursor }));
}

function getRefund(ctx: RouteContext): Reply {
  const id = ctx.params.refund_id!;
  const r = ctx.core.state.refunds.get(id);
  if (!r || ctx.core.state.merchantOfLocation(r.location_id) !== ctx.auth.merchantId) {
    throw errors.notFound(`Could not find payment refund with id: ${id}`);
  }
  return ok({ refund: r });
}

function listRefunds(ctx: RouteContext): Reply {
  const { core, auth, query } = ctx;
  const w = timeWindow(ctx);
  const limit = pageLimit(ctx);
  const sortKey = sortKeyField(ctx, ['CREATED_AT', 'UPDATED_AT']);
  const order = parseSortOrder(query.sort_order, 'sort_order', 'DESC');
  const matches = (): WireRefund[] => [...core.state.refunds.values()].filter((r) => {
    if (core.state.merchantOfLocation(r.location_id) !== auth.merchantId) return false;
    if (query.location_id && r.location_id !== query.location_id) return false;
    if (query.status && r.status !== query.status) return false;
    if (query.source_type) {
      const payment = r.payment_id ? core.state.payments.get(r.payment_id) : undefined;
      if (payment?.source_type !== query.source_type) return false;
    }
    if (!inRange(timeOf(r.created_at), w.createdStart, w.createdEnd)) return false;
    if (!inRange(timeOf(r.updated_at), w.updatedStart, w.updatedEnd)) return false;
    return true;
  });
  const print = queryPrint(ctx, 'refunds');
  const page = paginate(matches, (r) => [timeOf(r[sortKey]), r.id], order, limit, query.cursor, print, listMemo(ctx, print, w));
  return ok(withList('refunds', page.items, { cursor: page.cursor }));
}

const scope = 'PAYMENTS_READ';

export const paymentRoutes: Route[] = [
  { method: 'GET', pattern: '/v2/payments', auth: 'bearer', scope, handle: listPayments },
  { method: 'GET', pattern: '/v2/payments/:payment_id', auth: 'bearer', scope, handle: getPayment },
  { method: 'GET', pattern: '/v2/refunds', auth: 'bearer', scope, handle: listRefunds },
  { method: 'GET', pattern: '/v2/refunds/:refund_id', auth: 'bearer', scope, handle: getRefund },
];
