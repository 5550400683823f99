import { ConnectionsRepo } from '../../main/square/connections-repo';
import { startFakeSquare, type FakeSquare } from '../fakes/fake-square/index';
import { createTempApp, type TempAppOptions } from './temp-app';
import { postWebhook, signSquare } from './webhook-client';

export const HOOK_URL = 'https://shop.example.com/webhooks/square';
export const HOOK_KEY = 'pipeline-test-signature-key';

export type TestApp = ReturnType<typeof createTempApp>;

export interface Shop {
  fake: FakeSquare;
  merchantId: string;
  locationId: string;
}

/** A fake Square with one merchant and one USD location. */
export async function startShop(options: Parameters<typeof startFakeSquare>[0] = {}): Promise<Shop> {
  const fake = await startFakeSquare(options);
  const merchant = fake.addMerchant({ business_name: 'Ada Stores', country: 'US', currency: 'USD' });
  const location = fake.addLocation({ merchant_id: merchant.id, name: 'Main Street', currency: 'USD', country: 'US', timezone: 'America/New_York' });
  fake.setLogin({ merchantId: merchant.id });
  return { fake, merchantId: merchant.id, locationId: location.id };
}

/** What a finished OAuth leaves behind: the merchant's tokens and its location, as Square answers them. */
export interface ConnectionGrant {
  merchantId: string;
  tokens: { access_token: string; refresh_token: string; expires_at: string; refresh_token_expires_at: string };
  location: { id: string; name: string; currency: string; country?: string; timezone?: string };
}

/** Connects an app the way a finished OAuth would leave it: tokens in the keychain (the app's vault), rows in SQLite. */
export async function connectWithGrant(app: TestApp, grant: ConnectionGrant): Promise<void> {
  const { merchantId, tokens: t, location: loc } = grant;
  await app.square.vault.save(merchantId, {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    accessTokenExpiresAt: t.expires_at,
    refreshTokenExpiresAt: t.refresh_token_expires_at,
    obtainedAt: Date.now(),
  });
  const repo = new ConnectionsRepo(app.db);
  repo.upsertConnected({
    merchantId, merchantName: 'Ada Stores', environment: 'custom', scopes: [],
    accessTokenExpiresAt: t.expires_at, refreshTokenExpiresAt: t.refresh_token_expires_at,
  });
  repo.saveLocations(merchantId, [
    { id: loc.id, name: loc.name, currency: loc.currency, country: loc.country ?? null, timezone: loc.timezone ?? null, status: 'ACTIVE', raw: loc },
  ]);
  app.bus.emit('square.changed', {});
}

function grantOf(shop: Shop): ConnectionGrant {
  return {
    merchantId: shop.merchantId,
    tokens: shop.fake.grantTokens({ merchantId: shop.merchantId }),
    location: shop.fake.getLocation(shop.locationId)!,
  };
}

/** Connects an app to the shop's fake Square (see connectWithGrant). */
export function connectDirect(app: TestApp, shop: Shop): Promise<void> {
  return connectWithGrant(app, grantOf(shop));
}

/**
 * A started app wired to a Square at `baseUrl`: receiver verifying with HOOK_KEY at HOOK_URL, connected with the
 * grant, worker running. Disposed again if any step fails.
 */
export async function startAppConnectedTo(baseUrl: string, grant: () => Promise<ConnectionGrant>, options: TempAppOptions = {}): Promise<TestApp> {
  const app = createTempApp('headless', {
    ...options,
    square: { baseUrl, applicationId: 'sq0idp-fake-app', ...options.square },
    webhooks: { publicUrl: HOOK_URL, ...options.webhooks },
  });
  try {
    await app.start();
    await app.webhooks.setSignatureKey(HOOK_KEY);
    await connectWithGrant(app, await grant());
    return app;
  } catch (err) {
    await app.dispose().catch(() => undefined);
    throw err;
  }
}

/** A started app wired to the shop: receiver verifying with HOOK_KEY at HOOK_URL, connected, worker running. */
export function startConnectedApp(shop: Shop, options: TempAppOptions = {}): Promise<TestApp> {
  return startAppConnectedTo(shop.fake.url, async () => grantOf(shop), options);
}

/** Delivers a Square envelope to the app's receiver exactly as Square would (signed raw bytes). */
export async function deliver(app: TestApp, envelope: unknown): Promise<number> {
  const body = JSON.stringify(envelope);
  const res = await postWebhook(app.webhooks.receiverPort!, body, { 'x-square-hmacsha256-signature': signSquare(HOOK_URL, body, HOOK_KEY) });
  return res.status;
}

export function invoiceRows(app: TestApp) {
  return app.db
    .prepare('SELECT id, kind, source_key, number, status, payable_minor, tax_total_minor, source_version FROM invoices ORDER BY id')
    .all() as { id: number; kind: string; source_key: string; number: string; status: string; payable_minor: number; tax_total_minor: number; source_version: string | null }[];
}

export function inboxStates(app: TestApp): Record<string, number> {
  const rows = app.db.prepare('SELECT state, count(*) AS n FROM webhook_inbox GROUP BY state').all() as { state: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}
