import type { BrowserContext } from 'playwright-core';
import { startFakeSquare, type FakeSquare } from '../../fakes/fake-square';
import { freePort } from '../../support/free-port';
import type { ServeHandle } from './serve';
import { startSession, type E2eSession } from './session';
import { callApi } from './webhooks';

/** Each suite its own keychain service: the key and token one suite saves must not leak into another. */
export const keychainService = (suite: string) => `TaxPoynt POS Desk e2e ${suite} ${process.pid}`;

export interface FakeSquareApp {
  fake: FakeSquare;
  /** The app's registered OAuth redirect, on a free loopback port. */
  redirectUri: string;
  /** What the host needs to talk to this fake as this app (and to listen for its sign-in on that port). */
  env: { SQUARE_BASE_URL: string; SQUARE_APPLICATION_ID: string; SQUARE_REDIRECT_PORT: string };
}

/**
 * The fake Square with the app registered under `appId`. The loopback port is chosen first, since it must be known
 * before the app is registered with (fake) Square, as with the real one.
 */
export async function startFakeSquareApp(appId: string): Promise<FakeSquareApp> {
  const callbackPort = await freePort();
  const redirectUri = `http://127.0.0.1:${callbackPort}/oauth/callback`;
  const fake = await startFakeSquare({ apps: [{ clientId: appId, redirectUri }] });
  return {
    fake,
    redirectUri,
    env: { SQUARE_BASE_URL: fake.url, SQUARE_APPLICATION_ID: appId, SQUARE_REDIRECT_PORT: String(callbackPort) },
  };
}

/**
 * Connects the host to the fake Square without a browser tab: the same PKCE round trip (square.connect's authorize
 * URL, the fake's permission page redirecting to the app's loopback listener, the code exchange), driven by fetch.
 */
export async function connectSquareWithoutBrowser(host: ServeHandle, timeoutMs = 10_000): Promise<void> {
  const { authorizeUrl } = await callApi(host, 'square.connect');
  const permission = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = permission.headers.get('location');
  if (permission.status !== 302 || !callback) throw new Error(`the fake's permission page answered HTTP ${permission.status}`);
  const landed = await fetch(callback);
  if (landed.status !== 200) throw new Error(`the app's sign-in listener answered HTTP ${landed.status}: ${await landed.text()}`);
  // A plain loop, not expect.poll: suites call this from beforeAll.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await callApi(host, 'square.status')).connection?.status;
    if (status === 'connected') return;
    if (Date.now() > deadline) throw new Error(`Square did not connect in ${timeoutMs / 1000} s (status: ${status ?? 'none'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SquareSession extends FakeSquareApp {
  session: E2eSession;
  host: ServeHandle;
  context: BrowserContext;
  /** Stops the session (browser, host, data dir), then the fake. */
  stop: () => Promise<void>;
}

/**
 * One suite's fake Square app (see startFakeSquareApp) with the shop `prepare`d in it, and the session (host and
 * Chromium) pointed at it with the suite's own keychain service. Either both came up, or neither is left running.
 */
export async function startSquareSession(opts: {
  label: string;
  token: string;
  appId: string;
  /** Merchants, locations and sales in the fake, before the host starts. */
  shop?: (fake: FakeSquare) => void;
  /** More for the host's environment (tunnel, public URL, …); the Square and keychain entries come from here. */
  env?: Record<string, string>;
  prepareDataDir?: (dataDir: string) => void;
}): Promise<SquareSession> {
  const app = await startFakeSquareApp(opts.appId);
  try {
    opts.shop?.(app.fake);
    const session = await startSession({
      label: opts.label,
      token: opts.token,
      env: { ...app.env, TAXPOYNT_KEYCHAIN_SERVICE: keychainService(opts.label), ...opts.env },
      prepare: opts.prepareDataDir,
    });
    const stop = async () => {
      try {
        await session.stop();
      } finally {
        await app.fake.close();
      }
    };
    return { ...app, session, host: session.host, context: session.context, stop };
  } catch (err) {
    await app.fake.close();
    throw err;
  }
}
