// End to end: the dashboard of the real `npm run serve` host in Chromium under the production CSP, against the fake
// Square. Each health state is a real one: the host is disconnected, connected through the real PKCE round trip,
// receives a signed webhook sale, finds Square failing (injected 500s), is signed out by Square (revoked), or runs
// with webhooks off. The notices banner shows what needs the owner above every screen.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InvoiceStore } from '../../main/invoicing/invoice-store';
import { openDatabase } from '../../main/platform/db/open';
import { money } from '../../renderer/src/format';
import { seedDocument } from '../support/seed';
import type { FakeSquare } from '../fakes/fake-square';
import { seedDataDir, type InboxSeed, type SeedInvoice } from './support/seed';
import type { ServeHandle } from './support/serve';
import { openApp } from './support/session';
import { connectSquareWithoutBrowser, startSquareSession, type SquareSession } from './support/square';
import { shot, shots as sizedShots, watchPages } from './support/watch';
import { callApi, postToReceiver, webhookStatus } from './support/webhooks';

const TOKEN = 'e2e-dashboard-token-0123456789-abcdefghijklmnop';
const APP_ID = 'sq0idp-e2e-dashboard-app';
const PUBLIC_URL = 'https://shop.example.com';
const NOTIFICATION_URL = `${PUBLIC_URL}/webhooks/square`;
const SIGNATURE_KEY = 'wHk-e2e-Dashboard_Key-0123456789';
const LAGOS = 'Africa/Lagos';

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
const healthState = (page: Page) => page.getByTestId('health-line').getAttribute('data-state');

/** Full-page screenshots of the current view at both sizes the house checks. */
const shots = (page: Page, name: string) => sizedShots(page, `dashboard-${name}`);

/** YYYY-MM-DD of an instant in Lagos (the fake shop's time zone, which the dashboard counts "today" in). */
const lagosDate = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: LAGOS, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));

