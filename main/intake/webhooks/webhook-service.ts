import { randomBytes } from 'node:crypto';
import type { TunnelMode, WebhookStatus } from '../../../shared/webhooks';
import type { Db } from '../../platform/db/open';
import type { PushBus } from '../../platform/push-bus';
import type { Logger } from '../../platform/log';
import { AppStateRepo } from '../../platform/settings/app-state-repo';
import { InboxStore } from '../../inbox/inbox-store';
import { SettingsRepo } from '../../platform/settings/settings-repo';
import { secretAccount, type SecretStore } from '../../platform/secrets/secret-store';
import type { SquareConnectionService } from '../../square/connection-service';
import { probeThroughTunnel } from '../tunnel/probe';
import { TunnelSupervisor } from '../tunnel/supervisor';
import type { Envelope, Route } from '../../inbox/envelope';
import { InboxGroupCommit, type InboxWriter } from '../../inbox/group-commit';
import type { ClaimedRow } from '../../inbox/inbox-row';
import { HEALTH_PATH, startWebhookReceiver, WEBHOOK_PATH, type WebhookReceiver } from './receiver';
import { SubscriptionUpkeep } from './subscription-upkeep';

export interface WebhookConfig {
  /** TAXPOYNT_WEBHOOK_PORT; 0 picks a free port (the tunnel forwards to whatever it is). */
  port: number;
  /** TUNNEL=off disables localtunnel (catch-up-only operation unless a public URL is set). */
  tunnelEnabled: boolean;
  /** TUNNEL_HOST: the localtunnel server. */
  tunnelHost: string;
  /** TUNNEL_SUBDOMAIN: overrides the stable per-install subdomain. */
  tunnelSubdomain?: string;
  /** TAXPOYNT_WEBHOOK_URL: the owner's own public URL; wins over the setting. */
  publicUrl?: string;
  probeIntervalMs?: number;
  openTimeoutMs?: number;
  /** First wait before the subscription upkeep tries again after a failure Square may get over (tests shorten it). */
  subscriptionRetryBaseMs?: number;
}

export interface WebhookDeps {
  db: Db;
  bus: PushBus;
  log: Logger;
  secrets: SecretStore;
  square: SquareConnectionService;
  config: WebhookConfig;
  /**
   * A sale event was committed to the inbox (its envelope as parsed; `pending`: to process, not set aside): wake the
   * pipeline, or hand it the row stored already claimed for it (`claimed`, see liveLeaseMs).
   */
  onSaleStored?: (event: Envelope, pending: boolean, claimed: ClaimedRow | null) => void;
  /** The lease a sale event is stored with when the pipeline takes it straight from the receiver (receiver.ts). */
  liveLeaseMs?: () => number | null;
  /** Where the receiver's durable inserts are committed (the pipeline's writer thread); default: group commit here. */
  inboxWriter?: InboxWriter;
}

/**
 * The owner's own public URL names the exact notification URL when it has a path; a bare origin gets our path.
 * Either way the result is used verbatim for signatures, so what the UI shows is what Square must have.
 */
/** A revocation that could not be applied is tried again after this long (by the pipeline worker, with backoff). */
const REVOCATION_RETRY_MS = 2_000;

/** The relay's host as the owner would recognise it (localtunnel.me), from TUNNEL_HOST. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function notificationUrlFor(publicUrl: string): string {
  const u = new URL(publicUrl);
  return u.pathname === '/' && !u.search ? `${u.origin}${WEBHOOK_PATH}` : publicUrl;
}

/** Receiver + tunnel supervisor + subscription upkeep, and the state the UI shows about them. */
export class WebhookService {
  private readonly state: AppStateRepo;
  private readonly settings: SettingsRepo;
  private readonly inbox: InboxStore;
  private readonly upkeep: SubscriptionUpkeep;
  private receiver: WebhookReceiver | null = null;
  private supervisor: TunnelSupervisor | null = null;
  private signatureKey: string | null = null;
  private mode: TunnelMode = 'off';
  /** False until the owner chooses (or the environment or a saved public URL decides): catch-up only meanwhile. */
  private modeChosen = false;
  private publicUrl: string | null = null;
  private unsubscribe: (() => void)[] = [];
  private tokenPresent = false;

