// `npm run demo`: a Lagos shop on the fake Square, the headless app connected to it, and a sale every few seconds.
// Open the printed URL and watch invoices arrive; Ctrl+C stops everything (docs/demo.md).
//
// Env: DEMO_DATA_DIR (keep the app's data there; default: a temp folder removed on exit), DEMO_PORT (the dashboard's
// port; default: any free one), DEMO_SALE_EVERY_MS (default 4000), DEMO_SEED (the till's random seed).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startFakeSquare, type FakeSquare } from '../test/fakes/fake-square';
import { DemoTill, seededRandom, seedLagosShop, type DemoActivity } from '../test/fakes/fake-square/demo-shop';
import { freePort } from '../test/support/free-port';
import { hasCommand, startPrivateKeyring, type PrivateKeyring } from '../test/support/keyring';
import { loadKeytar } from '../main/platform/secrets/keytar-store';
import { WEBHOOK_PATH } from '../main/intake/webhooks/receiver';
import { startDemoHost, waitFor, type DemoHost } from './demo-host';

const APP_ID = 'sq0idp-demo-lagos-shop';
const PERSONAL_TOKEN = 'EAAAl-demo-lagos-personal-access-token';
/** The shop's public webhook URL; the fake Square delivers it to the app's receiver on 127.0.0.1 (a reverse proxy's job). */
const PUBLIC_URL = 'https://mamaput-lagos.example';

const say = (line: string) => process.stdout.write(`${line}\n`);
/** Set on Ctrl+C: the till rings no more while the app shuts down. */
let stopping = false;

async function main(): Promise<void> {
  const saleEveryMs = Number(process.env.DEMO_SALE_EVERY_MS ?? 4000);
  if (!Number.isFinite(saleEveryMs) || saleEveryMs < 200) throw new Error('DEMO_SALE_EVERY_MS must be a number of milliseconds, at least 200');
  const keepData = Boolean(process.env.DEMO_DATA_DIR);
  const dataDir = process.env.DEMO_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'taxpoynt-demo-'));
  mkdirSync(dataDir, { recursive: true });
  // Its own keychain entries, never a real install's; a throwaway run removes them when it ends.
  const keychainService = keepData ? 'TaxPoynt POS Desk demo' : `TaxPoynt POS Desk demo ${process.pid}`;

  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (err) {
        process.stderr.write(`demo: while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    // Cleanups run last-pushed first: the till, the app, the fake, then the data dir, then the keychain.
    const keyring = privateKeyringIfNeeded();
    if (keyring) cleanups.push(() => keyring.stop());
    // A private keyring vanishes with its folder; only the owner's own keychain needs the demo's entries removed.
    else if (!keepData) cleanups.push(() => forgetSecrets(keychainService));
    if (!keepData) cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

    const callbackPort = await freePort();
    const webhookPort = await freePort();
    const fake: FakeSquare = await startFakeSquare({
      apps: [{ clientId: APP_ID, redirectUri: `http://127.0.0.1:${callbackPort}/oauth/callback` }],
    });
    cleanups.push(() => fake.close());
    const shop = seedLagosShop(fake, { clientId: APP_ID, personalToken: PERSONAL_TOKEN });
    const till = new DemoTill(fake, shop, seededRandom(Number(process.env.DEMO_SEED ?? 2026)));
    till.history({ recent: 12, older: 60 });

    say('Starting the TaxPoynt POS Desk headless app…');
    const host = await startDemoHost({
      TAXPOYNT_DATA_DIR: dataDir,
      TAXPOYNT_API_PORT: process.env.DEMO_PORT ?? '0',
      TAXPOYNT_API_TOKEN: randomBytes(24).toString('base64url'),
      TAXPOYNT_LOG_LEVEL: process.env.TAXPOYNT_LOG_LEVEL ?? 'warn',
      TAXPOYNT_KEYCHAIN_SERVICE: keychainService,
      SQUARE_BASE_URL: fake.url,
      SQUARE_APPLICATION_ID: APP_ID,
      SQUARE_ENVIRONMENT: 'sandbox',
      SQUARE_REDIRECT_PORT: String(callbackPort),
      TAXPOYNT_WEBHOOK_URL: PUBLIC_URL,
      TAXPOYNT_WEBHOOK_PORT: String(webhookPort),
      TUNNEL: 'off',
    });
    cleanups.push(() => host.stop());

    await connect(host, fake, shop.locationId);
    const notificationUrl = `${PUBLIC_URL}${WEBHOOK_PATH}`;
    fake.forwardWebhooks(notificationUrl, `http://127.0.0.1:${webhookPort}${WEBHOOK_PATH}`);

    say('');
    say('Lagos demo shop is open: Mama Put – Victoria Island (NGN, VAT 7.5 %) on a local fake Square.');
    say(`Open ${host.url}`);
    say(keepData ? `Data: ${dataDir} (kept)` : `Data: ${dataDir} (removed when the demo stops; set DEMO_DATA_DIR to keep it)`);
    say(`A new sale every ${Math.round(saleEveryMs / 100) / 10} s (cash, card, tips, discounts, a refund now and then). Ctrl+C stops.`);
    say('Older sales (3 to 33 days ago) are waiting in Square: fetch them on the Sync screen under "Read past days".');
    say('');

    const timer = setInterval(() => void ring(fake, till), saleEveryMs);
    cleanups.push(() => clearInterval(timer));
    void ring(fake, till);
  } catch (err) {
    process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
    await stop(1);
  }
}

