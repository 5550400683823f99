import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { FakeSquare } from '../../fakes/fake-square';
import type { ServeHandle } from './serve';
import { startSession, type E2eSession } from './session';
import { connectSquareWithoutBrowser, keychainService, startFakeSquareApp } from './square';
import { waitUntil } from './wait-until';
import { watchPages } from './watch';
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

/**
 * A Lagos shop in the fake Square, and the real `npm run serve` host connected to it with no browser step (see
 * connectSquareWithoutBrowser), and the webhook signature key set for the shop's public URL. Events are posted
 * straight to the receiver, signed for that URL. The pipeline gives up after two tries, 200 ms apart, so a dead
 * letter is quick.
 */
export async function startConnectedShop(label: string, token: string): Promise<ConnectedShop> {
  const { fake, env } = await startFakeSquareApp(APP_ID);
  let session: E2eSession | undefined;
  try {
    fake.addMerchant({ business_name: 'Ada Stores', country: 'NG', currency: 'NGN' });
    const lagos = fake.addLocation({ name: 'Ada Stores – Lagos', currency: 'NGN', country: 'NG' }).id;
    const abuja = fake.addLocation({ name: 'Ada Stores – Abuja', currency: 'NGN', country: 'NG' }).id;
    session = await startSession({
      label,
      token,
      env: {
        ...env,
        TUNNEL: 'off',
        TAXPOYNT_WEBHOOK_URL: PUBLIC_URL,
        TAXPOYNT_KEYCHAIN_SERVICE: keychainService(label),
        TAXPOYNT_PIPELINE_MAX_ATTEMPTS: '2',
        TAXPOYNT_PIPELINE_RETRY_BASE_MS: '200',
      },
    });
    const host = session.host;
    await connectSquareWithoutBrowser(host, 15_000);
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

/**
 * A describe's connected shop (started before its tests, stopped after) and a fresh watched page per test. Call it
 * at the top of a describe; `shop()` is valid inside tests.
 */
export function connectedShopSuite(label: string, token: string) {
  let shop: ConnectedShop | undefined;
  let context: BrowserContext;
  beforeAll(async () => {
    shop = await startConnectedShop(label, token);
    context = shop.session.context;
  });
  afterAll(() => shop?.stop());
  const t = watchPages(() => context);
  return { shop: () => shop!, t };
}
