// Times said the way an owner reads them on the dashboard: "in 3 h 20 min", "2 h ago", "12 days ago", "14:30".

const clocks = new Map<string, Intl.DateTimeFormat>();

/** "in 3 h 20 min", "in 12 min", or "2 h ago" once past. */
export function timeUntil(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  if (!Number.isFinite(ms)) return iso;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const days = Math.round(h / 24);
  const span =
    h >= 48 ? `${days} days` : h > 0 ? (m > 0 && h < 10 ? `${h} h ${m} min` : `${h} h`) : `${Math.max(1, m)} min`;
  return ms >= 0 ? `in ${span}` : `${span} ago`;
}

/** The time of day in the shop's time zone (as the chart's hours are), "14:30". */
export function clockTime(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let f = clocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
    clocks.set(timeZone, f);
  }
  return f.format(d);
}
