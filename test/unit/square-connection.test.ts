import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { SquareClient, SquareError } from 'square';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SquareStatus } from '../../shared/square';
import { secretAccount } from '../../main/platform/secrets/secret-store';
import { TokenVault } from '../../main/square/token-vault';
import { startFakeSquare, type FakeSquare } from '../fakes/fake-square/index';
import { freePort } from '../support/free-port';
import { createTempApp, tempDir } from '../support/temp-app';

// The whole Square connection against the fake Square through the real SDK, with tokens in the real keychain and a
// real SQLite file. Only the browser is played by fetch(): it follows the authorize redirect like a browser would.

const APP_ID = 'sq0idp-test-app';
const PATH = '/oauth/callback';
const DAY = 24 * 60 * 60 * 1000;

let fake: FakeSquare;
let port: number;
let apps: ReturnType<typeof createTempApp>[];

function newApp(opts: { dataDir?: string; keychainService?: string; oauthTimeoutMs?: number } = {}) {
  const app = createTempApp('headless', {
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.keychainService ? { keychainService: opts.keychainService } : {}),
    square: {
      applicationId: APP_ID,
      environment: 'sandbox',
      baseUrl: fake.url,
      callbackPort: port,
      callbackPath: PATH,
      oauthTimeoutMs: opts.oauthTimeoutMs ?? 20_000,
      maxRetries: 0,
    },
  });
  apps.push(app);
  return app;
}

async function call<T>(app: ReturnType<typeof createTempApp>, channel: string, input: unknown = {}): Promise<T> {
  const r = await app.dispatch(channel, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value as T;
}

/** Plays the owner's browser: authorize page → redirect to our loopback listener → its answer page. */
async function actAsBrowser(authorizeUrl: string, tamper?: (redirect: URL) => void): Promise<{ status: number; page: string }> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const redirect = new URL(res.headers.get('location')!);
  tamper?.(redirect);
  const landing = await fetch(redirect);
  return { status: landing.status, page: await landing.text() };
}

async function connect(app: ReturnType<typeof createTempApp>): Promise<SquareStatus> {
  const { authorizeUrl } = await call<{ authorizeUrl: string }>(app, 'square.connect');
  const { page } = await actAsBrowser(authorizeUrl);
  expect(page).toContain('Connected to Square');
  expect((await app.square.settled()).phase).toBe('connected');
  return call<SquareStatus>(app, 'square.status');
}

function fileBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
}

beforeEach(async () => {
  port = await freePort();
  fake = await startFakeSquare({ apps: [{ clientId: APP_ID, redirectUri: `http://127.0.0.1:${port}${PATH}` }] });
  const merchant = fake.addMerchant({ business_name: 'Ada Stores', country: 'GB', currency: 'GBP' });
  fake.addLocation({ merchant_id: merchant.id, name: 'High Street', currency: 'GBP', country: 'GB' });
  fake.addLocation({ merchant_id: merchant.id, name: 'Airport Kiosk', currency: 'GBP', country: 'GB' });
  fake.setLogin({ merchantId: merchant.id, decision: 'allow' });
  apps = [];
});

afterEach(async () => {
  for (const app of apps) await app.dispose();
  await fake.close();
});

