// End to end: connecting Square from the Square screen of the real `npm run serve` host, in Chromium under the
// production CSP, against the fake Square server. The OAuth round trip is the real one: the app's PKCE authorize URL,
// the fake's permission page redirecting to the app's loopback listener, the code exchange through the square SDK.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SQUARE_REVOKE_HINT, type SquareStatus } from '../../shared/square';
import type { FakeSquare } from '../fakes/fake-square';
import { callApi } from './support/webhooks';
import type { ServeHandle } from './support/serve';
import { openApp, startSession, type E2eSession } from './support/session';
import { startSquareSession, type SquareSession } from './support/square';
import { httpStatusLogged, shot, watchPages } from './support/watch';

const TOKEN = 'e2e-square-token-0123456789-abcdefghijklmnop';
const APP_ID = 'sq0idp-e2e-desk-app';
const PERSONAL_TOKEN = 'EAAAl-e2e-personal-access-token';

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
const locationRow = (page: Page, name: string) => page.getByTestId('square-location').filter({ hasText: name });

/** Replaces window.open with a recorder that opens nothing, as a pop-up blocker would. */
async function blockPopups(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { openedWith: unknown[][] };
    w.openedWith = [];
    window.open = (...args: unknown[]) => {
      w.openedWith.push(args);
      return null;
    };
  });
}
const openedWith = (page: Page) => page.evaluate(() => (window as unknown as { openedWith: unknown[][] }).openedWith);

