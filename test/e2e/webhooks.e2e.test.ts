// End to end: the Webhooks screen of the real `npm run serve` host, in Chromium under the production CSP. The host
// opens a real localtunnel (the localtunnel@2 client) to the test tunnel server, keeps Square's subscription on the
// fake Square with the owner's personal access token, and counts signed and forged events sent through the tunnel.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FakeSquare } from '../fakes/fake-square';
import { startTunnelServer, type TunnelServer } from '../fakes/tunnel-server';
import type { ServeHandle } from './support/serve';
import { openApp } from './support/session';
import { startSquareSession, type SquareSession } from './support/square';
import { httpStatusLogged, shot, watchPages } from './support/watch';
import { postThroughTunnel, postToReceiver, webhookStatus } from './support/webhooks';

const TOKEN = 'e2e-webhooks-token-0123456789-abcdefghijklmnop';
const APP_ID = 'sq0idp-e2e-webhooks-app';
const PERSONAL_TOKEN = 'EAAAl-e2e-webhooks-personal-token';
const WEBHOOK_PATH = '/webhooks/square';

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
const attr = (page: Page, testId: string, name: string) => page.getByTestId(testId).first().getAttribute(name);
const count = (page: Page, testId: string) => page.getByTestId(testId).count();

/** The same state at both window sizes the app must fit, and in the dark theme. */
async function shots(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const [w, h] of [[1280, 800], [800, 600]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await shot(page, `e2e-webhooks-${name}-${w}x${h}.png`);
  }
  // And the dark theme, at the small size.
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, `e2e-webhooks-${name}-dark-800x600.png`);
  await page.emulateMedia({ colorScheme: 'light' });
  if (before) await page.setViewportSize(before);
}

const openWebhooks = (page: Page, host: ServeHandle) =>
  openApp(page, host, { appInfo: 'headless', screen: 'webhooks', ready: 'webhook-address' });

