import { ConnectionsRepo } from '../../main/repo/connections-repo';
import { TokenVault } from '../../main/square/token-vault';
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

/** Connects an app to the shop the way a finished OAuth would leave it: tokens in the keychain, rows in SQLite. */
export async function connectDirect(app: TestApp, shop: Shop): Promise<void> {
  const t = shop.fake.grantTokens({ merchantId: shop.merchantId });
  await new TokenVault(app.secrets).save(shop.merchantId, {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    accessTokenExpiresAt: t.expires_at,
    refreshTokenExpiresAt: t.refresh_token_expires_at,
    obtainedAt: Date.now(),
  });
  const repo = new ConnectionsRepo(app.db);
  repo.upsertConnected({
    merchantId: shop.merchantId, merchantName: 'Ada Stores', environment: 'custom', scopes: [],
    accessTokenExpiresAt: t.expires_at, refreshTokenExpiresAt: t.refresh_token_expires_at,
  });
  const loc = shop.fake.getLocation(shop.locationId)!;
  repo.saveLocations(shop.merchantId, [
    { id: loc.id, name: loc.name, currency: loc.currency, country: loc.country ?? null, timezone: loc.timezone ?? null, status: 'ACTIVE', raw: loc },
  ]);
  app.bus.emit('square.changed', {});
}

/** A started app wired to the shop: receiver verifying with HOOK_KEY at HOOK_URL, connected, worker running. */
export async function startConnectedApp(shop: Shop, options: TempAppOptions = {}): Promise<TestApp> {
  const app = createTempApp('headless', {
    ...options,
    square: { baseUrl: shop.fake.url, applicationId: 'sq0idp-fake-app', ...options.square },
    webhooks: { publicUrl: HOOK_URL, ...options.webhooks },
  });
  await app.start();
  await app.webhooks.setSignatureKey(HOOK_KEY);
  await connectDirect(app, shop);
  return app;
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