  constructor(private readonly d: WebhookDeps) {
    this.state = new AppStateRepo(d.db);
    this.settings = new SettingsRepo(d.db);
    this.inbox = new InboxStore(d.db);
    this.upkeep = new SubscriptionUpkeep({
      state: this.state,
      secrets: d.secrets,
      log: d.log,
      clientFor: (pat) => d.square.client(pat),
      onSignatureKey: (key) => (this.signatureKey = key),
      onChanged: () => this.changed(),
      ...(d.config.subscriptionRetryBaseMs ? { retryBaseMs: d.config.subscriptionRetryBaseMs } : {}),
    });
  }

  private changed(): void {
    this.d.bus.emit('webhooks.changed', {});
  }

  private changedTimer: NodeJS.Timeout | null = null;

  /** Coalesces bursts (a webhook storm) into one push per 250 ms. */
  private changedSoon(): void {
    if (this.changedTimer) return;
    this.changedTimer = setTimeout(() => {
      this.changedTimer = null;
      this.changed();
    }, 250);
    this.changedTimer.unref();
  }

  /** The tunnel's state alone, without assembling the whole status. */
  tunnelState(): string | null {
    return this.supervisor?.status().state ?? null;
  }

  async start(): Promise<void> {
    this.signatureKey = await this.d.secrets.get(secretAccount.webhookSignatureKey());
    this.tokenPresent = this.d.square.status().personalToken.present;
    this.receiver = await startWebhookReceiver(
      {
        inbox: this.d.inboxWriter ?? new InboxGroupCommit(this.d.db, this.inbox),
        log: this.d.log,
        signatureKey: () => this.signatureKey,
        notificationUrl: () => this.state.get<string>('webhook.notificationUrl'),
        currentMerchantId: () => this.d.square.currentMerchantId(),
        onStored: (event, route, pending, claimed) => this.onStored(event, route, pending, claimed),
        liveLeaseMs: () => this.d.liveLeaseMs?.() ?? null,
        // Counters change with every request; the UI needs them a few times a second at most.
        onCountsChanged: () => this.changedSoon(),
      },
      this.d.config.port,
    );
    this.d.log.info({ port: this.receiver.port }, 'webhook receiver listening on 127.0.0.1');
    await this.handlePendingRevocations();
    this.applyMode();
    if (this.upkeep.eventTypesOutdated()) void this.upkeep.sync();
    this.unsubscribe.push(
      this.d.bus.on('settings.changed', () => this.applyMode()),
      // The personal access token may have just been added: the subscription can now be kept automatically.
      this.d.bus.on('square.changed', () => {
        const tokenPresent = this.d.square.status().personalToken.present;
        const changed = tokenPresent !== this.tokenPresent;
        this.tokenPresent = tokenPresent;
        if (changed || (tokenPresent && this.upkeep.status().state !== 'ok')) void this.upkeep.sync();
      }),
    );
  }

  async stop(): Promise<void> {
    if (this.changedTimer) clearTimeout(this.changedTimer);
    this.changedTimer = null;
    this.unsubscribe.forEach((off) => off());
    await this.upkeep.close();
    this.unsubscribe = [];
    await this.supervisor?.stop();
    this.supervisor = null;
    await this.receiver?.close();
    this.receiver = null;
  }

  get receiverPort(): number | null {
    return this.receiver?.port ?? null;
  }

