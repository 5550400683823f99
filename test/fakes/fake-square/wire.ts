import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SquareErrorItem } from './types';

// Square's wire conventions: JSON bodies, `{ errors: [...] }` envelopes, empty lists omitted from responses.

/** Thrown by route handlers; the server turns it into Square's error envelope. */
export class SquareHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: SquareErrorItem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((e) => `${e.code}: ${e.detail ?? ''}`).join('; '));
    this.name = 'SquareHttpError';
  }
}

function err(status: number, category: string, code: string, detail: string, field?: string): SquareHttpError {
  return new SquareHttpError(status, [{ category, code, detail, ...(field ? { field } : {}) }]);
}

export const errors = {
  unauthorized: (detail = 'This request could not be authorized.') =>
    err(401, 'AUTHENTICATION_ERROR', 'UNAUTHORIZED', detail),
  tokenExpired: () =>
    err(401, 'AUTHENTICATION_ERROR', 'ACCESS_TOKEN_EXPIRED', 'The access token has expired.'),
  tokenRevoked: () =>
    err(401, 'AUTHENTICATION_ERROR', 'ACCESS_TOKEN_REVOKED', 'The access token has been revoked.'),
  insufficientScopes: (needed: string) =>
    err(
      403,
      'AUTHENTICATION_ERROR',
      'INSUFFICIENT_SCOPES',
      `The merchant has not given your application sufficient permissions to do that. The following permissions are required: ${needed}.`,
    ),
  forbidden: (detail: string) => err(403, 'AUTHENTICATION_ERROR', 'FORBIDDEN', detail),
  notFound: (detail: string) => err(404, 'INVALID_REQUEST_ERROR', 'NOT_FOUND', detail),
  methodNotAllowed: (method: string) =>
    err(405, 'INVALID_REQUEST_ERROR', 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed for this resource.`),
  badRequest: (code: string, detail: string, field?: string) => err(400, 'INVALID_REQUEST_ERROR', code, detail, field),
  missing: (field: string) =>
    err(400, 'INVALID_REQUEST_ERROR', 'MISSING_REQUIRED_PARAMETER', `Field must be set`, field),
  rateLimited: (retryAfterSeconds?: number) => {
    const e = err(429, 'RATE_LIMIT_ERROR', 'RATE_LIMITED', 'Rate limit exceeded. Retry later.');
    if (retryAfterSeconds !== undefined) e.headers['retry-after'] = String(retryAfterSeconds);
    return e;
  },
};

/** The error body Square sends for a bare status (used by fault injection). */
export function errorBodyForStatus(status: number): { errors: SquareErrorItem[] } {
  const item = (category: string, code: string, detail: string): { errors: SquareErrorItem[] } => ({
    errors: [{ category, code, detail }],
  });
  if (status === 429) return item('RATE_LIMIT_ERROR', 'RATE_LIMITED', 'Rate limit exceeded. Retry later.');
  if (status === 401) return item('AUTHENTICATION_ERROR', 'UNAUTHORIZED', 'This request could not be authorized.');
  if (status === 403) return item('AUTHENTICATION_ERROR', 'FORBIDDEN', 'Forbidden.');
  if (status === 404) return item('INVALID_REQUEST_ERROR', 'NOT_FOUND', 'Not found.');
  if (status === 408) return item('API_ERROR', 'REQUEST_TIMEOUT', 'Request timed out.');
  if (status === 502) return item('API_ERROR', 'BAD_GATEWAY', 'Bad gateway.');
  if (status === 503) return item('API_ERROR', 'SERVICE_UNAVAILABLE', 'Service unavailable.');
  if (status === 504) return item('API_ERROR', 'GATEWAY_TIMEOUT', 'Gateway timeout.');
  if (status >= 500) return item('API_ERROR', 'INTERNAL_SERVER_ERROR', 'An internal error has occurred.');
  return item('INVALID_REQUEST_ERROR', 'BAD_REQUEST', `HTTP ${status}`);
}

/** JSON with bigint written as integer literals (tests may hand the fake SDK-style bigint amounts). */
export function toJson(value: unknown): string {
  const marker = '#bigint#';
  // Fast path (every list page clones and writes its items through here): without bigints the replacer below changes
  // nothing, and a plain stringify is several times faster. It throws on a bigint; the marker check keeps the output
  // byte-identical to the replacer path even for a string that happens to contain the marker.
  let plain: string | undefined;
  try {
    plain = JSON.stringify(value);
  } catch {
    plain = undefined;
  }
  if (plain !== undefined && !plain.includes(marker)) return plain;
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v.toString()}${marker}` : v));
  return text.replace(/"(-?\d+)#bigint#"/g, '$1');
}

/** Deep copy through JSON: stored objects are never shared with tests or responses. */
export function clone<T>(value: T): T {
  return JSON.parse(toJson(value)) as T;
}

/** Square leaves empty lists out of list and search responses (`{}` when nothing matched). */
export function withList<K extends string>(key: K, items: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (items.length > 0) out[key] = items;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a request body as Square does: a JSON object, or a 400 EXPECTED_JSON_BODY / INVALID_CONTENT_TYPE. */
export function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw errors.badRequest('EXPECTED_JSON_BODY', 'The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw errors.badRequest('EXPECTED_OBJECT', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = toJson(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

export function sendRedirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'content-length': 0 });
  res.end();
}

// --- small readers for untyped JSON bodies ---------------------------------------------------------------

export function optString(body: Record<string, unknown>, field: string, path = field): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw errors.badRequest('EXPECTED_STRING', `Expected a string value`, path);
  return v;
}

export function reqString(body: Record<string, unknown>, field: string, path = field): string {
  const v = optString(body, field, path);
  if (v === undefined || v === '') throw errors.missing(path);
  return v;
}

export function optObject(body: Record<string, unknown>, field: string, path = field): Record<string, unknown> | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw errors.badRequest('EXPECTED_OBJECT', 'Expected an object', path);
  return v as Record<string, unknown>;
}

export function optStringArray(body: Record<string, unknown>, field: string, path = field): string[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw errors.badRequest('EXPECTED_ARRAY', 'Expected an array of strings', path);
  }
  return v as string[];
}

export function optInteger(body: Record<string, unknown>, field: string, path = field): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw errors.badRequest('EXPECTED_INTEGER', 'Expected an integer', path);
  return v;
}

export function optBoolean(body: Record<string, unknown>, field: string, path = field): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw errors.badRequest('EXPECTED_BOOLEAN', 'Expected a boolean', path);
  return v;
}

/** An RFC 3339 time from a query string or body; 400 INVALID_TIME when unparseable. */
export function parseTime(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw errors.badRequest('INVALID_TIME', `Invalid RFC 3339 time: ${value}`, field);
  return ms;
}

/** A query-string integer; 400 EXPECTED_INTEGER otherwise. */
export function queryInteger(query: Record<string, string>, field: string): number | undefined {
  const v = query[field];
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw errors.badRequest('EXPECTED_INTEGER', `Expected an integer`, field);
  return Number(v);
}
