// Calendar dates of sales in the location's time zone. Pure: the instant always comes from Square's timestamps,
// never from the clock.

import { formatterFor, toWallClock } from './zone-offset';

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** RFC 3339 with an explicit offset or Z, as Square sends it ("2024-03-01T23:30:00.123Z"). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function isRfc3339(timestamp: string): boolean {
  return RFC3339.test(timestamp) && Number.isFinite(Date.parse(timestamp));
}

/** YYYY-MM-DD of `timestamp` as seen in `timeZone`. Throws on an unknown zone or a malformed timestamp. */
export function localDate(timestamp: string, timeZone: string): string {
  if (!isRfc3339(timestamp)) throw new RangeError(`Not an RFC 3339 timestamp: "${timestamp}"`);
  const wall = toWallClock(timeZone, Date.parse(timestamp));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(wall.getUTCFullYear()).padStart(4, '0')}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}`;
}