  /**
   * The owner's choice (the webhookMode setting): their public URL, a supervised localtunnel, or none (catch-up only).
   * TAXPOYNT_WEBHOOK_URL decides for them; TUNNEL=off takes localtunnel away (the choice then means off). Until the
   * owner has chosen, nothing is opened: the relay's operator would see every sale and pick the address Square is
   * given, so that is never the app's decision.
   */
  private applyMode(): void {
    const s = this.settings.getAll();
    const publicUrl = this.d.config.publicUrl || s.webhookPublicUrl || null;
    const modeChosen = Boolean(this.d.config.publicUrl) || this.settings.webhookModeChosen();
    const chosen: TunnelMode = this.d.config.publicUrl ? 'public_url' : modeChosen ? s.webhookMode : 'off';
    const mode: TunnelMode =
      chosen === 'public_url' ? (publicUrl ? 'public_url' : 'off') : chosen === 'localtunnel' && !this.d.config.tunnelEnabled ? 'off' : chosen;
    const chosenChanged = modeChosen !== this.modeChosen;
    this.modeChosen = modeChosen;
    if (mode === this.mode && publicUrl === this.publicUrl && (mode !== 'localtunnel' || this.supervisor)) {
      if (chosenChanged) this.changed();
      return;
    }
    this.mode = mode;
    this.publicUrl = publicUrl;
    if (mode !== 'localtunnel' && this.supervisor) {
      void this.supervisor.stop();
      this.supervisor = null;
    }
    if (mode === 'public_url') void this.onNotificationUrl(notificationUrlFor(publicUrl!));
    // Nothing can reach us in "off" mode: forget the old address so the UI never shows it as current.
    if (mode === 'off') this.state.delete('webhook.notificationUrl');
    if (mode === 'localtunnel' && !this.supervisor) this.startTunnel();
    this.changed();
  }

  private startTunnel(): void {
    let subdomain = this.d.config.tunnelSubdomain ?? this.state.get<string>('tunnel.subdomain');
    if (!subdomain) {
      // Stable per install, so the notification URL (and Square's subscription) survives restarts when it can.
      subdomain = `taxpoynt-${randomBytes(6).toString('hex')}`;
      this.state.set('tunnel.subdomain', subdomain);
    }
    this.supervisor = new TunnelSupervisor({
      localPort: this.receiver!.port,
      host: this.d.config.tunnelHost,
      subdomain,
      probe: (url) => probeThroughTunnel(url, HEALTH_PATH, 5_000),
      log: this.d.log,
      onStatus: () => this.changed(),
      onUrl: (url) => void this.onNotificationUrl(`${url.replace(/\/+$/, '')}${WEBHOOK_PATH}`),
      ...(this.d.config.probeIntervalMs ? { probeIntervalMs: this.d.config.probeIntervalMs } : {}),
      ...(this.d.config.openTimeoutMs ? { openTimeoutMs: this.d.config.openTimeoutMs } : {}),
    });
    this.supervisor.start();
  }

  /** Connectivity is back: reopen the tunnel now instead of waiting for the backoff. */
  reconnectTunnel(): void {
    this.supervisor?.reconnectNow();
  }

  private async onNotificationUrl(url: string): Promise<void> {
    const previous = this.state.get<string>('webhook.notificationUrl');
    this.state.set('webhook.notificationUrl', url);
    this.changed();
    if (previous !== url || this.upkeep.status().state !== 'ok') {
      this.d.log.info({ url, previous }, 'webhook notification URL');
      await this.upkeep.sync();
    }
  }

  syncSubscription(): Promise<void> {
    return this.upkeep.sync();
  }

  /** Manual mode: the owner pastes the key shown in the Square Developer Dashboard. */
  async setSignatureKey(key: string): Promise<void> {
    await this.d.secrets.set(secretAccount.webhookSignatureKey(), key);
    this.signatureKey = key;
    this.state.set('webhook.manualKeyUrl', this.state.get<string>('webhook.notificationUrl'));
    const sub = this.upkeep.status();
    if (sub.mode === 'manual') {
      this.state.set('webhook.subscriptionState', {
        ...sub,
        state: 'ok',
        message: 'Signature key saved. Make sure Square posts to the URL shown.',
        updatedAt: new Date().toISOString(),
      });
    }
    this.changed();
  }

  private onStored(event: Envelope, route: Route, pending: boolean, claimed: ClaimedRow | null): void {
    if (route === 'revoked') void this.handleRevocation(event.event_id);
    if (route === 'sale') this.d.onSaleStored?.(event, pending, claimed);
  }

  /**
   * Applies a stored oauth.authorization.revoked. One Square application serves every seller who authorised it, so
   * only the connected shop's revocation acts: another seller's (or one while no shop is connected) is set aside and
   * changes nothing. It must not disconnect this shop, nor bring back as "reconnect needed" a shop the owner
   * disconnected. Returns null when applied, else the reason it was set aside; throws when it could not be applied,
   * and the caller must then leave the event to be tried again (the pipeline worker applies it through here too).
   */
  applyRevocation(merchantId: string | null): Promise<string | null> {
    // One at a time: the receiver applies a revocation as it arrives and the pipeline worker may claim the same row
    // meanwhile; two keychain deletes of one entry at once can fail, leaving an applied revocation looking failed.
    const run = this.revoking.then(() => this.applyRevocationNow(merchantId));
    this.revoking = run.then(() => undefined, () => undefined);
    return run;
  }

