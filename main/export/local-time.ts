import { toWallClock } from '../invoicing/convert/zone-offset';

// issue_time: the sale's clock time where the shop is, matching issue_date (which the converter took in the
// location's time zone from the same instant, through the same offsets: invoicing/convert/zone-offset.ts).

export function localTime(timestamp: string, timeZone: string): string {
  const wall = toWallClock(timeZone, Math.floor(Date.parse(timestamp) / 1000) * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())}`;
}
