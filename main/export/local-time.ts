// issue_time: the sale's clock time where the shop is, matching issue_date (which the converter took in the
// location's time zone from the same instant). Intl's formatToParts costs ~10 µs a call, too much for 50,000
// documents, so the zone's UTC offset is looked up once per quarter hour (every zone's offset changes only on a
// quarter-hour boundary) and the clock time is computed from it.
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC in ms at the start of `ms`'s quarter hour. */
function offsetAt(timeZone: string, ms: number): number {
  const bucket = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${timeZone} ${bucket}`;
  let off = offsets.get(key);
  if (off === undefined) {
    const parts = formatterFor(timeZone).formatToParts(new Date(bucket));
    const get = (t: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === t)?.value ?? 0);
    off = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - bucket;
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, off);
  }
  return off;
}

export function localTime(timestamp: string, timeZone: string): string {
  const ms = Math.floor(Date.parse(timestamp) / 1000) * 1000;
  return new Date(ms + offsetAt(timeZone, ms)).toISOString().slice(11, 19);
}
