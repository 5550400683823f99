import { randomUUID } from 'node:crypto';
import { ExponentialBackoff, halfJitterGenerator, type IBackoff } from 'cockatiel';
import type { SquareClient } from 'square';
import type { SubscriptionStatus } from '../../../shared/webhooks';
import type { Logger } from '../../platform/log';
import type { AppStateRepo } from '../../platform/settings/app-state-repo';
import { secretAccount, type SecretStore } from '../../platform/secrets/secret-store';
import { classifySquareError, squareErrorDetail } from '../../square/square-errors';
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
  /** First wait before trying again after a failure Square may get over; doubles up to 15 minutes (default 30 s). */
  retryBaseMs?: number;
}

const RETRY_MAX_MS = 15 * 60_000;

/**
 * Keeps Square's webhook subscription pointing at our current notification URL. With the owner's personal access
 * token it creates/updates the subscription and stores the returned signature key in the keychain; without one it
 * records that the owner must update the URL in the Square Developer Dashboard and paste the key.
 */
export class SubscriptionUpkeep {
  private running: Promise<void> | null = null;
  private closed = false;
  /** The next try after a failure Square may get over (network, Square's own trouble, rate limit). */
  private retryTimer: NodeJS.Timeout | null = null;
  private backoff: IBackoff<unknown> | null = null;
  private readonly backoffFactory: ExponentialBackoff<unknown>;

  /** No new runs; waits for one in progress (it touches the database, which is about to close). */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelRetry();
    await this.running;
  }

  constructor(private readonly d: UpkeepDeps) {
    const initialDelay = d.retryBaseMs ?? 30_000;
    this.backoffFactory = new ExponentialBackoff({ generator: halfJitterGenerator, initialDelay, maxDelay: Math.max(initialDelay, RETRY_MAX_MS) });
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Schedules the next try with backoff (1×, 2×, 4× … the base, capped, half jitter); returns when it is due. */
  private scheduleRetry(): string {
    this.cancelRetry();
    this.backoff = this.backoff ? this.backoff.next(undefined) : this.backoffFactory.next();
    const delay = this.backoff.duration;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.sync();
    }, delay);
    this.retryTimer.unref();
    return new Date(Date.now() + delay).toISOString();
  }

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
    // Whatever prompted this run (the timer, a new URL, the owner's button), it replaces any try still waiting.
    this.cancelRetry();
    const url = this.d.state.get<string>('webhook.notificationUrl');
    const storedId = this.d.state.get<string>('webhook.subscriptionId');
    if (!url) {
      this.backoff = null;
      return;
    }
    const pat = await this.d.secrets.get(secretAccount.personalAccessToken());
    if (!pat) {
      this.backoff = null;
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
      // Already as wanted (a second run queued behind the one that just wrote it, a restart): nothing to write.
      const upToDate = !!existing?.signatureKey && existing.enabled === true && existing.notificationUrl === url &&
        [...(existing.eventTypes ?? [])].sort().join(',') === [...SUBSCRIBED_EVENT_TYPES].sort().join(',');
      let sub = upToDate
        ? existing
        : existing
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
      this.d.log.info({ subscriptionId: sub.id, url }, upToDate ? 'webhook subscription up to date' : existing ? 'webhook subscription updated' : 'webhook subscription created');
      this.backoff = null;
      this.save({ mode: 'automatic', state: 'ok', subscriptionId: sub.id, message: `Square sends events to ${url}` });
    } catch (err) {
      if (this.closed) return;
      const detail = squareErrorDetail(err);
      const kind = classifySquareError(err);
      // A refused token or request stays refused until the owner changes something (which runs the upkeep again):
      // trying again by itself would only hammer Square. Anything else (no network, Square's own trouble, a rate
      // limit, the keychain) may pass, so the app really does try again, with backoff.
      const refused = kind === 'unauthorized' || kind === 'revoked' || kind === 'expired' || kind === 'client';
      const nextRetryAt = refused ? null : this.scheduleRetry();
      if (refused) this.backoff = null;
      this.d.log.warn({ detail, nextRetryAt }, 'webhook subscription upkeep failed');
      this.save({
        mode: 'automatic',
        state: 'error',
        subscriptionId: storedId,
        message: refused
          ? kind === 'client'
            ? 'Square did not accept the webhook subscription for this address. Check the address on this screen, then press Update subscription now.'
            : 'Square refused the personal access token while updating the webhook subscription. Check the token on the Square screen (or paste a new one).'
          : 'Square’s webhook subscription could not be updated. The app tries again by itself (see the next try below); ' +
            'if this stays, check the internet connection and the personal access token on the Square screen.',
        detail,
        nextRetryAt,
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