describe('the health line through a shop’s life: disconnected, connected, a sale, Square failing, signed out', () => {
  let fake: FakeSquare;
  let square: SquareSession | undefined;
  let host: ServeHandle;
  let context: BrowserContext;
  let merchantId: string;
  let locationId: string;

  beforeAll(async () => {
    square = await startSquareSession({
      label: 'dashboard',
      token: TOKEN,
      appId: APP_ID,
      shop: (fake) => {
        merchantId = fake.addMerchant({ business_name: 'Mama Put Lagos', country: 'NG', currency: 'NGN' }).id;
        locationId = fake.addLocation({ name: 'Lekki', timezone: LAGOS }).id;
      },
      env: { TUNNEL: 'off', TAXPOYNT_WEBHOOK_URL: PUBLIC_URL },
    });
    ({ fake, host, context } = square);
  });

  afterAll(() => square?.stop());

  const t = watchPages(() => context);

  test('each state is said in words with its next step; a webhook sale shows within 1 s; the banner asks to reconnect', async () => {
    const { page } = t.w;
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page, host, { appInfo: 'headless', ready: 'health-line' });

    // Disconnected: nothing can arrive, and the line says so with the way out.
    expect(await healthState(page)).toBe('disconnected');
    expect(await text(page, 'health-headline')).toBe('Not connected to Square: no sales are coming in.');
    expect(await text(page, 'health-action')).toBe('Connect Square');
    expect(await text(page, 'dash-sales-today')).toBe('No sales yet');
    await page.getByTestId('sales-chart-empty').waitFor(); // the chart's code loads after the numbers
    expect(await page.getByTestId('notices').count()).toBe(0);
    await shots(page, 'disconnected');
    await page.getByTestId('health-action').click();
    await page.getByTestId('screen-square').waitFor();
    await page.getByTestId('nav-dashboard').click();

    // Connected, with the signature key for the owner's public URL: sales arrive as they happen. No reload: the
    // line follows square.changed and webhooks.changed.
    await callApi(host, 'webhooks.signatureKey.set', { signatureKey: SIGNATURE_KEY });
    await connectSquareWithoutBrowser(host);
    await expect.poll(() => healthState(page)).toBe('connected');
    expect(await text(page, 'health-headline')).toBe('Connected to Square as Mama Put Lagos: sales arrive as they happen.');
    expect(await page.getByTestId('health-action').count()).toBe(0);
    await shots(page, 'connected');

    // A sale, signed by Square and accepted by the receiver: the dashboard shows it within 1 s, without a reload.
    const { payment } = fake.addSale({ locationId, lines: [{ name: 'Jollof rice (family pack)', unitPrice: 450_000, quantity: 2 }] });
    const { receiverPort } = await webhookStatus(host);
    const event = JSON.stringify(fake.buildEvent('payment.created', payment.id));
    const accepted = await postToReceiver(receiverPort!, NOTIFICATION_URL, event, SIGNATURE_KEY);
    expect(accepted.status).toBe(200);
    await page.getByTestId('dash-sales-NGN').filter({ hasText: '₦9,000.00' }).waitFor({ timeout: 1000 });
    expect(await text(page, 'dash-sales-today')).toBe('₦9,000.00');
    expect(await text(page, 'dash-approval')).toBe('1');
    expect(await text(page, 'dash-last-sale')).toBe('just now');
    expect(await page.getByTestId('sales-chart').getAttribute('data-total')).toBe('900000');
    // The new sale is B2C and not yet exported: its 24-hour clock runs.
    expect(await text(page, 'dash-b2c')).toBe('1');
    expect(await text(page, 'dash-b2c-oldest')).toMatch(/^Oldest due in 2[34] h/);
    await shots(page, 'sale');

    // The sales card opens today's invoices; the approval card the drafts.
    await page.getByTestId('dash-sales-today-card').click();
    await page.getByTestId('invoice-row').first().waitFor();
    expect(await page.getByTestId('invoice-row').count()).toBe(1);
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('health-line').waitFor();

    // Square fails every call: the next catch-up fails and the line says new sales may be late; it recovers by itself.
    fake.injectFault({ status: 500, times: 1000 });
    await callApi(host, 'sync.run');
    await expect.poll(() => healthState(page)).toBe('square_unreachable');
    expect(await text(page, 'health-headline')).toBe('The last check with Square failed: new sales may be late.');
    expect(await page.getByTestId('dash-last-sync-card').getAttribute('class')).toContain('dash-card-warning');
    await shots(page, 'square-unreachable');
    fake.clearFaults();
    await callApi(host, 'sync.run');
    await expect.poll(() => healthState(page)).toBe('connected');

    // The seller revokes the app in Square: the next call finds out, the line and the banner ask for a new sign-in.
    expect(fake.revokeMerchant(merchantId)).toBeGreaterThan(0);
    await callApi(host, 'square.locations.refresh').catch(() => undefined);
    await expect.poll(() => healthState(page)).toBe('reconnect_needed');
    expect(await text(page, 'health-action')).toBe('Reconnect Square');
    const notice = page.getByTestId('notice-square-reconnect');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Square needs you to sign in again');
    await shots(page, 'reconnect-needed');

    // The banner is above every screen, leads to the Square screen, and once dismissed stays away (even after a reload)
    // until it has something new to say.
    await page.getByTestId('nav-invoices').click();
    await notice.waitFor();
    await page.getByTestId('notice-square-reconnect-action').click();
    await page.getByTestId('screen-square').waitFor();
    await shot(page, 'e2e-dashboard-banner-on-square-1280x800.png');
    await page.getByTestId('notice-square-reconnect-dismiss').click();
    expect(await notice.count()).toBe(0);
    await page.reload();
    await page.getByTestId('screen-square').waitFor();
    await page.getByTestId('app-info').waitFor();
    expect(await page.getByTestId('notice-square-reconnect').count()).toBe(0);
  });
});

