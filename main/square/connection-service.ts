import type { SquareClient } from 'square';
import type { ConnectAttempt, SquareStatus } from '../../shared/square';
import { SQUARE_REVOKE_HINT } from '../../shared/square';
import type { Db } from '../platform/db/open';
import type { PushBus } from '../platform/push-bus';
import type { Logger } from '../platform/log';
import { ConnectionsRepo, type SaveLocation } from './connections-repo';
import { SettingsRepo } from '../platform/settings/settings-repo';
import { secretAccount, type SecretStore } from '../platform/secrets/secret-store';
import { REQUIRED_SCOPES, resolveSquareEndpoint } from './environment';
import { ConnectError, startOAuthFlow, type ObtainedTokens, type StartedFlow } from './oauth-flow';
import { PortInUseError } from './oauth-callback-server';
import { classifySquareError, ReconnectNeededError, squareErrorDetail } from './square-errors';
import { createSquareClient } from './square-client';
import { TokenVault, type StoredTokens } from './token-vault';

export interface SquareConfig {
  /** SQUARE_APPLICATION_ID; when unset the owner's setting is used. */
  applicationId?: string;
  /** SQUARE_ENVIRONMENT; when unset the owner's setting is used. */
  environment?: 'sandbox' | 'production';
  /** SQUARE_BASE_URL: a self-hosted or test Square API; wins over the environment. */
  baseUrl?: string;
  /** Port and path of the loopback redirect listener (must match the redirect URL registered with Square). */
  callbackPort: number;
  callbackPath: string;
  /** SQUARE_REDIRECT_URL: an HTTPS relay for production that forwards code and state to the loopback listener. */
  redirectUrl?: string;
  oauthTimeoutMs: number;
  timeoutInSeconds?: number;
  maxRetries?: number;
}

export interface ConnectionDeps {
  db: Db;
  bus: PushBus;
  log: Logger;
  /** First delay before a refused keychain write of rotated tokens is retried (doubling, at most a minute). */
  tokenWriteRetryMs?: number;
  secrets: SecretStore;
  config: SquareConfig;
  /** Opens the authorize URL in the system browser (Electron: shell.openExternal); headless leaves it to the UI. */
  openExternal?: (url: string) => Promise<void>;
  now?: () => number;
}

const DAY = 24 * 60 * 60 * 1000;
/** Square advises refreshing at least every 7 days; refresh too when the access token is within a day of expiry. */
const REFRESH_AFTER_MS = 7 * DAY;
const REFRESH_BEFORE_EXPIRY_MS = DAY;

const IDLE: ConnectAttempt = { phase: 'idle', authorizeUrl: null, startedAt: null, error: null };

/** Owns the Square authorisation: connect (PKCE), tokens in the keychain, refresh, disconnect, locations. */
export class SquareConnectionService {
  private readonly repo: ConnectionsRepo;
  private readonly settings: SettingsRepo;
  /** The app's one token vault. Its in-memory copy is write-through: tokens are written only through it. */
  readonly vault: TokenVault;
  private readonly now: () => number;
  private attempt: ConnectAttempt = IDLE;
  private flow: StartedFlow | null = null;
  private completion: Promise<void> | null = null;
  private refreshing: Promise<StoredTokens> | null = null;
  private personalTokenPresent = false;

  constructor(private readonly deps: ConnectionDeps) {
    this.repo = new ConnectionsRepo(deps.db);
    // Whoever changes the connection says so on the bus; the repo's in-memory copy of the current one follows.
    deps.bus.on('square.changed', () => this.repo.forget());
    this.settings = new SettingsRepo(deps.db);
    this.vault = new TokenVault(deps.secrets, (err, attempt) =>
      deps.log.error({ err, attempt }, 'the keychain refused the rotated Square sign-in; kept in memory, retrying the write'),
      deps.tokenWriteRetryMs);
    this.now = deps.now ?? Date.now;
  }

  async init(): Promise<void> {
    this.personalTokenPresent = (await this.deps.secrets.get(secretAccount.personalAccessToken())) !== null;
  }

  private endpoint() {
    const environment = this.deps.config.environment ?? this.settings.getAll().squareEnvironment;
    return resolveSquareEndpoint(environment, this.deps.config.baseUrl);
  }

  private applicationId(): string {
    return this.deps.config.applicationId || this.settings.getAll().squareApplicationId;
  }

  private redirectUri(): string {
    return this.deps.config.redirectUrl ?? `http://127.0.0.1:${this.deps.config.callbackPort}${this.deps.config.callbackPath}`;
  }

  private changed(): void {
    this.deps.bus.emit('square.changed', {});
  }

