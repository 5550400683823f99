import { SquareError } from 'square';

/**
 * Retry-After (seconds or an HTTP date) of a Square answer, in ms; null when the error is not Square's or has none.
 * Square sends it with 429 RATE_LIMITED: waiting that long is what it asks before the next call.
 */
export function retryAfterMs(err: unknown, now = Date.now()): number | null {
  if (!(err instanceof SquareError)) return null;
  const value = err.rawResponse?.headers?.get?.('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
