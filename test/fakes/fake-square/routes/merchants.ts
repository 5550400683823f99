import type { Reply, Route, RouteContext } from '../router';
import { ok } from '../router';
import { clone, errors } from '../wire';

// Merchants and locations of the token's merchant. Other merchants' objects are simply not found.

function listMerchants(ctx: RouteContext): Reply {
  const merchant = ctx.core.state.merchants.get(ctx.auth.merchantId);
  return ok({ merchant: merchant ? [clone(merchant)] : [] });
}

function getMerchant(ctx: RouteContext): Reply {
  const id = ctx.params.merchant_id === 'me' ? ctx.auth.merchantId : ctx.params.merchant_id;
  const merchant = id === ctx.auth.merchantId ? ctx.core.state.merchants.get(id) : undefined;
  if (!merchant) throw errors.notFound(`Merchant ${String(id)} not found.`);
  return ok({ merchant: clone(merchant) });
}

function listLocations(ctx: RouteContext): Reply {
  const locations = [...ctx.core.state.locations.values()].filter((l) => l.merchant_id === ctx.auth.merchantId);
  return ok({ locations: locations.map((l) => clone(l)) });
}

function getLocation(ctx: RouteContext): Reply {
  const { state } = ctx.core;
  let id = ctx.params.location_id!;
  if (id === 'main') id = state.merchants.get(ctx.auth.merchantId)?.main_location_id ?? '';
  const location = state.locations.get(id);
  if (!location || location.merchant_id !== ctx.auth.merchantId) throw errors.notFound(`Location ${id} not found.`);
  return ok({ location: clone(location) });
}

const scope = 'MERCHANT_PROFILE_READ';

export const merchantRoutes: Route[] = [
  { method: 'GET', pattern: '/v2/merchants', auth: 'bearer', scope, handle: listMerchants },
  { method: 'GET', pattern: '/v2/merchants/:merchant_id', auth: 'bearer', scope, handle: getMerchant },
  { method: 'GET', pattern: '/v2/locations', auth: 'bearer', scope, handle: listLocations },
  { method: 'GET', pattern: '/v2/locations/:location_id', auth: 'bearer', scope, handle: getLocation },
];