  private setAttempt(next: ConnectAttempt): void {
    this.attempt = next;
    this.changed();
  }

  /** The connected merchant, cheaply (one indexed read): the webhook receiver asks on every request. */
  currentMerchantId(): string | null {
    return this.repo.currentLean()?.merchantId ?? null;
  }

  /** Whether Square can be called now (one indexed read; the pipeline worker asks before every claim). */
  isConnected(): boolean {
    return this.repo.currentLean()?.status === 'connected';
  }

  status(): SquareStatus {
    const connection = this.repo.current();
    const endpoint = this.endpoint();
    return {
      configured: this.applicationId() !== '',
      applicationId: this.applicationId(),
      environment: endpoint.environment,
      connection,
      locations: connection ? this.repo.locations(connection.merchantId) : [],
      attempt: this.attempt,
      personalToken: { present: this.personalTokenPresent },
    };
  }

  /** Starts sign-in in the system browser and returns at once; the outcome arrives via status and 'square.changed'. */
  async connect(): Promise<{ authorizeUrl: string }> {
    const applicationId = this.applicationId();
    if (!applicationId) {
      throw new ConnectError('not_configured', 'Enter the Square application ID in Settings before connecting.');
    }
    this.abandonFlow();
    const endpoint = this.endpoint();
    let flow: StartedFlow;
    try {
      flow = await startOAuthFlow({
        applicationId,
        authorizeEndpoint: endpoint.authorizeUrl,
        scopes: REQUIRED_SCOPES,
        redirectUri: this.redirectUri(),
        callbackPort: this.deps.config.callbackPort,
        callbackPath: this.deps.config.callbackPath,
        timeoutMs: this.deps.config.oauthTimeoutMs,
        client: this.client(),
        onTokens: (tokens) => this.finishConnect(tokens),
      });
    } catch (err) {
      const e = err instanceof PortInUseError ? new ConnectError('port_in_use', err.message) : err;
      if (e instanceof ConnectError) this.setAttempt({ ...IDLE, phase: 'failed', error: attemptError(e) });
      throw e;
    }
    this.flow = flow;
    this.setAttempt({ phase: 'waiting_for_browser', authorizeUrl: flow.authorizeUrl, startedAt: new Date(this.now()).toISOString(), error: null });
    this.completion = flow.result.then(
      () => {
        if (this.flow !== flow) return;
        this.flow = null;
        this.setAttempt({ ...this.attempt, phase: 'connected', error: null });
      },
      (err: unknown) => {
        if (this.flow !== flow) return; // superseded by a newer attempt
        this.flow = null;
        const e = err instanceof ConnectError ? err : new ConnectError('exchange_failed', 'Square did not finish the sign-in. Press Connect to try again.', squareErrorDetail(err));
        this.deps.log.warn({ code: e.code }, `Square connect failed: ${e.message}`);
        this.setAttempt({ ...this.attempt, phase: 'failed', error: attemptError(e) });
      },
    );
    if (this.deps.openExternal) {
      await this.deps.openExternal(flow.authorizeUrl).catch((err: unknown) =>
        this.deps.log.warn({ err }, 'could not open the system browser; the UI shows the link instead'),
      );
    }
    return { authorizeUrl: flow.authorizeUrl };
  }

  cancelConnect(): void {
    this.flow?.cancel();
  }

  /** Stops a running attempt without reporting it: whatever replaces it (a new attempt, a disconnect) speaks instead. */
  private abandonFlow(): void {
    const flow = this.flow;
    this.flow = null;
    flow?.cancel();
  }

  /** Waits for the running connect attempt to settle (tests and scripts). */
  async settled(): Promise<ConnectAttempt> {
    await this.completion;
    return this.attempt;
  }

  /** Keeps the tokens, then loads merchant and locations; a failure here fails the attempt with a clear reason. */
  private async finishConnect(tokens: ObtainedTokens): Promise<void> {
    this.setAttempt({ ...this.attempt, phase: 'exchanging' });
    // Tokens first: if anything below fails the owner can retry without signing in again.
    await this.vault.save(tokens.merchantId, {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
      obtainedAt: this.now(),
    });
    try {
      const client = this.client(tokens.accessToken);
      const [merchant, scopes] = await Promise.all([
        client.merchants.get({ merchantId: 'me' }),
        client.oAuth.retrieveTokenStatus().then((s) => s.scopes ?? [...REQUIRED_SCOPES], () => [...REQUIRED_SCOPES]),
      ]);
      this.repo.upsertConnected({
        merchantId: tokens.merchantId,
        merchantName: merchant.merchant?.businessName ?? null,
        environment: this.endpoint().environment,
        scopes,
        accessTokenExpiresAt: tokens.accessTokenExpiresAt,
        refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
      });
      await this.loadLocations(client, tokens.merchantId);
      this.deps.log.info({ merchantId: tokens.merchantId }, 'connected to Square');
    } catch (err) {
      throw new ConnectError(
        classifySquareError(err) === 'network' ? 'network' : 'exchange_failed',
        'Signed in, but the shop could not be loaded from Square. Press Connect to try again.',
        squareErrorDetail(err),
      );
    }
  }

