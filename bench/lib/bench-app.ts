import { ConnectionsRepo } from '../../main/repo/connections-repo';
import { HOOK_KEY, HOOK_URL, type TestApp } from '../../test/support/pipeline-harness';
import { createTempApp, type TempAppOptions } from '../../test/support/temp-app';
import type { BenchShop } from './bench-shop';

/**
 * An app on a temp data dir wired to the bench's fake Square: receiver verifying with HOOK_KEY at HOOK_URL, and
 * connected the way a finished OAuth leaves it (tokens in the keychain through the app's vault, rows in SQLite).
 */
export async function startBenchApp(shop: BenchShop, options: TempAppOptions = {}): Promise<TestApp> {
  const app = createTempApp('headless', {
    ...options,
    square: { baseUrl: shop.url, applicationId: 'sq0idp-fake-app', ...options.square },
    webhooks: { publicUrl: HOOK_URL, ...options.webhooks },
  });
  try {
    await app.start();
    await app.webhooks.setSignatureKey(HOOK_KEY);
    const t = await shop.grantTokens();
    await app.square.vault.save(shop.merchantId, {
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
    const loc = await shop.location();
    repo.saveLocations(shop.merchantId, [
      { id: loc.id, name: loc.name, currency: loc.currency, country: loc.country ?? null, timezone: loc.timezone ?? null, status: 'ACTIVE', raw: loc },
    ]);
    app.bus.emit('square.changed', {});
    return app;
  } catch (err) {
    await app.dispose().catch(() => undefined);
    throw err;
  }
}
