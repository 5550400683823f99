// What the UI sees of webhook ingestion and the tunnel. Never contains the signature key itself.

export type TunnelMode = 'localtunnel' | 'public_url' | 'off';
export type TunnelState = 'connecting' | 'up' | 'down' | 'off';

export interface TunnelStatus {
  state: TunnelState;
  url: string | null;
  since: string;
  lastError: string | null;
  /** Consecutive failed opens; resets when a tunnel is up. */
  failures: number;
  nextRetryAt: string | null;
}

export interface SubscriptionStatus {
  /** automatic: the owner's personal access token lets the app keep Square's subscription up to date. */
  mode: 'automatic' | 'manual';
  state: 'ok' | 'action_needed' | 'error' | 'unknown';
  subscriptionId: string | null;
  message: string | null;
  /** Square's own code and detail behind a failure, shown only behind "Details". */
  detail?: string | null;
  updatedAt: string | null;
  /** After a failure Square may get over (network, Square's own trouble): when the app tries again by itself. */
  nextRetryAt?: string | null;
}

export type WebhookRejectReason =
  | 'no_signature_key' | 'no_notification_url' | 'bad_signature' | 'too_large' | 'not_json' | 'malformed'
  | 'wrong_content_type';

export interface WebhookCounts {
  accepted: number;
  duplicates: number;
  rejected: number;
  rejectedByReason: Partial<Record<WebhookRejectReason, number>>;
  lastRejection: { reason: WebhookRejectReason; at: string } | null;
}

export interface WebhookStatus {
  /** The mode in use: 'off' also while the owner has not chosen yet (modeChosen false). */
  mode: TunnelMode;
  /**
   * False until the owner chooses how events arrive (or TAXPOYNT_WEBHOOK_URL / a saved public URL decides): sales then
   * arrive by catch-up only, and the Webhooks screen asks.
   */
  modeChosen: boolean;
  /** The public relay's host name (TUNNEL_HOST, localtunnel.me by default): the third party the relay option names. */
  relayHost: string;
  receiverPort: number | null;
  tunnel: TunnelStatus | null;
  /** The URL Square must post to, exactly (signatures cover it). */
  notificationUrl: string | null;
  signatureKeyPresent: boolean;
  /** Why events are being refused right now, in words for the owner; null when verification is possible. */
  refusalReason: string | null;
  subscription: SubscriptionStatus;
  /** False when TUNNEL=off took localtunnel away at start (the owner can still choose their own URL or off). */
  localtunnelAvailable: boolean;
  counts: WebhookCounts;
  lastEventAt: string | null;
}