  private async loadLocations(client: SquareClient, merchantId: string): Promise<void> {
    const res = await client.locations.list();
    const locations: SaveLocation[] = (res.locations ?? []).flatMap((l) =>
      l.id && l.currency
        ? [{
            id: l.id,
            name: l.name ?? l.id,
            currency: l.currency,
            country: l.country ?? null,
            timezone: l.timezone ?? null,
            status: l.status ?? null,
            raw: l,
          }]
        : [],
    );
    this.repo.saveLocations(merchantId, locations);
  }

  async refreshLocations(): Promise<void> {
    const conn = this.requireConnection();
    await this.withAuth((client) => this.loadLocations(client, conn.merchantId));
    this.changed();
  }

  selectLocations(ids: string[]): string[] {
    const conn = this.requireConnection();
    const unknown = this.repo.selectLocations(conn.merchantId, ids);
    if (!unknown.length) this.changed();
    return unknown;
  }

  private requireConnection() {
    const conn = this.repo.current();
    if (!conn) throw new ReconnectNeededError('Square is not connected. Press Connect first.');
    return conn;
  }

  /** Forgets the tokens (keychain) and marks the connection disconnected; Square itself is revoked by the owner. */
  async disconnect(): Promise<{ revokeHint: string }> {
    this.abandonFlow();
    const conn = this.repo.current();
    if (conn) {
      await this.vault.delete(conn.merchantId);
      this.repo.setStatus(conn.merchantId, 'disconnected', 'Disconnected by the owner');
    }
    this.attempt = IDLE;
    this.changed();
    return { revokeHint: SQUARE_REVOKE_HINT };
  }

  /** `oauth.authorization.revoked`: the shop revoked the app in Square; our tokens are worthless now. */
  async handleAuthorizationRevoked(merchantId: string): Promise<void> {
    await this.vault.delete(merchantId);
    this.repo.setStatus(merchantId, 'reconnect_needed', 'Access was revoked in Square. Press Connect to authorise again.');
    this.changed();
  }

  private async markReconnectNeeded(merchantId: string, reason: string, detail?: string): Promise<never> {
    // The reason is shown to the owner; Square's code goes to the log and the error's detail.
    if (detail) this.deps.log.warn({ detail }, `Square needs reconnecting: ${reason}`);
    this.repo.setStatus(merchantId, 'reconnect_needed', reason);
    this.changed();
    throw new ReconnectNeededError(reason, detail);
  }

  /** A valid access token for the current merchant, refreshed proactively when it is old or about to expire. */
  async accessToken(): Promise<string> {
    const conn = this.requireConnection();
    if (conn.status === 'reconnect_needed') throw new ReconnectNeededError(conn.statusReason ?? 'Reconnect Square.');
    const tokens = await this.vault.load(conn.merchantId);
    if (!tokens) {
      return this.markReconnectNeeded(conn.merchantId, 'The Square sign-in is missing from the keychain. Press Connect to sign in again.');
    }
    const expiresAt = tokens.accessTokenExpiresAt ? Date.parse(tokens.accessTokenExpiresAt) : Infinity;
    const due = this.now() - tokens.obtainedAt >= REFRESH_AFTER_MS || expiresAt - this.now() <= REFRESH_BEFORE_EXPIRY_MS;
    if (!due) return tokens.accessToken;
    try {
      return (await this.refresh(conn.merchantId, tokens)).accessToken;
    } catch (err) {
      // Square unreachable: keep using a token that has not expired yet rather than stopping work.
      if (!(err instanceof ReconnectNeededError) && expiresAt > this.now()) return tokens.accessToken;
      throw err;
    }
  }