describe('Webhooks over localtunnel, with the subscription kept by the app', () => {
  let fake: FakeSquare;
  let tunnels: TunnelServer;
  let square: SquareSession | undefined;
  let host: ServeHandle;
  let context: BrowserContext;
  let merchantId: string;
  let locationId: string;

  beforeAll(async () => {
    tunnels = await startTunnelServer();
    square = await startSquareSession({
      label: 'webhooks-tunnel',
      token: TOKEN,
      appId: APP_ID,
      shop: (fake) => {
        merchantId = fake.addMerchant({ business_name: 'Ada Stores', country: 'NG', currency: 'NGN' }).id;
        locationId = fake.addLocation({ name: 'Ada Stores – Lagos' }).id;
        fake.addPersonalAccessToken(PERSONAL_TOKEN, merchantId, APP_ID);
      },
      env: { TUNNEL: 'on', TUNNEL_HOST: tunnels.url, TAXPOYNT_LOG_LEVEL: 'warn' },
    });
    ({ fake, host, context } = square);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
  });

  afterAll(async () => {
    await square?.stop();
    await tunnels?.close();
  });

  const t = watchPages(() => context);

  test('first use: nothing opened until the owner chooses; the relay is explained and, once chosen, opened', async () => {
    const { page } = t.w;
    await openWebhooks(page, host);

    // A fresh install: catch-up only until the owner chooses, said as such; no option ticked, nothing in use.
    await page.getByTestId('webhook-not-chosen').waitFor();
    expect(await text(page, 'webhook-not-chosen')).toContain('Sales arrive by catch-up only until you choose how to receive them instantly');
    expect(await attr(page, 'webhook-mode', 'data-mode')).toBe('off');
    expect(await text(page, 'webhook-tunnel-state')).toBe('Not chosen yet');
    for (const mode of ['public_url', 'localtunnel', 'off']) expect(await page.getByTestId(`webhook-mode-${mode}`).isChecked()).toBe(false);
    expect(await page.getByTestId('webhook-mode').locator('.mode-active').count()).toBe(0);
    // The choice in words: the owner's own address first, the relay named for what it is (a third party that sees the
    // sales and chooses the address), then off.
    const options = await page.getByTestId('webhook-mode').locator('.mode-option').allTextContents();
    expect(options.map((o) => o.split(/[:(]/)[0]!.trim())).toEqual(['Your own public address', 'Public relay', 'Off']);
    const relayHost = new URL(tunnels.url).host;
    expect(options[1]).toContain(`Public relay (${relayHost})`);
    expect(options[1]).toMatch(/run by a third party.*sees every sale passing through.*chooses the web address/);
    expect(await text(page, 'webhook-notification-none')).toBe('None until you choose how events arrive.');
    expect(await count(page, 'webhook-refusal')).toBe(0);
    // The relay's server has heard nothing from this app: no registration, no request.
    expect(tunnels.registrations).toEqual([]);
    expect(tunnels.requests).toEqual([]);
    expect((await webhookStatus(host)).modeChosen).toBe(false);
    await shots(page, 'first-use');

    // The owner chooses the relay: it opens now.
    await page.getByTestId('webhook-mode-localtunnel').check();
    await expect.poll(() => attr(page, 'webhook-mode', 'data-mode')).toBe('localtunnel');
    await expect.poll(() => count(page, 'webhook-not-chosen')).toBe(0);
    expect(await page.getByTestId('webhook-mode-localtunnel').isChecked()).toBe(true);
    await expect.poll(() => attr(page, 'webhook-tunnel-state', 'data-state'), { timeout: 20_000 }).toBe('up');
    expect(tunnels.registrations).toHaveLength(1);
    expect((await webhookStatus(host)).modeChosen).toBe(true);
  });

  test('tunnel up, token saved → subscription created; signed events counted, forged ones refused; outage and reconnect', async () => {
    const { page } = t.w;
    await openWebhooks(page, host);

    // The tunnel comes up on the test server, under a *.localhost name, and the notification URL follows it.
    await expect.poll(() => attr(page, 'webhook-tunnel-state', 'data-state'), { timeout: 20_000 }).toBe('up');
    expect(await attr(page, 'webhook-mode', 'data-mode')).toBe('localtunnel');
    const tunnelUrl = await text(page, 'webhook-tunnel-url');
    expect(tunnelUrl).toMatch(/^http:\/\/taxpoynt-[0-9a-f]{12}\.localhost:\d+$/);
    expect(new URL(tunnelUrl).port).toBe(new URL(tunnels.url).port);
    const notificationUrl = `${tunnelUrl}${WEBHOOK_PATH}`;
    await expect.poll(() => text(page, 'webhook-notification-url')).toBe(notificationUrl);
    expect(await text(page, 'webhook-tunnel-since')).toMatch(/just now/);
    expect(tunnels.clients().map((c) => c.id)).toEqual([new URL(tunnelUrl).hostname.split('.')[0]]);

    // No key yet: the warning says every event is refused; no token, so the subscription waits for the owner.
    expect(await text(page, 'webhook-refusal-reason')).toContain('No webhook signature key is set');
    await expect.poll(() => attr(page, 'webhook-subscription-state', 'data-state')).toBe('action_needed');
    expect(await attr(page, 'webhook-subscription-mode', 'data-mode')).toBe('manual');
    expect(await text(page, 'webhook-subscription-message')).toContain(notificationUrl);
    expect(await text(page, 'webhook-manual-url')).toBe(notificationUrl);
    expect(await attr(page, 'webhook-signature-key', 'data-present')).toBe(null);
    expect(await text(page, 'webhook-signature-key')).toBe('Missing');
    expect(fake.subscriptions()).toEqual([]);

    // An event before any key is refused, and counted with its reason.
    const early = await postThroughTunnel(notificationUrl, JSON.stringify({ hello: 'square' }), 'not-yet-a-key');
    expect(early.status).toBe(401);
    await expect.poll(() => text(page, 'webhook-rejected')).toBe('1');
    expect(await attr(page, 'webhook-rejected-no_signature_key', 'data-count')).toBe('1');
    expect(await attr(page, 'webhook-last-rejection', 'data-reason')).toBe('no_signature_key');

    // Copy puts exactly the URL on the clipboard.
    await page.getByTestId('webhook-notification-url-copy').click();
    await expect.poll(() => attr(page, 'webhook-notification-url-copy-note', 'data-outcome')).toBe('copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(notificationUrl);
    await shot(page, 'e2e-webhooks-tunnel-no-key.png');

    // The link lands on the Square screen's personal token field; saving the token there creates the subscription.
    await page.getByTestId('webhook-open-personal-token').first().click();
    await page.getByTestId('screen-square').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('square-personal-token');
    await page.getByTestId('square-personal-token-input').fill(PERSONAL_TOKEN);
    await page.getByTestId('square-personal-token-save').click();
    await expect.poll(() => text(page, 'square-personal-token-notice')).toContain('It belongs to Ada Stores');

    await expect.poll(() => fake.subscriptions(APP_ID).length).toBe(1);
    const [sub] = fake.subscriptions(APP_ID);
    expect(sub!.notification_url).toBe(notificationUrl);
    expect(sub!.enabled).toBe(true);
    expect(sub!.event_types).toEqual(expect.arrayContaining(['payment.created', 'payment.updated', 'refund.created']));
    const creates = fake.callsTo('/v2/webhooks/subscriptions', 'POST');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.token).toBe(PERSONAL_TOKEN);

    await page.getByTestId('nav-webhooks').click();
    await expect.poll(() => attr(page, 'webhook-subscription-state', 'data-state')).toBe('ok');
    expect(await attr(page, 'webhook-subscription-mode', 'data-mode')).toBe('automatic');
    expect(await text(page, 'webhook-subscription-id')).toBe(sub!.id);
    expect(await text(page, 'webhook-subscription-message')).toBe(`Square sends events to ${notificationUrl}`);
    expect(await count(page, 'webhook-refusal')).toBe(0);
    expect(await count(page, 'webhook-manual')).toBe(0);
    expect(await text(page, 'webhook-signature-key')).toBe('Saved in the keychain');
    expect(await text(page, 'webhook-last-event')).toBe('none received yet');

    // "Update subscription now" brings Square in line again: someone turned the subscription off in Square's
    // dashboard; the same subscription is updated in place (when it is already in line, nothing is written).
    fake.editSubscription(sub!.id!, { enabled: false });
    fake.clearCalls();
    await page.getByTestId('webhook-subscription-sync').click();
    await expect.poll(() => fake.callsTo(`/v2/webhooks/subscriptions/${sub!.id}`, 'PUT').length).toBe(1);
    expect(fake.subscriptions(APP_ID)[0]!.enabled).toBe(true);
    await expect.poll(() => text(page, 'webhook-subscription-sync')).toBe('Update subscription now');
    expect(await attr(page, 'webhook-subscription-state', 'data-state')).toBe('ok');
    expect(fake.callsTo('/v2/webhooks/subscriptions', 'POST')).toHaveLength(0);
    expect(fake.subscriptions(APP_ID).map((s) => [s.id, s.notification_url, s.signature_key])).toEqual([[sub!.id, notificationUrl, sub!.signature_key]]);

    // A sale: Square's signed payment.created, through the tunnel. Counted live, without a reload.
    const { payment } = fake.addSale({ locationId, lines: [{ name: 'Jollof rice', unitPrice: 250_000 }] });
    const body = JSON.stringify(fake.buildEvent('payment.created', payment.id));
    const signed = await postThroughTunnel(notificationUrl, body, sub!.signature_key);
    expect(signed).toEqual({ status: 200, body: JSON.stringify({ ok: true, duplicate: false }) });
    await expect.poll(() => text(page, 'webhook-accepted')).toBe('1');
    await expect.poll(() => text(page, 'webhook-last-event')).toMatch(/just now/);
    // Square delivers it again: acknowledged, stored once.
    expect((await postThroughTunnel(notificationUrl, body, sub!.signature_key)).status).toBe(200);
    await expect.poll(() => text(page, 'webhook-duplicates')).toBe('1');
    expect(await text(page, 'webhook-accepted')).toBe('1');

    // A forgery (another event, signed with a key that is not the subscription's) is refused and shown with its reason.
    const forged = JSON.stringify(fake.buildEvent('payment.updated', payment.id));
    expect((await postThroughTunnel(notificationUrl, forged, 'forged-signature-key-000')).status).toBe(401);
    await expect.poll(() => text(page, 'webhook-rejected')).toBe('2');
    expect(await attr(page, 'webhook-rejected-bad_signature', 'data-count')).toBe('1');
    expect(await attr(page, 'webhook-last-rejection', 'data-reason')).toBe('bad_signature');
    expect(await text(page, 'webhook-last-rejection')).toContain('Bad signature');
    expect(await text(page, 'webhook-accepted')).toBe('1');
    const counts = (await webhookStatus(host)).counts;
    expect(counts).toMatchObject({ accepted: 1, duplicates: 1, rejected: 2, rejectedByReason: { no_signature_key: 1, bad_signature: 1 } });
    await shot(page, 'e2e-webhooks-tunnel-events.png');

    // The tunnel server goes away: the card says so, with the error and a countdown to the next try.
    await tunnels.stop();
    await expect.poll(() => attr(page, 'webhook-tunnel-state', 'data-state'), { timeout: 15_000 }).toBe('down');
    await page.getByTestId('webhook-tunnel-retry').waitFor();
    expect(await text(page, 'webhook-tunnel-retry')).toMatch(/^in \d+ s$|^in \d+ min|^any moment now$/);
    expect(await text(page, 'webhook-tunnel-error')).toMatch(/^The tunnel could not be opened\. The app keeps trying/);
    // The library's own reason waits behind Details.
    expect(await page.getByTestId('webhook-tunnel-error').getByTestId('error-detail').textContent()).toMatch(/tunnel|refused|unreachable|ECONN|socket/i);
    expect(await text(page, 'webhook-tunnel-url')).toContain('none while the tunnel is down');
    await shots(page, 'tunnel-down');

    // Back, and "Reconnect now" skips the remaining backoff: the server sees the new registration before the retry
    // was due. Waiting for a retry at least 1.5 s away keeps the supervisor's own timer out of the way.
    let retryDue = 0;
    await expect
      .poll(
        async () => {
          const tunnel = (await webhookStatus(host)).tunnel;
          retryDue = tunnel?.state === 'down' && tunnel.nextRetryAt ? Date.parse(tunnel.nextRetryAt) : 0;
          return retryDue - Date.now();
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThan(1500);
    await expect.poll(() => text(page, 'webhook-tunnel-error')).toMatch(/\(\d+ failed tries in a row\)Details/);
    const registrationsBefore = tunnels.registrations.length;
    await tunnels.start();
    await page.getByTestId('webhook-tunnel-reconnect').click();
    await expect.poll(() => attr(page, 'webhook-tunnel-state', 'data-state'), { timeout: 15_000 }).toBe('up');
    const reopened = tunnels.registrations.slice(registrationsBefore);
    expect(reopened).toHaveLength(1);
    expect(reopened[0]!.at).toBeLessThan(retryDue);
    expect(reopened[0]!.requested).toBe(new URL(tunnelUrl).hostname.split('.')[0]);
    expect(await text(page, 'webhook-tunnel-url')).toBe(tunnelUrl);
    expect(await count(page, 'webhook-tunnel-reconnect')).toBe(0);
    expect(await count(page, 'webhook-tunnel-error')).toBe(0);
    const again = JSON.stringify(fake.buildEvent('payment.updated', payment.id));
    expect((await postThroughTunnel(notificationUrl, again, sub!.signature_key)).status).toBe(200);
    await expect.poll(() => text(page, 'webhook-accepted')).toBe('2');
    expect(fake.subscriptions(APP_ID)).toHaveLength(1);
  });

  test('the mode is a real choice: off is catch-up only (nothing refused), own URL asks for the address, a saved token is not asked for again', async () => {
    t.allowed.push(httpStatusLogged(400)); // the http:// address, refused on purpose
    const { page } = t.w;
    await openWebhooks(page, host);
    await expect.poll(() => attr(page, 'webhook-tunnel-state', 'data-state'), { timeout: 20_000 }).toBe('up');
    expect(await page.getByTestId('webhook-mode-localtunnel').isChecked()).toBe(true);

    // Off: said as a choice, not as a fault; the subscription is not needed and the token is not asked for.
    await page.getByTestId('webhook-mode-off').check();
    await expect.poll(() => attr(page, 'webhook-mode', 'data-mode')).toBe('off');
    expect(await page.getByTestId('webhook-mode-off').isChecked()).toBe(true);
    expect(await text(page, 'webhook-off')).toContain('sales arrive by catch-up sync only');
    expect(await count(page, 'webhook-refusal')).toBe(0);
    expect(await text(page, 'webhook-subscription-off')).toContain('personal access token is saved');
    expect(await count(page, 'webhook-manual')).toBe(0);
    expect(await count(page, 'webhook-subscription-sync')).toBe(0);
    expect(await text(page, 'webhook-notification-none')).toBe('None while webhooks are off.');
    expect((await webhookStatus(host)).refusalReason).toBeNull();
    await shots(page, 'mode-off');

    // Own URL without an address: asked for right here; an http:// one is refused at the field, in words.
    await page.getByTestId('webhook-mode-public_url').check();
    const url = page.getByTestId('webhook-public-url');
    await url.waitFor();
    await url.fill('http://shop.example.com');
    await page.getByTestId('webhook-public-url-save').click();
    await expect.poll(() => count(page, 'webhook-public-url-error')).toBe(1);
    expect(await text(page, 'webhook-public-url-error')).toBe('Public URL must be an https URL');
    expect(await attr(page, 'webhook-mode', 'data-mode')).toBe('off');
    await shots(page, 'mode-url-refused');
    await url.fill('https://shop.example.com');
    await page.getByTestId('webhook-public-url-save').click();
    await expect.poll(() => attr(page, 'webhook-mode', 'data-mode')).toBe('public_url');
    expect(await text(page, 'webhook-notification-url')).toBe(`https://shop.example.com${WEBHOOK_PATH}`);
    expect(await count(page, 'webhook-off')).toBe(0);

    // And back to the tunnel: it comes up again at the same address.
    await page.getByTestId('webhook-mode-localtunnel').check();
    await expect.poll(() => attr(page, 'webhook-mode', 'data-mode')).toBe('localtunnel');
    await expect.poll(() => attr(page, 'webhook-tunnel-state', 'data-state'), { timeout: 20_000 }).toBe('up');

    // The Square screen: the token is saved, so it says so and asks for nothing.
    await page.getByTestId('nav-square').click();
    await page.getByTestId('square-personal-token-saved').waitFor();
    expect(await count(page, 'square-personal-token-input')).toBe(0);
    expect(await text(page, 'square-personal-token-state')).toBe('Token saved');
    await shots(page, 'square-token-saved');
  });
});

describe('Webhooks at the owner’s own public URL, with the key pasted by hand', () => {
  const PUBLIC_URL = 'https://shop.example.com';
  const NOTIFICATION_URL = `${PUBLIC_URL}${WEBHOOK_PATH}`;
  let fake: FakeSquare;
  let square: SquareSession | undefined;
  let host: ServeHandle;
  let context: BrowserContext;

  beforeAll(async () => {
    square = await startSquareSession({
      label: 'webhooks-manual',
      token: TOKEN,
      appId: APP_ID,
      shop: (fake) => fake.addMerchant({ business_name: 'Ada Stores', country: 'NG', currency: 'NGN' }),
      env: { TUNNEL: 'off', TAXPOYNT_WEBHOOK_URL: PUBLIC_URL, TAXPOYNT_LOG_LEVEL: 'warn' },
    });
    ({ fake, host, context } = square);
  });

  afterAll(() => square?.stop());

  const t = watchPages(() => context);

  test('shows the exact URL and asks for the key; a bad key names the field, a good one lifts the refusal', async () => {
    t.allowed.push(httpStatusLogged(400)); // the refused key, on purpose
    const { page } = t.w;
    // No clipboard API here: Copy must fall back to selecting the URL.
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
    await openWebhooks(page, host);

    expect(await attr(page, 'webhook-mode', 'data-mode')).toBe('public_url');
    // TAXPOYNT_WEBHOOK_URL decides the mode: shown as such, and the choice cannot be changed here.
    expect(await text(page, 'webhook-mode-env')).toContain('TAXPOYNT_WEBHOOK_URL');
    expect(await page.getByTestId('webhook-mode-public_url').isChecked()).toBe(true);
    expect(await page.getByTestId('webhook-mode-off').isDisabled()).toBe(true);
    expect(await text(page, 'webhook-tunnel-state')).toBe('Own URL');
    expect(await count(page, 'webhook-tunnel')).toBe(0);
    expect(await count(page, 'webhook-tunnel-reconnect')).toBe(0);
    expect(await text(page, 'webhook-notification-url')).toBe(NOTIFICATION_URL);
    await expect.poll(() => attr(page, 'webhook-subscription-state', 'data-state')).toBe('action_needed');
    expect(await attr(page, 'webhook-subscription-mode', 'data-mode')).toBe('manual');
    expect(await text(page, 'webhook-subscription-message')).toContain(NOTIFICATION_URL);
    expect(await text(page, 'webhook-manual-url')).toBe(NOTIFICATION_URL);
    expect(await text(page, 'webhook-refusal-reason')).toContain('No webhook signature key is set');

    await page.getByTestId('webhook-manual-url-copy').click();
    await expect.poll(() => attr(page, 'webhook-manual-url-copy-note', 'data-outcome')).toBe('selected');
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(NOTIFICATION_URL);
    await shot(page, 'e2e-webhooks-manual-needed.png');
    await shots(page, 'mode-from-environment');

    // A key that cannot be one: main's message, naming the field; nothing is saved.
    const input = page.getByTestId('webhook-key-input');
    expect(await input.getAttribute('type')).toBe('password');
    await input.fill('short');
    await page.getByTestId('webhook-key-save').click();
    const banner = page.getByTestId('webhook-key-form').getByTestId('error-banner');
    await banner.waitFor();
    expect(await banner.getByTestId('error-message').textContent()).toBe(
      'The signature key looks too short: paste the whole key.',
    );
    expect(await banner.getByTestId('error-detail').textContent()).toContain('webhooks.signatureKey.set: signatureKey:');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await input.fill('has a space in it');
    await page.getByTestId('webhook-key-save').click();
    await expect.poll(async () => (await banner.textContent()) ?? '').toContain('The signature key has no spaces');
    // The technical detail waits behind a closed "Details"; opened, it names the channel and the field.
    const details = banner.getByTestId('error-details');
    expect(await details.getAttribute('open')).toBeNull();
    await details.locator('summary').click();
    expect(await details.getAttribute('open')).not.toBeNull();
    expect(await banner.getByTestId('error-detail').textContent()).toContain('webhooks.signatureKey.set: signatureKey:');
    await shots(page, 'error-details-open');
    expect((await webhookStatus(host)).signatureKeyPresent).toBe(false);
    await shot(page, 'e2e-webhooks-manual-bad-key.png');

    // The real key: saved, the refusal is gone, and an event signed for the public URL is accepted.
    const key = 'wHk-e2e-Signature_Key-0123456789';
    await input.fill(key);
    await page.getByTestId('webhook-key-save').click();
    await expect.poll(() => text(page, 'webhook-key-notice')).toContain('Signature key saved');
    await expect.poll(() => count(page, 'webhook-refusal')).toBe(0);
    expect(await banner.count()).toBe(0);
    expect(await input.inputValue()).toBe('');
    expect(await text(page, 'webhook-signature-key')).toBe('Saved in the keychain');
    await expect.poll(() => attr(page, 'webhook-subscription-state', 'data-state')).toBe('ok');
    expect(await attr(page, 'webhook-subscription-mode', 'data-mode')).toBe('manual');

    const status = await webhookStatus(host);
    expect(status).toMatchObject({ signatureKeyPresent: true, refusalReason: null, notificationUrl: NOTIFICATION_URL });
    const event = JSON.stringify({
      merchant_id: 'MLADA0001',
      type: 'payment.updated',
      event_id: 'evt-manual-0001',
      created_at: new Date().toISOString(),
      data: { type: 'payment', id: 'PAY-manual-1', object: { payment: { id: 'PAY-manual-1' } } },
    });
    expect((await postToReceiver(status.receiverPort!, NOTIFICATION_URL, event, key)).status).toBe(200);
    await expect.poll(() => text(page, 'webhook-accepted')).toBe('1');
    expect(await text(page, 'webhook-rejected')).toBe('0');
    expect(fake.subscriptions()).toEqual([]);
    await shot(page, 'e2e-webhooks-manual-ok.png');
  });
});
