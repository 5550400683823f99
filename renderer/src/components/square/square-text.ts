import type { ConnectErrorCode, ConnectionStatus, SquareEnvironment } from '../../../../shared/square';
import { ApiCallError } from '../../../../shared/contract';
import { errorDetail } from '../../error-parts';
import { errorField, errorMessage } from '../../format';

/** A headline per failure; the sentence under it is main's own message, which says what to do. */
export const CONNECT_ERROR_TITLES: Record<ConnectErrorCode, string> = {
  denied: 'Square sign-in was declined',
  state_mismatch: 'The answer from Square did not belong to this sign-in',
  timeout: 'Square sign-in timed out',
  network: 'Could not reach Square',
  exchange_failed: 'Square did not complete the connection',
  cancelled: 'Sign-in stopped',
  not_configured: 'The Square application ID is not set',
  port_in_use: 'The sign-in return port is busy',
};

export const ENVIRONMENT_LABELS: Record<SquareEnvironment, string> = {
  sandbox: 'Sandbox',
  production: 'Production',
  custom: 'Custom server',
};

export const STATUS_LABELS: Record<ConnectionStatus, string> = {
  connected: 'Connected',
  reconnect_needed: 'Reconnect needed',
  disconnected: 'Not connected',
};

export interface ConnectFailure {
  code: ConnectErrorCode;
  message: string;
  /** Square's own code, behind "Details". */
  detail?: string | undefined;
}

/**
 * square.connect rejected before an attempt began. Main names the setting for "not configured" and answers
 * "unavailable" when the loopback port is taken; anything else is shown as a failed exchange with main's words.
 */
export function connectFailureOf(err: unknown): ConnectFailure {
  const message = errorMessage(err);
  const detail = errorDetail(err);
  if (errorField(err) === 'squareApplicationId') return { code: 'not_configured', message, detail };
  if (err instanceof ApiCallError && err.code === 'unavailable' && /port/i.test(message)) return { code: 'port_in_use', message, detail };
  if (err instanceof ApiCallError && err.code === 'unavailable') return { code: 'network', message, detail };
  return { code: 'exchange_failed', message, detail };
}

// Local time, day-month-year like the rest of the app.
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', year: 'numeric' });

/** An instant (RFC 3339) as the local calendar day, e.g. "14 Feb 2025". */
export function formatDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

/** "in 30 days", "in 5 h", "expired". */
export function formatUntil(iso: string, now = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  if (!Number.isFinite(ms)) return '';
  if (ms <= 0) return 'expired';
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return `in ${Math.max(hours, 1)} h`;
  return `in ${Math.round(hours / 24)} days`;
}
