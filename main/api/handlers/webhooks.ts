import type { WebhookService } from '../../intake/webhooks/webhook-service';
import type { AreaHandlers } from './types';

export function createWebhookHandlers(webhooks: WebhookService): AreaHandlers<'webhooks'> {
  return {
    'webhooks.status': () => webhooks.status(),
    'webhooks.signatureKey.set': async ({ signatureKey }) => {
      await webhooks.setSignatureKey(signatureKey);
      return webhooks.status();
    },
    'webhooks.subscription.sync': async () => {
      await webhooks.syncSubscription();
      return webhooks.status();
    },
    'webhooks.tunnel.reconnect': () => {
      webhooks.reconnectTunnel();
      return webhooks.status();
    },
  };
}