describe('Square OAuth with PKCE', () => {
  it('round-trips: authorize → loopback redirect → token; tokens only in the keychain, never in SQLite', async () => {
    const app = newApp();
    const { authorizeUrl } = await call<{ authorizeUrl: string }>(app, 'square.connect');
    const url = new URL(authorizeUrl);
    expect(url.origin + url.pathname).toBe(`${fake.url}/oauth2/authorize`);
    expect(url.searchParams.get('client_id')).toBe(APP_ID);
    expect(url.searchParams.get('session')).toBe('false');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Exactly what the app reads with, nothing more (least privilege: the catalog is never read).
    expect(url.searchParams.get('scope')!.split(' ').sort()).toEqual(['CUSTOMERS_READ', 'MERCHANT_PROFILE_READ', 'ORDERS_READ', 'PAYMENTS_READ']);
    expect((await call<SquareStatus>(app, 'square.status')).attempt.phase).toBe('waiting_for_browser');

    const { status, page } = await actAsBrowser(authorizeUrl);
    expect(status).toBe(200);
    expect(page).toContain('Connected to Square');
    expect((await app.square.settled()).phase).toBe('connected');

    const s = await call<SquareStatus>(app, 'square.status');
    expect(s.connection).toMatchObject({ merchantName: 'Ada Stores', status: 'connected', environment: 'custom' });
    expect(s.connection!.accessTokenExpiresAt).toBeTruthy();
    expect(s.locations.map((l) => l.name).sort()).toEqual(['Airport Kiosk', 'High Street']);
    expect(s.locations.every((l) => l.selected && l.currency === 'GBP')).toBe(true);

    // The keychain holds the pair the fake issued; the token exchange used PKCE.
    const tokens = await new TokenVault(app.secrets).load(s.connection!.merchantId);
    expect(fake.tokenInfo(tokens!.accessToken)).toMatchObject({ merchantId: s.connection!.merchantId });
    const exchange = fake.calls.filter((c) => c.path === '/oauth2/token').at(-1)!;
    expect(exchange.body).toMatchObject({ grant_type: 'authorization_code', code_verifier: expect.any(String) });

    // No byte of either token in the database files (main file, WAL, SHM).
    const bytes = fileBytes(app.config.dataDir);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(tokens!.accessToken)).toBe(false);
    expect(bytes.includes(tokens!.refreshToken)).toBe(false);
  });

  it('refuses a callback whose state does not match without ending the sign-in; the real answer still connects', async () => {
    const app = newApp();
    const { authorizeUrl } = await call<{ authorizeUrl: string }>(app, 'square.connect');
    // A web page pointing an <img> at the listener, or a replayed callback: refused, its code never exchanged.
    const { status, page } = await actAsBrowser(authorizeUrl, (r) => r.searchParams.set('state', 'forged-state'));
    expect(status).toBe(400);
    expect(page).toContain('state mismatch');
    const noState = await fetch(`http://127.0.0.1:${port}${PATH}?code=x`);
    expect(noState.status).toBe(400);
    expect(fake.callsTo('/oauth2/token')).toHaveLength(0);
    expect(await app.secrets.accounts()).toEqual([]);
    expect((await call<SquareStatus>(app, 'square.status')).attempt.phase).toBe('waiting_for_browser');
    // Square's own answer, with the state the app sent, still completes the sign-in.
    expect((await actAsBrowser(authorizeUrl)).status).toBe(200);
    expect(await app.square.settled()).toMatchObject({ phase: 'connected' });
  });

  it('reports a denied authorisation clearly', async () => {
    const app = newApp();
    fake.setLogin({ decision: 'deny' });
    const { authorizeUrl } = await call<{ authorizeUrl: string }>(app, 'square.connect');
    await actAsBrowser(authorizeUrl);
    const attempt = await app.square.settled();
    expect(attempt).toMatchObject({ phase: 'failed', error: { code: 'denied' } });
    expect(attempt.error!.message).toMatch(/not granted/);
    expect((await call<SquareStatus>(app, 'square.status')).connection).toBeNull();
  });

  it('fails clearly when the code has expired before the exchange', async () => {
    const app = newApp();
    const { authorizeUrl } = await call<{ authorizeUrl: string }>(app, 'square.connect');
    await actAsBrowser(authorizeUrl, () => fake.clock.advance(6 * 60 * 1000));
    const attempt = await app.square.settled();
    expect(attempt).toMatchObject({ phase: 'failed', error: { code: 'exchange_failed' } });
    expect(attempt.error!.message).toMatch(/Square refused the sign-in/);
    expect(await app.secrets.accounts()).toEqual([]);
  });

  it('fails when the PKCE verifier does not match the challenge Square saw', async () => {
    const app = newApp();
    const { authorizeUrl } = await call<{ authorizeUrl: string }>(app, 'square.connect');
    const tampered = new URL(authorizeUrl);
    tampered.searchParams.set('code_challenge', 'A'.repeat(43)); // an interceptor's challenge
    await actAsBrowser(tampered.toString());
    const attempt = await app.square.settled();
    expect(attempt).toMatchObject({ phase: 'failed', error: { code: 'exchange_failed' } });
    expect(fake.calls.filter((c) => c.path === '/oauth2/token').at(-1)!.status).toBe(400);
    expect(await app.secrets.accounts()).toEqual([]);
  });

  it('times out when the owner never finishes, and can then connect on a second try', async () => {
    const app = newApp({ oauthTimeoutMs: 300 });
    await call(app, 'square.connect');
    expect(await app.square.settled()).toMatchObject({ phase: 'failed', error: { code: 'timeout' } });
    await connect(app);
  });

  it('refuses to start without an application id, naming the setting', async () => {
    const app = createTempApp('headless', { square: { baseUrl: fake.url, callbackPort: port, callbackPath: PATH } });
    apps.push(app);
    const r = await app.dispatch('square.connect', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'squareApplicationId' } });
  });

  it('says so when the callback port is taken', async () => {
    const blocker: Server = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const r = await newApp().dispatch('square.connect', {});
      expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      if (!r.ok) expect(r.error.message).toContain(String(port));
    } finally {
      blocker.close();
    }
  });
});

