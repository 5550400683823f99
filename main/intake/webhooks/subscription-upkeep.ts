import { randomUUID } from 'node:crypto';
import type { SquareClient } from 'square';
import type { SubscriptionStatus } from '../../../shared/webhooks';
import type { Logger } from '../../platform/log';
import type { AppStateRepo } from '../../platform/settings/app-state-repo';
import { secretAccount, type SecretStore } from '../../platform/secrets/secret-store';
import { squareErrorDetail } from '../../square/square-errors';
import { SUBSCRIBED_EVENT_TYPES } from '../../inbox/envelope';

export const SUBSCRIPTION_NAME = 'TaxPoynt POS Desk';
/** The Square API version the app is written against (the SDK's). */
export const SQUARE_API_VERSION = '2026-09-16';

export interface UpkeepDeps {
  state: AppStateRepo;
  secrets: SecretStore;
  log: Logger;
  /** An SDK client authorised with the owner's personal access token (subscriptions belong to the application). */
  clientFor(personalAccessToken: string): SquareClient;
  /** The new signature key is in the keychain: refresh caches. */
  onSignatureKey(key: string): void;
  onChanged(): void;
}

/**
 * Keeps Square's webhook subscription pointing at our current notification URL. With the owner's personal access
 * token it creates/updates the subscription and stores the returned signature key in the keychain; without one it
 * records that the owner must update the URL in the Square Developer Dashboard and paste the key.
 */
export class SubscriptionUpkeep {
  private running: Promise<void> | null = null;
  private closed = false;

  /** No new runs; waits for one in progress (it touches the database, which is about to close). */
  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }

  constructor(private readonly d: UpkeepDeps) {}

  status(): SubscriptionStatus {
    return (
      this.d.state.get<SubscriptionStatus>('webhook.subscriptionState') ?? {
        mode: 'manual', state: 'unknown', subscriptionId: null, message: null, updatedAt: null,
      }
    );
  }

  private save(s: Omit<SubscriptionStatus, 'updatedAt'>): void {
    this.d.state.set('webhook.subscriptionState', { ...s, updatedAt: new Date().toISOString() });
    this.d.onChanged();
  }

  /**
   * True when the subscription was last written with other event types than this version subscribes to (an update
   * added customer events): the app must update it on start, not wait for the URL to change.
   */
  eventTypesOutdated(): boolean {
    if (!this.d.state.get<string>('webhook.subscriptionId')) return false;
    return this.d.state.get<string>('webhook.subscribedEventTypes') !== SUBSCRIBED_EVENT_TYPES.join(',');
  }

  /** The public URL changed (or the token appeared): bring Square in line. Concurrent calls share one run. */
  sync(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const next = (this.running ?? Promise.resolve())
      .then(() => (this.closed ? undefined : this.syncOnce()))
      .catch((err: unknown) => this.d.log.error({ err }, 'webhook subscription upkeep failed unexpectedly'));
    this.running = next.finally(() => {
      if (this.running === next) this.running = null;
    });
    return next;
  }

  private async syncOnce(): Promise<void> {
    const url = this.d.state.get<string>('webhook.notificationUrl');
    const storedId = this.d.state.get<string>('webhook.subscriptionId');
    if (!url) return;
    const pat = await this.d.secrets.get(secretAccount.personalAccessToken());
    if (!pat) {
      const keyPresent = (await this.d.secrets.get(secretAccount.webhookSignatureKey())) !== null;
      const keyUrl = this.d.state.get<string>('webhook.manualKeyUrl');
      if (keyPresent && keyUrl === url) {
        this.save({ mode: 'manual', state: 'ok', subscriptionId: storedId, message: `Signature key saved for ${url}.` });
      } else {
        this.save({
          mode: 'manual',
          state: 'action_needed',
          subscriptionId: storedId,
          message: keyPresent
            ? `The address changed: in the Square Developer Dashboard set your webhook subscription's URL to ${url}. The signature key stays the same.`
            : `In the Square Developer Dashboard set your webhook subscription's URL to ${url} and paste its signature key here.`,
        });
      }
      return;
    }
    const client = this.d.clientFor(pat);
    try {
      const existing = await this.findExisting(client, storedId);
      const wanted = { notificationUrl: url, eventTypes: [...SUBSCRIBED_EVENT_TYPES], enabled: true };
      let sub = existing
        ? (await client.webhooks.subscriptions.update({ subscriptionId: existing.id!, subscription: wanted })).subscription
        : (
            await client.webhooks.subscriptions.create({
              idempotencyKey: randomUUID(),
              subscription: { name: SUBSCRIPTION_NAME, apiVersion: SQUARE_API_VERSION, ...wanted },
            })
          ).subscription;
      if (sub?.id && !sub.signatureKey) sub = (await client.webhooks.subscriptions.get({ subscriptionId: sub.id })).subscription;
      if (!sub?.id || !sub.signatureKey) throw new Error('Square returned a subscription without id or signature key');
      await this.d.secrets.set(secretAccount.webhookSignatureKey(), sub.signatureKey);
      this.d.onSignatureKey(sub.signatureKey);
      this.d.state.set('webhook.subscriptionId', sub.id);
      this.d.state.set('webhook.subscribedEventTypes', SUBSCRIBED_EVENT_TYPES.join(','));
      this.d.log.info({ subscriptionId: sub.id, url }, existing ? 'webhook subscription updated' : 'webhook subscription created');
      this.save({ mode: 'automatic', state: 'ok', subscriptionId: sub.id, message: `Square sends events to ${url}` });
    } catch (err) {
      const detail = squareErrorDetail(err);
      this.d.log.warn({ detail }, 'webhook subscription upkeep failed');
      this.save({
        mode: 'automatic',
        state: 'error',
        subscriptionId: storedId,
        message:
          'Square’s webhook subscription could not be updated. The app tries again by itself; if this stays, check the ' +
          'personal access token on the Square screen.',
        detail,
      });
    }
  }

  private async findExisting(client: SquareClient, storedId: string | null) {
    if (storedId) {
      try {
        const got = (await client.webhooks.subscriptions.get({ subscriptionId: storedId })).subscription;
        if (got?.id) return got;
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      }
    }
    for await (const sub of await client.webhooks.subscriptions.list({ includeDisabled: true })) {
      if (sub.name === SUBSCRIPTION_NAME) return sub;
    }
    return null;
  }
}
