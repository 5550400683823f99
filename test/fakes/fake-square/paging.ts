import { createHash } from 'node:crypto';
import { errors } from './wire';

// Cursor paging the way Square behaves from the outside: an opaque cursor, valid only for the same query, and
// stable while data changes (keyset on the sort value + id, so inserts between pages neither repeat nor skip
// items that were already ahead of the cursor; an item whose sort time moves past the cursor shows up again).

export type SortOrder = 'ASC' | 'DESC';

export interface PageResult<T> {
  items: T[];
  cursor?: string;
}

interface CursorData {
  f: string;
  v: number;
  i: string;
}

/** A short digest of the query a cursor belongs to (everything but cursor and limit). */
export function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

function compare(a: [number, string], b: [number, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

export function paginate<T>(
  all: T[],
  keyOf: (item: T) => [number, string],
  order: SortOrder,
  limit: number,
  cursor: string | undefined,
  queryPrint: string,
): PageResult<T> {
  const dir = order === 'ASC' ? 1 : -1;
  const sorted = [...all].sort((a, b) => dir * compare(keyOf(a), keyOf(b)));
  let start = 0;
  if (cursor !== undefined && cursor !== '') {
    const after = decodeCursor(cursor, queryPrint);
    const pos: [number, string] = [after.v, after.i];
    start = sorted.findIndex((item) => dir * compare(keyOf(item), pos) > 0);
    if (start < 0) start = sorted.length;
  }
  const items = sorted.slice(start, start + limit);
  const last = items[items.length - 1];
  const more = start + limit < sorted.length;
  if (!more || last === undefined) return { items };
  const [v, i] = keyOf(last);
  return { items, cursor: encodeCursor({ f: queryPrint, v, i }) };
}

function encodeCursor(data: CursorData): string {
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

function decodeCursor(cursor: string, queryPrint: string): CursorData {
  let data: Partial<CursorData> | undefined;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorData>;
  } catch {
    data = undefined;
  }
  if (!data || typeof data.v !== 'number' || typeof data.i !== 'string' || typeof data.f !== 'string') {
    throw errors.badRequest('INVALID_CURSOR', 'The pagination cursor is not valid.', 'cursor');
  }
  if (data.f !== queryPrint) {
    throw errors.badRequest('INVALID_CURSOR', 'The pagination cursor does not belong to this query.', 'cursor');
  }
  return data as CursorData;
}

/** ms of an RFC 3339 field, or 0 when absent. */
export function timeOf(value: unknown): number {
  if (typeof value !== 'string') return 0;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? 0 : ms;
}

/** start inclusive, end exclusive. */
export function inRange(ms: number, start: number | undefined, end: number | undefined): boolean {
  if (start !== undefined && ms < start) return false;
  if (end !== undefined && ms >= end) return false;
  return true;
}

export function parseSortOrder(value: unknown, field: string, fallback: SortOrder): SortOrder {
  if (value === undefined || value === null || value === '') return fallback;
  if (value === 'ASC' || value === 'DESC') return value;
  throw errors.badRequest('INVALID_SORT_ORDER', `Invalid sort order: ${String(value)}`, field);
}
