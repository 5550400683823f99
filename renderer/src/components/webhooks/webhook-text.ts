import type { SubscriptionStatus, TunnelMode, TunnelState, WebhookRejectReason } from '../../../../shared/webhooks';

/**
 * The three ways Square's events can reach this computer, one sentence each, in the order offered: the owner's own
 * address first (nobody else sees the sales), then the public relay, said plainly for what it is, then catch-up only.
 * `relayHost` is the relay's host name (localtunnel.me unless the app was pointed at another).
 */
export function modeChoices(relayHost: string): { mode: TunnelMode; label: string; sentence: string }[] {
  return [
    {
      mode: 'public_url',
      label: 'Your own public address (recommended)',
      sentence:
        'Square sends each sale to an HTTPS address you run (a reverse proxy or your own tunnel) that forwards to this computer. Nobody else sees your sales on the way.',
    },
    {
      mode: 'localtunnel',
      label: `Public relay (${relayHost})`,
      sentence:
        `A free relay run by a third party, ${relayHost}, gives this computer a public address. Whoever runs it sees every ` +
        'sale passing through (amounts, card brand and last digits, your customers’ names and contact details) and chooses ' +
        'the web address Square is told to send to.',
    },
    {
      mode: 'off',
      label: 'Off: catch-up only',
      sentence:
        'Nothing arrives the moment it happens: the app fetches new sales from Square every few minutes instead, and nothing passes through anyone else.',
    },
  ];
}

export const TUNNEL_STATE_LABELS: Record<TunnelState, string> = {
  connecting: 'Connecting',
  up: 'Up',
  down: 'Down',
  off: 'Off',
};

export const SUBSCRIPTION_MODE_LABELS: Record<SubscriptionStatus['mode'], string> = {
  automatic: 'Automatic',
  manual: 'Manual',
};

export const SUBSCRIPTION_STATE_LABELS: Record<SubscriptionStatus['state'], string> = {
  ok: 'Up to date',
  action_needed: 'Action needed',
  error: 'Error',
  unknown: 'Not checked yet',
};

export const REJECT_REASON_LABELS: Record<WebhookRejectReason, string> = {
  no_signature_key: 'No signature key',
  no_notification_url: 'No public address in use',
  bad_signature: 'Bad signature',
  too_large: 'Too large',
  not_json: 'Not JSON',
  malformed: 'Not a Square event',
  wrong_content_type: 'Wrong content type',
};

/** "in 12 s", "in 2 min 5 s", "any moment now". */
export function formatCountdown(iso: string, now: number): string {
  const ms = new Date(iso).getTime() - now;
  if (!Number.isFinite(ms)) return iso;
  const s = Math.ceil(ms / 1000);
  if (s <= 0) return 'any moment now';
  if (s < 60) return `in ${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `in ${m} min ${s % 60} s` : `in ${m} min`;
}
