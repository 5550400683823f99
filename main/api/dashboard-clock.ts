// The shop's calendar: today's date, an instant's local hour, and the dates before today, in one IANA time zone.
// Invoices are dated in their location's time zone by the converter, so "today" must be counted in the same one.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, calendar: 'gregory', numberingSystem: 'latn', hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** `preferred` when it is a zone this runtime knows, else this computer's own zone. */
export function usableTimeZone(preferred: string | null): string {
  if (preferred) {
    try {
      formatterFor(preferred);
      return preferred;
    } catch {
      // An unknown zone from Square: count in this computer's time rather than fail the dashboard.
    }
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The local date (YYYY-MM-DD) and hour (0–23) of an instant. */
export function localParts(instantMs: number, timeZone: string): { date: string; hour: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) % 24 };
}

/** The `count` calendar dates ending with `lastDate`, oldest first. Calendar arithmetic: no time zone involved. */
export function datesEndingWith(lastDate: string, count: number): string[] {
  const end = Date.parse(`${lastDate}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}