  private revoking: Promise<void> = Promise.resolve();

  private async applyRevocationNow(merchantId: string | null): Promise<string | null> {
    const connected = this.d.square.currentMerchantId();
    if (!connected) return `Access revoked for a Square seller (${merchantId ?? 'not named'}) while no shop is connected; nothing changed.`;
    if (merchantId !== connected) {
      return `Access revoked for another Square seller (${merchantId ?? 'not named'}), not the connected shop (${connected}); nothing changed.`;
    }
    await this.d.square.handleAuthorizationRevoked(merchantId);
    return null;
  }

  private async handleRevocation(eventId: string): Promise<void> {
    const row = this.inbox.byEventId(eventId);
    if (!row || row.state === 'done' || row.state === 'ignored') return;
    try {
      const setAside = await this.applyRevocation(row.merchantId);
      this.inbox.markDone(row.id, setAside ? 'ignored' : 'done', setAside, Date.now());
      if (setAside) this.d.log.warn({ eventId }, setAside);
    } catch (err) {
      // Not applied, so not done: back in the queue, where the pipeline worker applies it again with backoff (and a
      // dead letter the owner sees if it keeps failing); a pending one is also applied at the next start.
      this.inbox.fail(row.id, (err as Error).message, Date.now() + REVOCATION_RETRY_MS, false);
      this.d.log.error({ err }, 'could not apply oauth.authorization.revoked');
    }
  }

  private async handlePendingRevocations(): Promise<void> {
    for (const row of this.inbox.pendingOfType('oauth.authorization.revoked')) await this.handleRevocation(row.eventId);
  }

  /**
   * The subscription as last recorded, but with the mode the token decides now: after the owner saves a personal
   * access token the app keeps the subscription (it must not go on asking for the token until the next sync).
   */
  private subscriptionView(tokenPresent: boolean): WebhookStatus['subscription'] {
    const sub = this.upkeep.status();
    const mode = tokenPresent ? 'automatic' : 'manual';
    if (sub.mode === mode) return sub;
    return {
      ...sub,
      mode,
      state: 'unknown',
      message: tokenPresent
        ? this.mode === 'off'
          ? 'Your personal access token is saved. The app will keep the subscription once webhooks are on.'
          : 'Your personal access token is saved. The app sets up the subscription as soon as the public address is ready.'
        : null,
    };
  }

  status(): WebhookStatus {
    const notificationUrl = this.state.get<string>('webhook.notificationUrl');
    const lastAt = this.inbox.lastReceivedAt('webhook');
    const tokenPresent = this.d.square.status().personalToken.present;
    // Off is a choice, not a fault: nothing is refused because nothing is sent (sales arrive by catch-up sync).
    const refusalReason = this.mode === 'off'
      ? null
      : !this.signatureKey
      ? tokenPresent
        ? 'The app is asking Square for the signature key; until it has it, events are refused. Square keeps retrying them.'
        : 'No webhook signature key is set, so every event is refused. Add your personal access token on the Square ' +
          'screen (the app then keeps the subscription itself) or paste the signature key from the Square Developer Dashboard.'
      : !notificationUrl
        ? 'No public URL yet, so the signature cannot be checked; events are refused until the tunnel is up.'
        : null;
    return {
      mode: this.mode,
      modeChosen: this.modeChosen,
      relayHost: hostOf(this.d.config.tunnelHost),
      receiverPort: this.receiverPort,
      tunnel: this.supervisor?.status() ?? null,
      notificationUrl,
      signatureKeyPresent: this.signatureKey !== null,
      refusalReason,
      subscription: this.subscriptionView(tokenPresent),
      localtunnelAvailable: this.d.config.tunnelEnabled,
      counts: this.receiver?.counts() ?? { accepted: 0, duplicates: 0, rejected: 0, rejectedByReason: {}, lastRejection: null },
      lastEventAt: lastAt === null ? null : new Date(lastAt).toISOString(),
    };
  }
}
