import type { Handlers } from './handlers';
import type { WebhookService } from '../webhooks/webhook-service';

type WebhookChannel = Extract<keyof Handlers, `webhooks.${string}`>;
export type WebhookHandlers = Pick<Handlers, WebhookChannel>;

export function createWebhookHandlers(webhooks: WebhookService): WebhookHandlers {
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
