import type { Health } from '../../shared/dashboard';
import type { PipelineStats } from '../../shared/domain';
import type { SquareStatus } from '../../shared/square';
import type { SyncStatus } from '../../shared/sync';
import type { WebhookStatus } from '../../shared/webhooks';

// The dashboard's one health line, derived only from what the services report right now, so it cannot say "all
// well" while Square is disconnected (issue 16). Pure: tested in Node without a Square.

export interface HealthInputs {
  square: Pick<SquareStatus, 'configured' | 'connection' | 'locations'>;
  webhooks: Pick<WebhookStatus, 'mode' | 'modeChosen' | 'refusalReason' | 'tunnel'>;
  sync: Pick<SyncStatus, 'lastError' | 'lastRunAt'>;
  pipeline: Pick<PipelineStats, 'breaker'>;
}

const CATCH_UP = 'Meanwhile the app checks Square for new sales every few minutes, so nothing is lost, only later.';

export function deriveHealth({ square, webhooks, sync, pipeline }: HealthInputs): Health {
  const conn = square.connection;
  if (!conn) {
    return square.configured
      ? {
          state: 'disconnected', tone: 'danger',
          headline: 'Not connected to Square: no sales are coming in.',
          detail: 'Connect your Square account to start turning sales into e-invoices.',
          action: { label: 'Connect Square', target: { screen: 'square' } },
        }
      : {
          state: 'not_configured', tone: 'danger',
          headline: 'Square is not set up yet: no sales are coming in.',
          detail: 'Add your Square application ID, then connect your shop.',
          action: { label: 'Set up Square', target: { screen: 'square' } },
        };
  }
  if (conn.status === 'reconnect_needed') {
    return {
      state: 'reconnect_needed', tone: 'danger',
      headline: 'Square needs you to sign in again: no new sales are coming in.',
      detail: 'Sign in to Square once more. Sales made in the meantime are fetched as soon as you have reconnected.',
      action: { label: 'Reconnect Square', target: { screen: 'square' } },
    };
  }
  if (conn.status === 'disconnected') {
    return {
      state: 'disconnected', tone: 'danger',
      headline: 'Not connected to Square: no sales are coming in.',
      detail: 'Connect your Square account to start turning sales into e-invoices.',
      action: { label: 'Connect Square', target: { screen: 'square' } },
    };
  }
  if (!square.locations.some((l) => l.selected)) {
    return {
      state: 'no_locations', tone: 'warning',
      headline: 'Connected to Square, but no location is chosen for invoicing.',
      detail: 'Choose the shop locations whose sales should become e-invoices.',
      action: { label: 'Choose locations', target: { screen: 'square' } },
    };
  }
  if (pipeline.breaker !== 'closed') {
    return {
      state: 'square_unreachable', tone: 'warning',
      headline: 'Square is not answering: new sales are waiting.',
      detail: 'The app keeps trying and turns them into invoices as soon as Square answers; nothing is lost. If this lasts, check this computer’s internet connection.',
      action: { label: 'See sync', target: { screen: 'sync' } },
    };
  }
  if (sync.lastError && sync.lastRunAt) {
    return {
      state: 'square_unreachable', tone: 'warning',
      headline: 'The last check with Square failed: new sales may be late.',
      detail: 'The app tries again by itself in a few minutes. If it keeps failing, check this computer’s internet connection.',
      action: { label: 'See sync', target: { screen: 'sync' } },
    };
  }
  if (!webhooks.modeChosen) {
    // A fresh install opens no public relay by itself: until the owner chooses, sales arrive by catch-up only.
    return {
      state: 'webhooks_off', tone: 'info',
      headline: 'Connected to Square. Sales arrive by catch-up only until you choose how to receive them instantly.',
      detail: 'The app checks Square for new sales every few minutes. Choose on the Webhooks screen how Square’s events reach this computer to see each sale within seconds.',
      action: { label: 'Choose how sales arrive', target: { screen: 'webhooks' } },
    };
  }
  if (webhooks.mode === 'off') {
    return {
      state: 'webhooks_off', tone: 'info',
      headline: 'Connected to Square. Webhooks are off, so sales arrive by catch-up only.',
      detail: 'The app checks Square for new sales every few minutes. Turn webhooks on to see each sale within seconds.',
      action: { label: 'Set up webhooks', target: { screen: 'webhooks' } },
    };
  }
  const unreachable = webhooks.tunnel !== null && webhooks.tunnel.state !== 'up';
  if (unreachable || webhooks.refusalReason) {
    // Two different troubles: Square cannot get through (tunnel down or still opening), or it can but the app has no
    // signature key to check its events with.
    return {
      state: 'webhooks_failing', tone: 'warning',
      headline: unreachable
        ? 'Connected to Square, but Square cannot reach this computer yet: sales arrive late.'
        : 'Connected to Square, but the app cannot check Square’s webhook events: sales arrive late.',
      detail: unreachable
        ? `The webhook tunnel is not up. ${CATCH_UP}`
        : `Add the webhook signature key, or your personal access token, on the Webhooks screen. ${CATCH_UP}`,
      action: { label: 'Fix webhooks', target: { screen: 'webhooks' } },
    };
  }
  return {
    state: 'connected', tone: 'ok',
    headline: `Connected to Square${conn.merchantName ? ` as ${conn.merchantName}` : ''}: sales arrive as they happen.`,
    detail: 'Each sale becomes an e-invoice within seconds of being paid.',
    action: null,
  };
}