describe('Square connection screen against the fake Square', () => {
  let fake: FakeSquare;
  let square: SquareSession | undefined;
  let host: ServeHandle;
  let context: BrowserContext;
  let redirectUri: string;
  let merchantId: string;

  beforeAll(async () => {
    square = await startSquareSession({
      label: 'square',
      token: TOKEN,
      appId: APP_ID,
      shop: (fake) => {
        merchantId = fake.addMerchant({ business_name: 'Ada Stores', country: 'GB', currency: 'GBP' }).id;
        fake.addLocation({ id: 'LADALONDON0001', name: 'Ada Stores – London', currency: 'GBP', country: 'GB' });
        fake.addLocation({ id: 'LADANEWYORK001', name: 'Ada Stores – New York', currency: 'USD', country: 'US' });
        fake.addPersonalAccessToken(PERSONAL_TOKEN, merchantId, APP_ID);
      },
      env: { SQUARE_ENVIRONMENT: 'sandbox' },
    });
    ({ fake, redirectUri, host, context } = square);
  });

  afterAll(() => square?.stop());

  const t = watchPages(() => context);

  const openSquare = (page: Page) => openApp(page, host, { appInfo: 'headless', screen: 'square', ready: 'square-connection' });

  /** What the headless host itself reports, over the same HTTP API the page uses. */
  async function squareStatus(): Promise<SquareStatus> {
    const res = await fetch(`${host.origin}/api/square.status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    return (await res.json()) as SquareStatus;
  }

  /** Clicks Connect (or Reconnect) with pop-ups blocked, checks the link and follows it in a separate tab. */
  async function signInThroughLink(page: Page, button: 'square-connect' | 'square-reconnect'): Promise<void> {
    const before = fake.authorizeRequests.length;
    await page.getByTestId(button).click();
    const link = page.getByTestId('square-authorize-link');
    await link.waitFor();
    const href = (await link.getAttribute('href')) ?? '';
    expect(await link.textContent()).toContain('Open Square sign-in');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    // The app tried to open exactly this URL in a new tab, without giving it a handle on the app's tab.
    expect(await openedWith(page)).toContainEqual([href, '_blank', 'noopener']);

    const url = new URL(href);
    expect(url.origin + url.pathname).toBe(`${fake.url}/oauth2/authorize`);
    expect(url.searchParams.get('client_id')).toBe(APP_ID);
    expect(url.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('scope')?.split(' ')).toContain('MERCHANT_PROFILE_READ');

    const browserTab = await context.newPage();
    try {
      // Square's page redirects to the loopback listener, which answers once the code has been exchanged.
      await browserTab.goto(href);
      expect(await browserTab.locator('h1').textContent()).toBe('Connected to Square');
      expect(fake.authorizeRequests.length).toBe(before + 1);
    } finally {
      await browserTab.close();
    }
  }

  test('connect in the browser, pick locations, survive a revocation, disconnect', async () => {
    t.allowed.push(httpStatusLogged(409)); // the refresh refused after the revocation, on purpose
    const { page } = t.w;
    await blockPopups(page);
    await openSquare(page);

    // Not connected yet: the environment (SQUARE_BASE_URL wins over sandbox) and the Connect button.
    expect(await page.getByTestId('square-status').getAttribute('data-status')).toBe('disconnected');
    expect(await text(page, 'square-not-connected')).toContain(APP_ID);
    expect(await page.getByTestId('square-environment').getAttribute('data-environment')).toBe('custom');
    expect(await page.getByTestId('square-not-configured').count()).toBe(0);
    expect(await page.getByTestId('square-locations').count()).toBe(0);
    await shot(page, 'e2e-square-disconnected.png');

    await signInThroughLink(page, 'square-connect');

    // Back in the app, without a reload: square.changed pushed the outcome over the event stream.
    await expect.poll(() => text(page, 'square-merchant-name')).toBe('Ada Stores');
    expect(await page.getByTestId('square-status').getAttribute('data-status')).toBe('connected');
    expect(await text(page, 'square-connected-notice')).toBe('Connected to Square as Ada Stores.');
    expect(await page.getByTestId('square-connect-progress').count()).toBe(0);
    await expect.poll(() => page.getByTestId('square-location').count()).toBe(2);
    const london = locationRow(page, 'Ada Stores – London');
    const newYork = locationRow(page, 'Ada Stores – New York');
    expect(await london.getByTestId('square-location-currency').textContent()).toBe('GBP');
    expect(await london.getByTestId('square-location-country').textContent()).toBe('GB');
    expect(await newYork.getByTestId('square-location-currency').textContent()).toBe('USD');
    expect(await newYork.getByTestId('square-location-country').textContent()).toBe('US');
    // New locations start selected.
    expect(await london.getByTestId('square-location-checkbox').isChecked()).toBe(true);
    expect(await newYork.getByTestId('square-location-checkbox').isChecked()).toBe(true);
    expect(await text(page, 'square-scopes')).toContain('ORDERS_READ');
    const expiry = await page.getByTestId('square-token-expiry').locator('time').getAttribute('datetime');
    expect(Date.parse(expiry ?? '') - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000); // 30-day access token
    await shot(page, 'e2e-square-connected.png');

    // Untick New York and save; the selection is stored by main, so a reload shows it.
    await newYork.getByTestId('square-location-checkbox').uncheck();
    expect(await text(page, 'square-locations-summary')).toContain('1 of 2 selected · unsaved changes');
    await page.getByTestId('square-locations-save').click();
    await expect.poll(() => text(page, 'square-locations-notice')).toBe('Location selection saved.');
    expect((await squareStatus()).locations.map((l) => [l.name, l.selected])).toEqual([
      ['Ada Stores – London', true],
      ['Ada Stores – New York', false],
    ]);
    await page.reload();
    await page.getByTestId('nav-square').click();
    await expect.poll(() => page.getByTestId('square-location').count()).toBe(2);
    expect(await london.getByTestId('square-location-checkbox').isChecked()).toBe(true);
    expect(await newYork.getByTestId('square-location-checkbox').isChecked()).toBe(false);
    expect(await text(page, 'square-locations-summary')).toBe('1 of 2 selected');

    // A sale to a Square customer, made while the app was not listening: catch-up fetches it, the pipeline reads the
    // customer through the SDK, and the invoice's buyer is that customer (a TIN in the customer's reference → B2B).
    const customer = fake.putCustomer(merchantId, {
      given_name: 'Ada', family_name: 'Okafor', company_name: 'Okafor Trading Ltd',
      email_address: 'accounts@okafor.example', phone_number: '+44 20 7946 0018', reference_id: '12345678-0001',
    });
    fake.addSale({ locationId: 'LADALONDON0001', currency: 'GBP', lines: [{ name: 'Catering tray', unitPrice: 12_500 }], customerId: customer.id });
    await callApi(host, 'sync.run');
    let invoiceId = 0;
    await expect
      .poll(async () => {
        const found = (await callApi(host, 'invoices.list', { search: 'Okafor Trading' })).items[0];
        invoiceId = found?.id ?? 0;
        return found?.buyerName ?? null;
      }, { timeout: 20_000 })
      .toBe('Okafor Trading Ltd');
    await page.goto(`${host.origin}/#/invoices/${invoiceId}`);
    await page.getByTestId('buyer-card').waitFor();
    const buyer = await text(page, 'buyer-card');
    for (const fact of ['Okafor Trading Ltd', 'accounts@okafor.example', '+442079460018', '12345678-0001', 'Business (B2B)']) {
      expect(buyer).toContain(fact);
    }
    await shot(page, 'e2e-square-sale-with-customer.png');
    await page.getByTestId('nav-square').click();
    await expect.poll(() => page.getByTestId('square-location').count()).toBe(2);

    // The seller revokes the app in Square: the next call turns the connection into "reconnect needed".
    expect(fake.revokeMerchant(merchantId)).toBeGreaterThan(0);
    await page.getByTestId('square-locations-refresh').click();
    const warning = page.getByTestId('square-reconnect-needed');
    await warning.waitFor();
    expect(await text(page, 'square-status-reason')).toContain('Access was revoked in Square');
    expect(await page.getByTestId('square-status').getAttribute('data-status')).toBe('reconnect_needed');
    await shot(page, 'e2e-square-reconnect.png');

    // Reconnect signs in again; the owner's location choice is kept.
    await signInThroughLink(page, 'square-reconnect');
    await expect.poll(() => page.getByTestId('square-status').getAttribute('data-status')).toBe('connected');
    expect(await warning.count()).toBe(0);
    expect(await newYork.getByTestId('square-location-checkbox').isChecked()).toBe(false);

    // Disconnect asks first, then says how to revoke the app in Square itself.
    await page.getByTestId('square-disconnect').click();
    expect(await text(page, 'square-disconnect-confirm')).toContain('Ada Stores');
    await shot(page, 'e2e-square-disconnect-confirm.png');
    await page.getByTestId('square-disconnect-confirm-yes').click();
    await expect.poll(() => text(page, 'square-revoke-hint')).toContain(SQUARE_REVOKE_HINT);
    expect(await page.getByTestId('square-status').getAttribute('data-status')).toBe('disconnected');
    expect(await page.getByTestId('square-merchant-name').count()).toBe(0);
    expect(await page.getByTestId('square-locations').count()).toBe(0);
    expect((await squareStatus()).connection).toBeNull();
    await shot(page, 'e2e-square-disconnected-hint.png');
  });

  test('when the seller denies access, the app says so and offers to try again', async () => {
    fake.setLogin({ decision: 'deny' });
    try {
      const { page } = t.w;
      await openSquare(page);
      // Pop-ups allowed this time: the app's own window.open carries the sign-in.
      const popup = context.waitForEvent('page');
      await page.getByTestId('square-connect').click();
      const signIn = await popup;
      await signIn.locator('h1').filter({ hasText: 'Square connection did not complete' }).waitFor();
      expect(await signIn.textContent('body')).toContain('Access was not granted');
      await signIn.close();

      const banner = page.getByTestId('square-connect-error');
      await expect.poll(() => banner.getAttribute('data-code')).toBe('denied');
      expect(await banner.textContent()).toContain('Access was not granted in Square');
      expect(await text(page, 'square-connect-error-message')).toBe(
        'Access was not granted in Square. Press Connect and choose Allow to connect the shop.',
      );
      expect(await text(page, 'square-connect')).toBe('Try again');
      expect(await page.getByTestId('square-merchant-name').count()).toBe(0);
      await shot(page, 'e2e-square-denied.png');
    } finally {
      fake.setLogin({ decision: 'allow' });
    }
  });

  test('cancelling a sign-in that is under way', async () => {
    const { page } = t.w;
    await blockPopups(page);
    await openSquare(page);
    await page.getByTestId('square-connect').click();
    const progress = page.getByTestId('square-connect-progress');
    await progress.waitFor();
    expect(await progress.getAttribute('data-phase')).toBe('waiting_for_browser');
    expect(await progress.textContent()).toContain('Waiting for you to sign in to Square');
    await shot(page, 'e2e-square-waiting.png');
    await page.getByTestId('square-connect-cancel').click();
    const banner = page.getByTestId('square-connect-error');
    await expect.poll(() => banner.getAttribute('data-code')).toBe('cancelled');
    expect(await banner.textContent()).toContain('Connecting to Square was cancelled.');
    expect(await progress.count()).toBe(0);
  });

  test('personal access token: a refused token names the field; a good one shows its merchant; remove', async () => {
    t.allowed.push(httpStatusLogged(400));
    const { page } = t.w;
    await openSquare(page);
    const card = page.getByTestId('square-personal-token');
    expect(await text(page, 'square-personal-token-state')).toBe('No token');
    const input = page.getByTestId('square-personal-token-input');
    expect(await input.getAttribute('type')).toBe('password');

    await input.fill('EAAAl-not-a-token-anyone-issued');
    await page.getByTestId('square-personal-token-save').click();
    const banner = card.getByTestId('error-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Square refused this personal access token');
    // Square's own code only behind Details.
    expect(await banner.getByTestId('error-message').textContent()).not.toMatch(/UNAUTHORIZED|401/);
    expect(await banner.getByTestId('error-detail').textContent()).toMatch(/UNAUTHORIZED|401/);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect((await squareStatus()).personalToken.present).toBe(false);
    await shot(page, 'e2e-square-token-error.png');

    await input.fill(PERSONAL_TOKEN);
    await page.getByTestId('square-personal-token-save').click();
    await expect.poll(() => text(page, 'square-personal-token-notice')).toBe(
      'Token checked with Square and saved. It belongs to Ada Stores.',
    );
    expect(await banner.count()).toBe(0);
    // Saved: the card says so and asks for no token (Replace… would open the field again).
    await expect.poll(() => text(page, 'square-personal-token-state')).toBe('Token saved');
    expect(await input.count()).toBe(0);
    await page.getByTestId('square-personal-token-saved').waitFor();
    expect((await squareStatus()).personalToken.present).toBe(true);

    await page.getByTestId('square-personal-token-remove').click();
    await expect.poll(() => text(page, 'square-personal-token-state')).toBe('No token');
    expect((await squareStatus()).personalToken.present).toBe(false);
  });
});

