import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { startFakeSquare, type FakeSquare } from '../../fakes/fake-square';
import { freePort } from './free-port';
import type { ServeHandle } from './serve';
import { startSession, type E2eSession } from './session';
import { shot } from './watch';
import { callApi, postToReceiver, webhookStatus } from './webhooks';

const APP_ID = 'sq0idp-e2e-operate-app';
const PUBLIC_URL = 'https://ada-stores.example.com';
const NOTIFICATION_URL = `${PUBLIC_URL}/webhooks/square`;
const SIGNATURE_KEY = 'wHk-e2e-operate-Signature_Key-0123456789';

export interface ConnectedShop {
  fake: FakeSquare;
  session: E2eSession;
  host: ServeHandle;
  lagos: string;
  abuja: string;
  /** Makes a sale in the fake Square and delivers its signed payment.created to the app, as Square would. */
  webhookSale(input: { locationId?: string; amount: number; name?: string; tip?: number; cash?: boolean }): Promise<{ paymentId: string; orderId: string }>;
  /** Refunds part of a sale in the fake Square and delivers its signed refund.created. */
  webhookRefund(paymentId: string, amount: number): Promise<{ refundId: string }>;
  stop(): Promise<void>;
}

/** Polls until `done` (outside a test, where expect.poll is not allowed); throws naming what never happened. */
async function waitUntil(what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A Lagos shop in the fake Square, and the real `npm run serve` host connected to it with no browser step: the
 * app's own PKCE sign-in URL is followed from Node (the fake signs in at once and redirects to the app's loopback
 * listener), and the webhook signature key is set for the shop's public URL. Events are posted straight to the
 * receiver, signed for that URL. The pipeline gives up after two tries, 200 ms apart, so a dead letter is quick.
 */
export async function startConnectedShop(label: string, token: string): Promise<ConnectedShop> {
  const callbackPort = await freePort();
  const fake = await startFakeSquare({ apps: [{ clientId: APP_ID, redirectUri: `http://127.0.0.1:${callbackPort}/oauth/callback` }] });
  let session: E2eSession | undefined;
  try {
    fake.addMerchant({ business_name: 'Ada Stores', country: 'NG', currency: 'NGN' });
    const lagos = fake.addLocation({ name: 'Ada Stores – Lagos', currency: 'NGN', country: 'NG' }).id;
    const abuja = fake.addLocation({ name: 'Ada Stores – Abuja', currency: 'NGN', country: 'NG' }).id;
    session = await startSession({
      label,
      token,
      env: {
        SQUARE_BASE_URL: fake.url,
        SQUARE_APPLICATION_ID: APP_ID,
        SQUARE_REDIRECT_PORT: String(callbackPort),
        TUNNEL: 'off',
        TAXPOYNT_WEBHOOK_URL: PUBLIC_URL,
        TAXPOYNT_KEYCHAIN_SERVICE: `TaxPoynt POS Desk e2e ${label} ${process.pid}`,
        TAXPOYNT_PIPELINE_MAX_ATTEMPTS: '2',
        TAXPOYNT_PIPELINE_RETRY_BASE_MS: '200',
      },
    });
    const host = session.host;
    const { authorizeUrl } = await callApi(host, 'square.connect');
    const landing = await fetch(authorizeUrl);
    if (landing.status !== 200) throw new Error(`the sign-in ended with HTTP ${landing.status}: ${await landing.text()}`);
    await waitUntil('Square connected', async () => (await callApi(host, 'square.status')).connection?.status === 'connected', 15_000);
    await callApi(host, 'webhooks.signatureKey.set', { signatureKey: SIGNATURE_KEY });
    // The connection starts a catch-up sync; let it finish so the sales below arrive by webhook only.
    await waitUntil('the first sync finished', async () => {
      const s = await callApi(host, 'sync.status');
      return !s.running && s.lastRunAt !== null;
    }, 20_000);
    const receiverPort = (await webhookStatus(host)).receiverPort!;
    const started = session;
    return {
      fake, session, host, lagos, abuja,
      async webhookSale({ locationId = lagos, amount, name = 'Jollof rice', tip, cash }) {
        const { order, payment } = fake.addSale({
          locationId, lines: [{ name, unitPrice: amount }], taxes: [{ name: 'VAT', percentage: '7.5' }],
          ...(tip ? { tip } : {}), ...(cash ? { sourceType: 'CASH' as const } : {}),
        });
        const body = JSON.stringify(fake.buildEvent('payment.created', payment.id));
        const posted = await postToReceiver(receiverPort, NOTIFICATION_URL, body, SIGNATURE_KEY);
        expect(posted.status).toBe(200);
        return { paymentId: payment.id, orderId: order.id };
      },
      async webhookRefund(paymentId, amount) {
        const refund = fake.addRefund({ paymentId, amount, reason: 'Returned goods' });
        const body = JSON.stringify(fake.buildEvent('refund.created', refund.id));
        const posted = await postToReceiver(receiverPort, NOTIFICATION_URL, body, SIGNATURE_KEY);
        expect(posted.status).toBe(200);
        return { refundId: refund.id };
      },
      async stop() {
        await started.stop();
        await fake.close();
      },
    };
  } catch (err) {
    await session?.stop().catch(() => undefined);
    await fake.close();
    throw err;
  }
}

/** The screen at the two window sizes the app supports, light, and dark at the smaller one, for a person to look at. */
export async function shots(page: Page, name: string): Promise<void> {
  for (const [width, height] of [[1280, 800], [800, 600]] as const) {
    await page.setViewportSize({ width, height });
    await shot(page, `e2e-${name}-${width}x${height}.png`);
  }
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, `e2e-${name}-dark-800x600.png`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}