describe('Square tokens over time', () => {
  async function ageTokens(app: ReturnType<typeof createTempApp>, ms: number) {
    // Through the app's own vault: it keeps the pair it last read or wrote in memory (write-through).
    const vault = app.square.vault;
    const merchantId = app.square.status().connection!.merchantId;
    const t = (await vault.load(merchantId))!;
    await vault.save(merchantId, { ...t, obtainedAt: t.obtainedAt - ms });
    return t;
  }

  it('refreshes a pair older than 7 days, storing the rotated pair; the old refresh token is then refused', async () => {
    const app = newApp();
    await connect(app);
    const before = await ageTokens(app, 8 * DAY);
    const token = await app.square.accessToken();
    expect(token).not.toBe(before.accessToken);
    const after = (await new TokenVault(app.secrets).load(app.square.status().connection!.merchantId))!;
    expect(after.accessToken).toBe(token);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    // Single use: the fake refuses the old refresh token.
    const sdk = new SquareClient({ baseUrl: fake.url, token: '', maxRetries: 0 });
    await expect(
      sdk.oAuth.obtainToken({ clientId: APP_ID, grantType: 'refresh_token', refreshToken: before.refreshToken }),
    ).rejects.toBeInstanceOf(SquareError);
    // A fresh pair is used as is, without another refresh.
    const refreshes = fake.callsTo('/oauth2/token').length;
    expect(await app.square.accessToken()).toBe(token);
    expect(fake.callsTo('/oauth2/token')).toHaveLength(refreshes);
  });

  it('a keychain that refuses the rotated pair loses nothing: the new pair is used at once and written on a retry', async () => {
    const app = newApp();
    await connect(app);
    const merchantId = app.square.status().connection!.merchantId;
    const before = await ageTokens(app, 8 * DAY);
    // The keychain refuses the next write (locked, busy), then works again.
    const realSet = app.secrets.set.bind(app.secrets);
    let refused = 0;
    app.secrets.set = async (account, secret) => {
      if (refused++ === 0) throw new Error('Cannot create an item in a locked collection');
      return realSet(account, secret);
    };
    const token = await app.square.accessToken();
    expect(token).not.toBe(before.accessToken);
    expect(refused).toBe(1);
    expect(app.square.status().connection!.status).toBe('connected');
    // The next calls use the new pair without another refresh: the spent refresh token is never sent again.
    expect(await app.square.accessToken()).toBe(token);
    const refreshes = fake.calls.filter((c) => c.path === '/oauth2/token' && (c.body as { grant_type?: string }).grant_type === 'refresh_token');
    expect(refreshes.map((c) => (c.body as { refresh_token: string }).refresh_token)).toEqual([before.refreshToken]);
    // The write is retried in the background until the keychain holds the new pair.
    await expect.poll(async () => (await new TokenVault(app.secrets).load(merchantId))?.accessToken, { timeout: 10_000 }).toBe(token);
  });

  it('refreshes once and retries when Square says the access token expired', async () => {
    const app = newApp();
    await connect(app);
    const merchantId = app.square.status().connection!.merchantId;
    const old = (await new TokenVault(app.secrets).load(merchantId))!;
    fake.expireAccessToken(old.accessToken);
    const status = await call<SquareStatus>(app, 'square.locations.refresh');
    expect(status.connection!.status).toBe('connected');
    expect((await new TokenVault(app.secrets).load(merchantId))!.accessToken).not.toBe(old.accessToken);
  });

  it('a call that set out with a token refreshed meanwhile retries with the new pair, without a second refresh', async () => {
    const app = newApp();
    await connect(app);
    const merchantId = app.square.status().connection!.merchantId;
    const old = (await new TokenVault(app.secrets).load(merchantId))!;
    fake.expireAccessToken(old.accessToken);
    const before = fake.callsTo('/oauth2/token').length;
    // A sets out with the old token but reaches Square only after B has met the 401 and refreshed.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = app.square.withAuth(async (c) => { await gate; return c.merchants.get({ merchantId: 'me' }); });
    const b = await app.square.withAuth((c) => c.merchants.get({ merchantId: 'me' }));
    expect(fake.callsTo('/oauth2/token').length - before).toBe(1);
    release();
    expect((await a).merchant?.id).toBe(merchantId);
    expect(b.merchant?.id).toBe(merchantId);
    // A's 401 found the new pair already stored: no second exchange.
    expect(fake.callsTo('/oauth2/token').length - before).toBe(1);
  });

  it('survives a crash between refresh and save: keeps working while the token is valid, then asks clearly to reconnect', async () => {
    const app = newApp();
    await connect(app);
    const merchantId = app.square.status().connection!.merchantId;
    const stored = (await new TokenVault(app.secrets).load(merchantId))!;
    // The refresh reached Square, which rotated the pair, but the process died before the keychain write.
    const sdk = new SquareClient({ baseUrl: fake.url, token: '', maxRetries: 0 });
    await sdk.oAuth.obtainToken({ clientId: APP_ID, grantType: 'refresh_token', refreshToken: stored.refreshToken });

    // After a restart the connection still works: the stored access token is valid until it expires.
    const restarted = newApp({ dataDir: app.config.dataDir, keychainService: app.config.keychainService! });
    await restarted.start();
    expect((await call<SquareStatus>(restarted, 'square.locations.refresh')).connection!.status).toBe('connected');

    // When the pair becomes due for a refresh, the stale refresh token is refused: reconnect needed, said clearly.
    await ageTokens(restarted, 8 * DAY);
    await expect(restarted.square.accessToken()).rejects.toThrow(/Press Connect/);
    const s = await call<SquareStatus>(restarted, 'square.status');
    expect(s.connection).toMatchObject({ status: 'reconnect_needed', statusReason: expect.stringMatching(/sign in again/) });
    // Work calls now fail fast with a conflict instead of hammering Square.
    const calls = fake.calls.length;
    expect(await restarted.dispatch('square.locations.refresh', {})).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(fake.calls.length).toBe(calls);
    // Reconnecting brings it back.
    expect((await connect(restarted)).connection!.status).toBe('connected');
  });

  it('turns a revoked token into "reconnect needed", never a crash loop', async () => {
    const app = newApp();
    await connect(app);
    fake.revokeMerchant(app.square.status().connection!.merchantId);
    const r = await app.dispatch('square.locations.refresh', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/revoked/) } });
    expect((await call<SquareStatus>(app, 'square.status')).connection!.status).toBe('reconnect_needed');
    const calls = fake.calls.length;
    await app.dispatch('square.locations.refresh', {});
    expect(fake.calls.length).toBe(calls);
  });

  it('keeps the connection when Square is unreachable during a refresh and the token is still valid', async () => {
    const app = newApp();
    await connect(app);
    const before = await ageTokens(app, 8 * DAY);
    fake.injectFault({ route: '/oauth2/token', status: 503, times: Infinity });
    expect(await app.square.accessToken()).toBe(before.accessToken);
    expect(app.square.status().connection!.status).toBe('connected');
  });

  it('handles oauth.authorization.revoked by forgetting the tokens and asking to reconnect', async () => {
    const app = newApp();
    const s = await connect(app);
    await app.square.handleAuthorizationRevoked(s.connection!.merchantId);
    expect(await app.secrets.get(secretAccount.squareTokens(s.connection!.merchantId))).toBeNull();
    expect(app.square.status().connection).toMatchObject({ status: 'reconnect_needed', statusReason: expect.stringMatching(/revoked/) });
  });
});