describe('Square screen before an application ID is set', () => {
  let session: E2eSession | undefined;
  let host: ServeHandle;
  let context: BrowserContext;

  beforeAll(async () => {
    // An empty variable counts as unset, so the owner's setting decides.
    session = await startSession({ label: 'square-unset', token: TOKEN, env: { SQUARE_APPLICATION_ID: '', SQUARE_BASE_URL: '' } });
    ({ host, context } = session);
  });

  afterAll(() => session?.stop());

  const t = watchPages(() => context);

  test('explains where to set it, and connecting becomes possible once it is saved in Settings', async () => {
    const { page } = t.w;
    await page.goto(host.url);
    await page.getByTestId('nav-square').click();
    const notice = page.getByTestId('square-not-configured');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Settings → Square');
    expect(await notice.textContent()).toContain('Square application ID');
    expect(await page.getByTestId('square-connect').isDisabled()).toBe(true);
    expect(await page.getByTestId('square-environment').getAttribute('data-environment')).toBe('sandbox');
    await shot(page, 'e2e-square-not-configured.png');

    await page.getByTestId('square-open-settings').click();
    await page.getByTestId('setting-squareApplicationId').fill('sq0idp-typed-in-settings');
    await page.getByTestId('setting-squareEnvironment').selectOption('production');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => text(page, 'settings-notice')).toBe('Settings saved.');

    await page.getByTestId('nav-square').click();
    await expect.poll(() => text(page, 'square-not-connected')).toContain('sq0idp-typed-in-settings');
    expect(await notice.count()).toBe(0);
    expect(await page.getByTestId('square-connect').isEnabled()).toBe(true);
    expect(await page.getByTestId('square-environment').getAttribute('data-environment')).toBe('production');
  });
});
