// A time zone's offset from UTC at an instant, looked up once per quarter hour: Intl's formatToParts costs ~10 µs a
// call, and every zone's offset changes only on a quarter-hour boundary (tz database, modern dates). Shared by the
// invoice's issue_date (converter) and issue_time (export), so both always agree on the same instant.

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;
/** Before this, offsets were local mean times with odd seconds (and Date.UTC reads years below 100 as 19xx). */
const CACHE_FROM = Date.UTC(1900, 0, 1);
const MOST_CACHED = 100_000;

/** Throws RangeError for a zone Intl does not know. */
export function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone, calendar: 'gregory', numberingSystem: 'latn', hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock of `ms` in `timeZone`, as if it were UTC (year, month, ... of the local time). */
function wallClock(timeZone: string, ms: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (t: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const wall = new Date(0);
  wall.setUTCFullYear(get('year'), get('month') - 1, get('day'));
  wall.setUTCHours(get('hour'), get('minute'), get('second'));
  return wall.getTime();
}

/** `ms` (UTC) shifted to the wall clock of `timeZone`: read the result with getUTC* methods. */
export function toWallClock(timeZone: string, ms: number): Date {
  const second = Math.floor(ms / 1000) * 1000;
  if (second < CACHE_FROM) return new Date(wallClock(timeZone, second) + (ms - second));
  const bucket = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${timeZone} ${bucket}`;
  let off = offsets.get(key);
  if (off === undefined) {
    off = wallClock(timeZone, bucket) - bucket;
    if (offsets.size >= MOST_CACHED) offsets.clear();
    offsets.set(key, off);
  }
  return new Date(ms + off);
}
