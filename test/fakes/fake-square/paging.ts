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

/** An item with its sort key (v: sort time in ms, i: id), computed once per sorted list, not per comparison. */
interface Row<T> {
  v: number;
  i: string;
  item: T;
}

/** A short digest of the query a cursor belongs to (everything but cursor and limit). */
export function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

function compare(a: { v: number; i: string }, b: { v: number; i: string }): number {
  if (a.v !== b.v) return a.v < b.v ? -1 : 1;
  return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
}

/**
 * Sorted query results, memoized per fake state. Without it, walking N items in pages of L filtered and sorted all
 * N items on every page (a 100,000-payment backfill: 1,000 full sorts). A list is reused while the state's revision
 * is the one it was built at, so a page costs a binary search; any change to the data rebuilds it, which keeps the
 * cursor semantics exactly those of a fresh sort. Only the few most recently used queries are kept.
 */
export class ListCache {
  private readonly lists = new Map<string, { revision: number; rows: Row<unknown>[] }>();

  constructor(private readonly capacity = 4) {}

  rows<T>(key: string, revision: number, build: () => Row<T>[]): Row<T>[] {
    const hit = this.lists.get(key);
    const list = hit && hit.revision === revision ? hit : { revision, rows: build() };
    // Delete + set moves the key to the end: Map iteration order is then least recently used first.
    this.lists.delete(key);
    this.lists.set(key, list);
    if (this.lists.size > this.capacity) this.lists.delete(this.lists.keys().next().value!);
    return list.rows as Row<T>[];
  }
}

/** What paginate needs to reuse a sorted list between pages. */
export interface ListMemo {
  cache: ListCache;
  /**
   * Everything the matching set and its sort depend on besides the data: the query fingerprint plus any input that is
   * not in it (payments: the effective time window, whose default follows the clock).
   */
  key: string;
  /** The state's revision (FakeSquareState.revision); a different one means the data changed since the build. */
  revision: number;
}

/**
 * One page of `matches()` sorted by keyOf (time, then id) in `order`, starting after the cursor. With `memo`, the
 * sorted list is built once per query and data revision instead of on every page.
 */
export function paginate<T>(
  matches: () => T[],
  keyOf: (item: T) => [number, string],
  order: SortOrder,
  limit: number,
  cursor: string | undefined,
  queryPrint: string,
  memo?: ListMemo,
): PageResult<T> {
  const dir = order === 'ASC' ? 1 : -1;
  const after = cursor !== undefined && cursor !== '' ? decodeCursor(cursor, queryPrint) : undefined;
  const build = (): Row<T>[] =>
    matches()
      .map((item) => {
        const [v, i] = keyOf(item);
        return { v, i, item };
      })
      .sort((a, b) => dir * compare(a, b));
  const rows = memo ? memo.cache.rows(`${order} ${memo.key}`, memo.revision, build) : build();
  const start = after ? firstAfter(rows, after, dir) : 0;
  const page = rows.slice(start, start + limit);
  const items = page.map((r) => r.item);
  const last = page[page.length - 1];
  const more = start + limit < rows.length;
  if (!more || last === undefined) return { items };
  return { items, cursor: encodeCursor({ f: queryPrint, v: last.v, i: last.i }) };
}

/** Index of the first row past `pos` in the sort direction (rows.length if none): keyset paging by binary search. */
function firstAfter<T>(rows: Row<T>[], pos: CursorData, dir: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dir * compare(rows[mid]!, pos) > 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
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
