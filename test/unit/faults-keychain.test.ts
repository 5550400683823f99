import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/contract';
import { secretAccount } from '../../main/platform/secrets/secret-store';
import { expectIntact, keychainOutage } from '../support/faults';
import { expectOwnerError } from '../support/owner-words';
import { HOOK_KEY, HOOK_URL, deliver, inboxStates, invoiceRows, startConnectedApp, startShop, type Shop, type TestApp } from '../support/pipeline-harness';
import { createTempApp } from '../support/temp-app';

// Fault suite: the keychain stops answering while the app runs (locked, its daemon gone) and Square's single-use
// refresh tokens must be rotated meanwhile. The rotated pair is used from memory (never the spent one), the owner's
// actions that need the keychain fail with a sentence saying so, nothing asks to reconnect, nothing crashes; when the
// keychain answers again the kept pair is written, and a restart reads the newest pair from it.

const FAST = { retryBaseMs: 20, retryMaxMs: 100, pollMs: 20, policy: { halfOpenAfterMs: 150, timeoutMs: 1_000, maxRetries: 1, breakAfter: 50 } };
const PERSONAL = 'EAAA-personal-keychain-fault-0123456789';

let shop: Shop;
let app: TestApp;
const outage = keychainOutage();
let sales = 0;

async function sellAndWait(): Promise<void> {
  const { payment, order } = shop.fake.addSale({ locationId: shop.locationId, lines: [{ name: 'Tea', unitPrice: 300 + sales }] });
  sales++;
  expect(await deliver(app, shop.fake.buildEvent('payment.created', payment.id))).toBe(200);
  await expect.poll(() => invoiceRows(app).map((r) => r.source_key), { timeout: 10_000 }).toContain(`order:${order.id}`);
}

const refreshTokensSent = () =>
  shop.fake.callsTo('/oauth2/token', 'POST').map((c) => (c.body as { refresh_token?: string }).refresh_token).filter((t): t is string => !!t);

beforeAll(async () => {
  shop = await startShop();
  shop.fake.addPersonalAccessToken(PERSONAL, shop.merchantId);
  app = await startConnectedApp(shop, { pipeline: FAST, sync: { enabled: false } });
});
afterAll(async () => {
  outage.restore();
  await app?.dispose();
  await shop?.fake.close();
});

describe('fault: keychain unavailable mid-run', () => {
  it('rotates tokens from memory while the keychain is down, says so in words, and writes the newest pair once it is back', async () => {
    await sellAndWait();
    const first = (await app.square.vault.load(shop.merchantId))!;

    outage.down();
    // Square expires the access token: the app refreshes (spending the refresh token) and the keychain refuses the pair.
    shop.fake.expireAccessToken(first.accessToken);
    await sellAndWait();
    expect(app.square.vault.hasUnsaved(shop.merchantId)).toBe(true);
    const second = (await app.square.vault.load(shop.merchantId))!;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    // And again, still down: the next refresh must use the kept pair, never the spent one (Square would refuse it).
    shop.fake.expireAccessToken(second.accessToken);
    await sellAndWait();
    const third = (await app.square.vault.load(shop.merchantId))!;
    expect(refreshTokensSent()).toEqual([first.refreshToken, second.refreshToken]);
    expect(shop.fake.tokenInfo(first.refreshToken)!.used).toBe(true);
    expect(app.square.status().connection?.status, 'a silent keychain is no reason to reconnect').toBe('connected');
    expect(outage.refused).toBeGreaterThan(0);

    // The owner's actions that need the keychain fail in words, and change nothing.
    for (const [channel, input] of [
      ['square.personalToken.set', { token: PERSONAL }],
      ['webhooks.signatureKey.set', { signatureKey: 'another-signature-key-0123456789' }],
      ['square.disconnect', {}],
    ] as const) {
      const r = await app.dispatch(channel, input);
      expect(r.ok, channel).toBe(false);
      const error = (r as { ok: false; error: ApiErrorBody }).error;
      expect(error.code, channel).toBe('unavailable');
      expect(error.message, channel).toMatch(/keychain is not answering/);
      expectOwnerError(error, channel);
    }
    expect(app.square.status().connection?.status).toBe('connected');
    expect(app.square.status().personalToken.present).toBe(false);

    outage.up();
    // The kept pair is written by the vault's retry (1 s, doubling) without anyone asking.
    await expect.poll(() => app.square.vault.hasUnsaved(shop.merchantId), { timeout: 10_000, interval: 100 }).toBe(false);
    const stored = JSON.parse((await app.secrets.get(secretAccount.squareTokens(shop.merchantId)))!) as { refreshToken: string; accessToken: string };
    expect(stored).toMatchObject({ refreshToken: third.refreshToken, accessToken: third.accessToken });
    // Keychain actions work again (the same key: a personal token here would let the app replace it with Square's own).
    expect((await app.dispatch('webhooks.signatureKey.set', { signatureKey: HOOK_KEY })).ok).toBe(true);

    // A restart reads the newest pair from the keychain and carries on without a new sign-in.
    const { dataDir, keychainService } = app.config;
    await app.dispose({ keep: true });
    app = createTempApp('headless', {
      dataDir, ...(keychainService ? { keychainService } : {}), pipeline: FAST, sync: { enabled: false },
      square: { baseUrl: shop.fake.url, applicationId: 'sq0idp-fake-app' }, webhooks: { publicUrl: HOOK_URL },
    });
    await app.start();
    await sellAndWait();
    expect(app.square.status().connection?.status).toBe('connected');
    expect(refreshTokensSent()).toHaveLength(2);

    expect(inboxStates(app)).toEqual({ done: sales });
    expect(invoiceRows(app)).toHaveLength(sales);
    expectIntact(app.db);
  });

  it('a cold read while the keychain is down: events wait without spending attempts, and go through once it is back', async () => {
    // A fresh start empties the in-memory copy, so the sign-in must come from the keychain.
    const { dataDir, keychainService } = app.config;
    await app.dispose({ keep: true });
    app = createTempApp('headless', {
      dataDir, ...(keychainService ? { keychainService } : {}), pipeline: FAST, sync: { enabled: false },
      square: { baseUrl: shop.fake.url, applicationId: 'sq0idp-fake-app' }, webhooks: { publicUrl: HOOK_URL },
    });
    await app.start();
    outage.down();
    const { payment } = shop.fake.addSale({ locationId: shop.locationId, lines: [{ name: 'Bread', unitPrice: 900 }] });
    sales++;
    const event = shop.fake.buildEvent('payment.created', payment.id);
    expect(await deliver(app, event)).toBe(200);
    const row = () => app.db.prepare('SELECT state, attempts, last_error FROM webhook_inbox WHERE event_id = ?').get(event.event_id) as { state: string; attempts: number; last_error: string | null };
    await expect.poll(() => row().last_error, { timeout: 10_000 }).toMatch(/keychain is not answering/);
    await new Promise((r) => setTimeout(r, 300));
    // Waiting (pending, or claimed again for the next try), its attempts untouched: no dead letter for a locked keychain.
    expect(row().attempts).toBe(0);
    expect(['pending', 'processing']).toContain(row().state);
    const refresh = await app.dispatch('square.locations.refresh', {});
    expect(refresh.ok).toBe(false);
    expectOwnerError((refresh as { ok: false; error: ApiErrorBody }).error, 'locations while the keychain is down');
    expect(app.square.status().connection?.status).toBe('connected');

    outage.up();
    await expect.poll(() => row().state, { timeout: 10_000 }).toBe('done');
    expect(invoiceRows(app)).toHaveLength(sales);
    expectIntact(app.db);
  });
});
