import type { SubscriptionStatus, TunnelMode, TunnelState, WebhookRejectReason } from '../../../../shared/webhooks';

/** The three ways Square's events can reach this computer, one sentence each. */
export const MODES: { mode: TunnelMode; label: string; sentence: string }[] = [
  {
    mode: 'localtunnel',
    label: 'Localtunnel',
    sentence:
      'A free localtunnel address forwards Square’s events to this computer; when the address changes the app tells Square (with your personal access token) or shows you the new one.',
  },
  {
    mode: 'public_url',
    label: 'Own public URL',
    sentence:
      'Square posts to your own HTTPS address (a reverse proxy or tunnel you run), which must forward to this computer’s webhook receiver.',
  },
  {
    mode: 'off',
    label: 'Off (catch-up only)',
    sentence:
      'No public address: nothing arrives the moment it happens, and sales are fetched from Square by catch-up sync instead.',
  },
];

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