  /** Exchanges the single-use refresh token; one refresh at a time, and the new pair is saved before it is used. */
  private refresh(merchantId: string, current: StoredTokens): Promise<StoredTokens> {
    this.refreshing ??= (async () => {
      try {
        const res = await this.client().oAuth.obtainToken({
          clientId: this.applicationId(),
          grantType: 'refresh_token',
          refreshToken: current.refreshToken,
        });
        if (!res.accessToken || !res.refreshToken) throw new Error('Square answered a refresh without tokens');
        const next: StoredTokens = {
          accessToken: res.accessToken,
          refreshToken: res.refreshToken,
          accessTokenExpiresAt: res.expiresAt ?? null,
          refreshTokenExpiresAt: res.refreshTokenExpiresAt ?? current.refreshTokenExpiresAt,
          obtainedAt: this.now(),
        };
        // The old pair is spent from here on: a keychain that refuses the write must not lose the new one.
        await this.vault.saveRotated(merchantId, next);
        this.repo.updateExpiry(merchantId, next.accessTokenExpiresAt, next.refreshTokenExpiresAt);
        this.changed();
        return next;
      } catch (err) {
        const kind = classifySquareError(err);
        if (kind === 'network' || kind === 'server' || kind === 'rate_limited') throw err;
        return this.markReconnectNeeded(
          merchantId,
          'Square no longer accepts this app’s sign-in. Press Connect to sign in again.',
          squareErrorDetail(err),
        );
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /**
   * Runs a Square call with the merchant's token. On ACCESS_TOKEN_EXPIRED/UNAUTHORIZED it refreshes once and
   * retries; a revoked or unrefreshable token turns the connection into "reconnect needed" instead of looping.
   */
  async withAuth<T>(call: (client: SquareClient) => Promise<T>, options: { maxRetries?: number } = {}): Promise<T> {
    const conn = this.requireConnection();
    const used = await this.accessToken();
    const first = this.client(used, options);
    try {
      return await call(first);
    } catch (err) {
      const kind = classifySquareError(err);
      if (kind === 'revoked') {
        return this.markReconnectNeeded(conn.merchantId, 'Access was revoked in Square. Press Connect to authorise again.');
      }
      if (kind !== 'expired' && kind !== 'unauthorized') throw err;
      const tokens = await this.vault.load(conn.merchantId);
      if (!tokens) return this.markReconnectNeeded(conn.merchantId, 'The Square sign-in is missing. Press Connect.');
      // A call that set out with the old token while another call refreshed it: the new pair is already here, and a
      // second exchange would only spend it again.
      const fresh = tokens.accessToken !== used ? tokens : await this.refresh(conn.merchantId, tokens);
      try {
        return await call(this.client(fresh.accessToken, options));
      } catch (again) {
        const k = classifySquareError(again);
        if (k === 'expired' || k === 'unauthorized' || k === 'revoked') {
          return this.markReconnectNeeded(conn.merchantId, 'Square refused the app’s access. Press Connect to sign in again.', squareErrorDetail(again));
        }
        throw again;
      }
    }
  }

  /** An SDK client against the configured endpoint; without a token for OAuth calls. */
  client(token?: string, options: { maxRetries?: number } = {}): SquareClient {
    return createSquareClient({
      baseUrl: this.endpoint().baseUrl,
      ...(token !== undefined ? { token } : {}),
      timeoutInSeconds: this.deps.config.timeoutInSeconds,
      maxRetries: options.maxRetries ?? this.deps.config.maxRetries,
    });
  }

  /** Validates the owner's personal access token with a cheap call and keeps it in the keychain. */
  async setPersonalToken(token: string): Promise<{ merchantName: string | null; merchantId: string | null }> {
    let merchant;
    try {
      merchant = (await this.client(token).merchants.get({ merchantId: 'me' })).merchant;
    } catch (err) {
      const kind = classifySquareError(err);
      throw kind === 'network' || kind === 'server' || kind === 'rate_limited'
        ? new ConnectError('network', 'Square could not be reached to check the token, so it was not saved. Check the internet connection, then try again.', squareErrorDetail(err))
        : new ConnectError(
            'exchange_failed',
            'Square refused this personal access token, so it was not saved. Copy it again from the Square Developer Console (your app → Credentials) and paste it here.',
            squareErrorDetail(err),
          );
    }
    await this.deps.secrets.set(secretAccount.personalAccessToken(), token);
    this.personalTokenPresent = true;
    this.changed();
    return { merchantName: merchant?.businessName ?? null, merchantId: merchant?.id ?? null };
  }

  async clearPersonalToken(): Promise<void> {
    await this.deps.secrets.delete(secretAccount.personalAccessToken());
    this.personalTokenPresent = false;
    this.changed();
  }
}

/** A failed attempt as the UI shows it: the sentence, and Square's code only as detail. */
function attemptError(e: ConnectError): NonNullable<ConnectAttempt['error']> {
  return { code: e.code, message: e.message, ...(e.detail ? { detail: e.detail } : {}) };
}
