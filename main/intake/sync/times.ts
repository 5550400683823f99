// Small time helpers shared by catch-up and backfill.

/** The latest of some RFC 3339 times (compared as instants), or null. */
export function latest(times: readonly (string | null | undefined)[]): string | null {
  let best: string | null = null;
  let bestMs = -Infinity;
  for (const t of times) {
    if (!t) continue;
    const ms = Date.parse(t);
    if (!Number.isNaN(ms) && ms > bestMs) {
      best = t;
      bestMs = ms;
    }
  }
  return best;
}

/** True when the times never go backwards (null/unparseable entries are ignored). */
export function ascending(times: readonly (string | null | undefined)[], after: number = -Infinity): boolean {
  let prev = after;
  for (const t of times) {
    const ms = t ? Date.parse(t) : NaN;
    if (Number.isNaN(ms)) continue;
    if (ms < prev) return false;
    prev = ms;
  }
  return true;
}

export const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD range, inclusive, as UTC instants [begin, end): end is midnight after `to`. */
export function utcDayRange(from: string, to: string): { beginTime: string; endTime: string } | null {
  if (!isoDay.test(from) || !isoDay.test(to)) return null;
  const begin = Date.parse(`${from}T00:00:00.000Z`);
  const last = Date.parse(`${to}T00:00:00.000Z`);
  // Date.parse accepts 2025-02-30 as March 2nd; a day that does not round-trip is not a real date.
  if (Number.isNaN(begin) || Number.isNaN(last)) return null;
  if (new Date(begin).toISOString().slice(0, 10) !== from || new Date(last).toISOString().slice(0, 10) !== to) return null;
  if (begin > last) return null;
  return { beginTime: new Date(begin).toISOString(), endTime: new Date(last + 24 * 3600_000).toISOString() };
}

/** A day "later than today anywhere on Earth" (UTC+14): no shop's sales can be on it yet. */
function beyondToday(day: string, now: number): boolean {
  return day > new Date(now + 14 * 3600_000).toISOString().slice(0, 10);
}

/** What is wrong with a backfill range, at the field it concerns, in the owner's words; null when it can be read. */
export function rangeProblem(range: { from: string; to: string }, now: number): { field: 'from' | 'to'; message: string } | null {
  const real = (day: string) => utcDayRange(day, day) !== null;
  if (!real(range.from)) return { field: 'from', message: 'The first day is not a real date. Pick one from the calendar.' };
  if (!real(range.to)) return { field: 'to', message: 'The last day is not a real date. Pick one from the calendar.' };
  if (beyondToday(range.from, now)) return { field: 'from', message: 'The first day is in the future. Choose today or earlier.' };
  if (beyondToday(range.to, now)) return { field: 'to', message: 'The last day is in the future. Choose today or earlier.' };
  if (range.from > range.to) return { field: 'to', message: 'The last day must be on or after the first.' };
  return null;
}