/** One till event, sent to the app as Square's signed webhooks. */
async function ring(fake: FakeSquare, till: DemoTill): Promise<void> {
  if (stopping) return;
  const activity: DemoActivity = till.next();
  const deliveries =
    activity.kind === 'sale'
      ? await fake.emitWebhook('payment.created', activity.paymentId)
      : [...(await fake.emitWebhook('refund.created', activity.refundId)), ...(await fake.emitWebhook('payment.updated', activity.paymentId))];
  const refused = deliveries.filter((d) => d.status < 200 || d.status >= 300);
  const time = new Date().toLocaleTimeString('en-GB');
  say(`${time}  ${activity.summary}${refused.length ? `  (the app answered ${refused.map((d) => d.status || 'nothing').join(', ')})` : ''}`);
}

/**
 * Connects the app to the fake Square as the owner would, minus the browser: starts sign-in, follows the authorize
 * URL the way the browser does (the fake's permission page redirects to the app's loopback listener with the code),
 * chooses the location, and saves the app's personal access token so the app creates its own webhook subscription.
 */
async function connect(host: DemoHost, fake: FakeSquare, locationId: string): Promise<void> {
  const { authorizeUrl } = await host.call('square.connect');
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = consent.headers.get('location');
  if (consent.status !== 302 || !callback) throw new Error(`the fake Square's permission page answered HTTP ${consent.status}`);
  const back = await fetch(callback);
  if (!back.ok) throw new Error(`the app's sign-in listener answered HTTP ${back.status}: ${await back.text()}`);
  await waitFor('Square to be connected', async () => (await host.call('square.status')).connection?.status === 'connected');
  await host.call('square.locations.select', { locationIds: [locationId] });
  await host.call('square.personalToken.set', { token: PERSONAL_TOKEN });
  await waitFor('the webhook subscription', async () => (await host.call('webhooks.status')).signatureKeyPresent);
  if (!fake.subscriptions(APP_ID).length) throw new Error('the app did not create its webhook subscription');
}

/** keytar needs a Secret Service; on a Linux box without a desktop session, start a private one for the demo. */
function privateKeyringIfNeeded(): PrivateKeyring | null {
  if (process.platform !== 'linux' || process.env.DBUS_SESSION_BUS_ADDRESS) return null;
  if (!hasCommand('dbus-daemon') || !hasCommand('gnome-keyring-daemon')) {
    say('No desktop keychain found and dbus-daemon/gnome-keyring are not installed: the app may not be able to keep its tokens.');
    return null;
  }
  const keyring = startPrivateKeyring();
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.busAddress;
  return keyring;
}

async function forgetSecrets(service: string): Promise<void> {
  const keytar = loadKeytar();
  for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
}

void main();
