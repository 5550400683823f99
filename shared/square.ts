// What the UI sees of the Square connection. Never contains a token.

export type SquareEnvironment = 'sandbox' | 'production' | 'custom';
export type ConnectionStatus = 'connected' | 'reconnect_needed' | 'disconnected';

export interface SquareConnectionView {
  merchantId: string;
  merchantName: string | null;
  environment: SquareEnvironment;
  status: ConnectionStatus;
  /** Why the connection needs attention, in words for the owner. */
  statusReason: string | null;
  scopes: string[];
  accessTokenExpiresAt: string | null;
  connectedAt: string;
}

export interface SquareLocationView {
  id: string;
  name: string;
  currency: string;
  country: string | null;
  status: string | null;
  selected: boolean;
}

export const CONNECT_ERROR_CODES = [
  'denied', 'state_mismatch', 'timeout', 'network', 'exchange_failed', 'cancelled', 'not_configured', 'port_in_use',
] as const;
export type ConnectErrorCode = (typeof CONNECT_ERROR_CODES)[number];

export interface ConnectAttempt {
  phase: 'idle' | 'waiting_for_browser' | 'exchanging' | 'connected' | 'failed';
  authorizeUrl: string | null;
  startedAt: string | null;
  /** Why the attempt failed: the owner's sentence, and Square's own code only as `detail` (behind "Details"). */
  error: { code: ConnectErrorCode; message: string; detail?: string } | null;
}

export interface SquareStatus {
  /** False until an application id is set (setting or SQUARE_APPLICATION_ID). */
  configured: boolean;
  applicationId: string;
  environment: SquareEnvironment;
  connection: SquareConnectionView | null;
  locations: SquareLocationView[];
  attempt: ConnectAttempt;
  personalToken: { present: boolean };
}

/** Where the owner revokes the app's access; a PKCE desktop app cannot revoke tokens itself. */
export const SQUARE_REVOKE_HINT =
  'To revoke access completely, open the Square Dashboard → Account & Settings → Apps (App Marketplace → ' +
  'Manage apps), find TaxPoynt POS Desk and choose Revoke access.';