describe('webhooks off: catch-up only, with a full day of sales, a failed event and a sale near its deadline', () => {
  const NOW = Date.now();
  const HOUR = 3_600_000;
  const today = lagosDate(NOW);
  const daysAgo = (n: number) => lagosDate(NOW - n * 24 * HOUR);
  let square: SquareSession | undefined;
  let host: ServeHandle;
  let context: BrowserContext;

  const sale = (number: string, issueDate: string, unitPriceMinor: number, status: SeedInvoice['status'] = 'approved'): SeedInvoice => ({
    kind: 'invoice', number, status, currency: 'NGN', issueDate,
    lines: [{ name: 'Suya platter', quantity: '1', unitPriceMinor, grossMinor: unitPriceMinor, taxMinor: Math.round(unitPriceMinor * 0.075), taxPercent: '7.5' }],
    taxes: [{ name: 'VAT', category: 'STANDARD_VAT', percent: '7.5', taxType: 'ADDITIVE', taxableMinor: unitPriceMinor, taxMinor: Math.round(unitPriceMinor * 0.075) }],
  });
  const invoices: SeedInvoice[] = [
    ...Array.from({ length: 12 }, (_, i) => sale(`HIST${i}`, daysAgo(2 + i * 2), 300_000 + i * 40_000, 'exported')),
    sale('TODAY1', today, 1_200_000),
    sale('TODAY2', today, 450_000, 'needs_review'),
  ];
  const inbox: InboxSeed[] = [{ state: 'dead', receivedAt: NOW - 2 * HOUR }, { state: 'done', receivedAt: NOW - HOUR }];
  // seedDataDir stamps every sale at noon UTC; this B2C draft is 21 hours old, inside the last 4 of its 24.
  const nearAt = NOW - 21 * HOUR;
  const NEAR = sale('NEAR1', lagosDate(nearAt), 200_000, 'draft');
  const seedNearDeadline = (dataDir: string) => {
    const db = openDatabase(dataDir);
    try {
      seedDocument(new InvoiceStore(db), {
        ...NEAR, sourceKey: 'payment:p-near1', issuedAt: new Date(nearAt).toISOString(), locationId: 'LOC-MAIN', taxes: NEAR.taxes,
      });
    } finally {
      db.close();
    }
  };
  const all = [...invoices, NEAR];
  const payable = (inv: SeedInvoice) => inv.lines[0]!.unitPriceMinor + inv.lines[0]!.taxMinor;
  const todays = all.filter((inv) => inv.issueDate === today);

  beforeAll(async () => {
    square = await startSquareSession({
      label: 'dashboard-off',
      token: TOKEN,
      appId: APP_ID,
      shop: (fake) => {
        fake.addMerchant({ business_name: 'Mama Put Lagos', country: 'NG', currency: 'NGN' });
        fake.addLocation({ name: 'Lekki', timezone: LAGOS });
      },
      env: { TUNNEL: 'off' },
      prepareDataDir: (dataDir) => {
        seedDataDir(dataDir, invoices, inbox);
        seedNearDeadline(dataDir);
      },
    });
    ({ host, context } = square);
    await connectSquareWithoutBrowser(host);
  });

  afterAll(() => square?.stop());

  const t = watchPages(() => context);

  test('says sales arrive by catch-up only, counts the day, warns of the failed event and the deadline', async () => {
    const { page } = t.w;
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page, host, { appInfo: 'headless', ready: 'health-line' });
    await expect.poll(() => healthState(page)).toBe('webhooks_off');
    await page.getByTestId('sales-chart').waitFor();
    // A fresh install opens no public relay by itself: catch-up only until the owner chooses.
    expect(await text(page, 'health-headline')).toBe('Connected to Square. Sales arrive by catch-up only until you choose how to receive them instantly.');
    expect(await text(page, 'health-action')).toBe('Choose how sales arrive');

    // TODAY1 and TODAY2 (and the near-deadline sale, when 21 hours ago was still today in Lagos).
    expect(await text(page, 'dash-sales-NGN')).toBe(money(todays.reduce((sum, inv) => sum + payable(inv), 0), 'NGN'));
    expect(await text(page, 'dash-tax-NGN')).toBe(money(todays.reduce((sum, inv) => sum + inv.lines[0]!.taxMinor, 0), 'NGN'));
    expect(await text(page, 'dash-review')).toBe('1');
    expect(await text(page, 'dash-failed')).toBe('1');
    expect(await text(page, 'dash-b2c')).toBe('3');
    expect(await page.getByTestId('notice-events-failed').textContent()).toContain('1 sale could not be turned into an invoice');
    expect(await page.getByTestId('notice-b2c-deadline').textContent()).toContain('must be reported within 4 hours');
    await shots(page, 'webhooks-off');

    // The 30-day chart: every seeded sale in range, net of nothing refunded.
    await page.getByTestId('chart-range-days').click();
    await expect.poll(() => page.getByTestId('sales-chart').getAttribute('data-range')).toBe('days');
    expect(Number(await page.getByTestId('sales-chart').getAttribute('data-total'))).toBe(all.reduce((sum, inv) => sum + payable(inv), 0));
    await shots(page, 'chart-30-days');

    // Advanced: the developer's numbers, out of the way until asked for.
    expect(await page.getByTestId('pipeline-latency').count()).toBe(0);
    await page.getByTestId('dash-advanced-toggle').click();
    await page.getByTestId('pipeline-latency').waitFor();
    expect(await text(page, 'stat-inbox-dead')).toBe('1');
    await shot(page, 'e2e-dashboard-advanced-1280x800.png');

    // The review card opens the list filtered to what needs checking.
    await page.getByTestId('dash-review-card').click();
    await expect.poll(() => page.getByTestId('invoice-row').count()).toBe(1);
    expect(await page.getByTestId('invoice-row').first().textContent()).toContain('TODAY2');

    // Dark theme: the same dashboard, for contrast.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('health-line').waitFor();
    await shot(page, 'e2e-dashboard-dark-1280x800.png');
  });
});