describe('Square locations, disconnect and personal token', () => {
  it('persists the location selection across a restart', async () => {
    const keychainService = `TaxPoynt POS Desk test restart ${process.pid}`;
    const dataDir = tempDir();
    const app = newApp({ dataDir, keychainService });
    const s = await connect(app);
    const kiosk = s.locations.find((l) => l.name === 'Airport Kiosk')!;
    const high = s.locations.find((l) => l.name === 'High Street')!;
    const after = await call<SquareStatus>(app, 'square.locations.select', { locationIds: [high.id] });
    expect(after.locations.find((l) => l.id === kiosk.id)!.selected).toBe(false);
    expect(await app.dispatch('square.locations.select', { locationIds: ['NOPE'] })).toMatchObject({
      ok: false,
      error: { field: 'locationIds', detail: expect.stringContaining('NOPE') },
    });
    await app.dispose({ keep: true });
    apps.splice(apps.indexOf(app), 1);

    const again = newApp({ dataDir, keychainService });
    await again.start();
    const reopened = await call<SquareStatus>(again, 'square.status');
    expect(reopened.connection!.merchantName).toBe('Ada Stores');
    expect(Object.fromEntries(reopened.locations.map((l) => [l.name, l.selected]))).toEqual({
      'Airport Kiosk': false,
      'High Street': true,
    });
    // Refreshing from Square keeps the owner's choice.
    const refreshed = await call<SquareStatus>(again, 'square.locations.refresh');
    expect(refreshed.locations.find((l) => l.id === kiosk.id)!.selected).toBe(false);
  });

  it('disconnects: tokens leave the keychain, the owner is told where to revoke', async () => {
    const app = newApp();
    const s = await connect(app);
    const { revokeHint } = await call<{ revokeHint: string }>(app, 'square.disconnect');
    expect(revokeHint).toMatch(/Square Dashboard/);
    expect(await app.secrets.get(secretAccount.squareTokens(s.connection!.merchantId))).toBeNull();
    expect((await call<SquareStatus>(app, 'square.status')).connection).toBeNull();
    const row = app.db.prepare('SELECT status FROM square_connections').get();
    expect(row).toEqual({ status: 'disconnected' });
  });

  it('validates and keeps a personal access token in the keychain; refuses a bad one naming the field', async () => {
    const app = newApp();
    const merchantId = fake.login.merchantId!;
    fake.addPersonalAccessToken('EAAA-personal-token-123', merchantId);
    const bad = await app.dispatch('square.personalToken.set', { token: 'EAAA-not-a-real-token' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'token', message: expect.stringMatching(/refused/) } });
    expect(await app.secrets.get(secretAccount.personalAccessToken())).toBeNull();
    expect(await app.dispatch('square.personalToken.set', { token: 'short' })).toMatchObject({ ok: false, error: { field: 'token' } });

    const good = await call<{ merchantName: string }>(app, 'square.personalToken.set', { token: 'EAAA-personal-token-123' });
    expect(good.merchantName).toBe('Ada Stores');
    expect(await app.secrets.get(secretAccount.personalAccessToken())).toBe('EAAA-personal-token-123');
    expect((await call<SquareStatus>(app, 'square.status')).personalToken.present).toBe(true);
    expect(fileBytes(app.config.dataDir).includes('EAAA-personal-token-123')).toBe(false);
    expect((await call<SquareStatus>(app, 'square.personalToken.clear')).personalToken.present).toBe(false);
  });
});
