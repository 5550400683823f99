import { createHash } from 'node:crypto';
import { SEARCH_ORDERS_LOCATIONS } from './history-source';

// A backfill's range cut into windows that are read side by side: SearchOrders pages of one query can only be read
// one after another (each page's cursor comes with the previous page), so pages in flight need several queries —
// location groups (≤ 10 locations a call) × slices of time. Each window keeps its own position in sync_cursors under
// its key, so a backfill of the same range and locations started again (after a crash, a cancel, a failure) goes on
// from where each window had got instead of from the start.

export interface OrderWindow {
  /** sync_cursors location_id of this window's position (stream 'orders'). */
  key: string;
  locationIds: string[];
  /** [begin, end), epoch ms. */
  begin: number;
  end: number;
}

/** Slices of time per location group, at most: enough pages in flight, few empty first pages on short ranges. */
export const MAX_SLICES = 8;
const DAY = 24 * 3600_000;

/** The key prefix of every window of one backfill (range + location set). */
export function backfillKeyPrefix(locationIds: readonly string[], begin: number, end: number): string {
  const locations = createHash('sha256').update([...locationIds].sort().join(',')).digest('base64url').slice(0, 10);
  return `backfill:${new Date(begin).toISOString()}/${new Date(end).toISOString()}:${locations}:`;
}

export function planOrderWindows(locationIds: readonly string[], begin: number, end: number, maxSlices = MAX_SLICES): OrderWindow[] {
  const prefix = backfillKeyPrefix(locationIds, begin, end);
  const groups: string[][] = [];
  for (let i = 0; i < locationIds.length; i += SEARCH_ORDERS_LOCATIONS) groups.push(locationIds.slice(i, i + SEARCH_ORDERS_LOCATIONS));
  // One slice per day at most: a day-long backfill is one query per group.
  const slices = Math.max(1, Math.min(maxSlices, Math.ceil((end - begin) / DAY)));
  const windows: OrderWindow[] = [];
  groups.forEach((group, g) => {
    for (let s = 0; s < slices; s++) {
      const from = begin + Math.floor(((end - begin) * s) / slices);
      const to = s === slices - 1 ? end : begin + Math.floor(((end - begin) * (s + 1)) / slices);
      windows.push({ key: `${prefix}${g}.${s}`, locationIds: group, begin: from, end: to });
    }
  });
  return windows;
}
