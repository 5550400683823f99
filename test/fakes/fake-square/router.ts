import type { IncomingHttpHeaders } from 'node:http';
import type { FakeClock } from './clock';
import type { FakeSquareState } from './state';
import type { TokenStore } from './tokens';
import type { FakeApp, FakeSquareOptions, LoginBehaviour, TokenRecord } from './types';
import { errors } from './wire';

// Route table types, path matching and bearer authentication.

/** Everything a route handler may read or change. */
export interface FakeCore {
  readonly clock: FakeClock;
  readonly state: FakeSquareState;
  readonly tokens: TokenStore;
  readonly apps: Map<string, FakeApp>;
  login: LoginBehaviour;
  readonly options: Required<Pick<FakeSquareOptions, 'enforceScopes' | 'requireHttpsNotificationUrl'>>;
  /** Query strings of every GET /oauth2/authorize, oldest first. */
  readonly authorizeRequests: Array<Record<string, string>>;
}

export interface RouteContext {
  core: FakeCore;
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Parsed JSON object body ({} when empty). */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The authenticated token (routes with auth 'bearer' or 'personal'); ANONYMOUS otherwise. */
  auth: Readonly<TokenRecord>;
}

export type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'redirect'; location: string }
  | { kind: 'html'; status: number; html: string };

// A JSON reply is written out (serialised) in the same turn the route returns it (server.ts), so a route may hand the
// stored objects themselves: nothing can change them in between, and nobody holds the reply afterwards. (Copying every
// order of a 1,000-order page first was most of the fake's work in the backfill benchmark.)
export const ok = (body: unknown, status = 200): Reply => ({ kind: 'json', status, body });

export type AuthMode = 'none' | 'bearer' | 'personal';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** '/v2/orders/:order_id' style. */
  pattern: string;
  auth: AuthMode;
  /** OAuth scope an access token needs (personal access tokens have all). */
  scope?: string;
  /** Accepts an application/x-www-form-urlencoded body as well as JSON. */
  form?: boolean;
  handle(ctx: RouteContext): Reply;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      if (g === '') return null;
      params[w.slice(1)] = decodeURIComponent(g);
    } else if (w !== g) return null;
  }
  return params;
}

/** The route for method + path; 404 when no route has the path, 405 when only the method is wrong. */
export function findRoute(routes: Route[], method: string, path: string): RouteMatch {
  let pathMatched = false;
  // Literal segments beat parameters (e.g. /v2/orders/search vs /v2/orders/:id): try routes with fewer params first.
  const ordered = [...routes].sort((a, b) => paramCount(a.pattern) - paramCount(b.pattern));
  for (const route of ordered) {
    const params = matchPattern(route.pattern, path);
    if (!params) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  if (pathMatched) throw errors.methodNotAllowed(method);
  throw errors.notFound(`Resource not found: ${method} ${path}`);
}

function paramCount(pattern: string): number {
  return pattern.split('/').filter((s) => s.startsWith(':')).length;
}

/** The `auth` of routes that take no token (OAuth authorize and token). */
export const ANONYMOUS: Readonly<TokenRecord> = Object.freeze({
  token: '',
  kind: 'access',
  merchantId: '',
  clientId: '',
  scopes: [],
  revoked: false,
  singleUse: false,
  used: false,
  createdAt: 0,
});

/** The bearer token of a request, or undefined. */
export function bearerOf(headers: IncomingHttpHeaders): string | undefined {
  const h = headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

/** Square's checks, in Square's order: present, known, an access credential, not revoked, not expired, scoped. */
export function authenticate(core: FakeCore, headers: IncomingHttpHeaders, mode: AuthMode, scope?: string): TokenRecord {
  if (!headers.authorization) {
    throw errors.unauthorized(
      'Your request did not include an `Authorization` http header with an access token. The header value is expected to be of the format "Bearer TOKEN" (without quotation marks), where TOKEN is to be replaced with your access token (e.g. "Bearer ABC123def456GHI789jkl0"). For more information, see https://developer.squareup.com/docs/build-basics/access-tokens. If you are seeing this error message while using one of our officially supported SDKs, please report this to developers@squareup.com.',
    );
  }
  const token = bearerOf(headers);
  if (!token) throw errors.unauthorized('The `Authorization` http header of your request was malformed. The header value is expected to be of the format "Bearer TOKEN" (without quotation marks).');
  const record = core.tokens.tokens.get(token);
  if (!record || record.kind === 'refresh') throw errors.unauthorized();
  if (record.revoked) throw errors.tokenRevoked();
  if (core.tokens.isExpired(record)) throw errors.tokenExpired();
  if (mode === 'personal' && record.kind !== 'personal') {
    throw errors.forbidden(
      'This endpoint manages the application itself and needs the application\'s personal access token; OAuth access tokens are not accepted.',
    );
  }
  if (scope && core.options.enforceScopes && !record.scopes.includes(scope)) throw errors.insufficientScopes(scope);
  return record;
}
