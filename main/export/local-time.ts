// issue_time: the sale's clock time where the shop is, matching issue_date (which the converter took in the
// location's time zone from the same instant).
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localTime(timestamp: string, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(Date.parse(timestamp)));
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('hour')}:${get('minute')}:${get('second')}`;
}
