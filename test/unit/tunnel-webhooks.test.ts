import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSquare, type FakeSquare } from '../fakes/fake-square/index';
import { fetchViaTunnel, startTunnelServer, type TunnelServer } from '../fakes/tunnel-server/index';
import { createTempApp, tempDir } from '../support/temp-app';
import { signSquare, squareEvent } from '../support/webhook-client';

// Webhooks end to end on loopback: the REAL localtunnel client (inside our supervisor) against the test tunnel
// server, Square's subscription kept by the app on the fake Square through the REAL SDK, events into SQLite.

const PAT = 'EAAA-personal-access-token-for-tests';
let fake: FakeSquare;
let tunnels: TunnelServer;
let app: ReturnType<typeof createTempApp>;
let squatterSocket: Socket | null = null;

const inboxIds = () => (app.db.prepare('SELECT event_id FROM webhook_inbox').all() as { event_id: string }[]).map((r) => r.event_id);

async function sendSigned(notificationUrl: string, key: string, viaTunnelUrl = notificationUrl) {
  const event = squareEvent({ merchant_id: fake.login.merchantId });
  const body = JSON.stringify(event);
  const url = new URL(viaTunnelUrl);
  const res = await fetchViaTunnel(url.origin, url.pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-square-hmacsha256-signature': signSquare(notificationUrl, body, key) },
    body,
  });
  return { status: res.status, eventId: event.event_id as string };
}

beforeEach(async () => {
  fake = await startFakeSquare();
  const merchant = fake.addMerchant({ business_name: 'Ada Stores', country: 'GB', currency: 'GBP' });
  fake.setLogin({ merchantId: merchant.id });
  fake.addPersonalAccessToken(PAT, merchant.id);
  tunnels = await startTunnelServer({ graceMs: 3_000 });
  app = createTempApp('headless', {
    square: { baseUrl: fake.url, applicationId: 'sq0idp-fake-app', maxRetries: 0 },
    webhooks: { tunnelEnabled: true, tunnelHost: tunnels.url, probeIntervalMs: 1_000, openTimeoutMs: 3_000 },
  });
  await app.start();
  // The relay is the owner's choice, never the default (the next describe shows the default).
  expect((await app.dispatch('settings.set', { webhookMode: 'localtunnel' })).ok).toBe(true);
});

afterEach(async () => {
  squatterSocket?.destroy();
  squatterSocket = null;
  await app.dispose();
  await tunnels.close();
  await fake.close();
});

describe('webhooks through the supervised tunnel', () => {
  it('opens the tunnel, keeps the subscription with the personal token, and a signed event reaches the inbox', async () => {
    await expect.poll(() => app.webhooks.status().tunnel?.state, { timeout: 10_000 }).toBe('up');
    const tunnelUrl = app.webhooks.status().tunnel!.url!;
    expect(tunnelUrl).toMatch(/^http:\/\/taxpoynt-[0-9a-f]{12}\.localhost:\d+$/);
    // Without the personal token the owner is told what to do, and events are refused (fail closed).
    await expect.poll(() => app.webhooks.status().subscription.state).toBe('action_needed');
    expect(app.webhooks.status().subscription.message).toContain(`${tunnelUrl}/webhooks/square`);
    expect((await sendSigned(`${tunnelUrl}/webhooks/square`, 'any-key-0123456789')).status).toBe(401);

    expect((await app.dispatch('square.personalToken.set', { token: PAT })).ok).toBe(true);
    await expect.poll(() => app.webhooks.status().subscription.state, { timeout: 10_000 }).toBe('ok');
    const [sub] = fake.subscriptions();
    expect(sub).toMatchObject({ notification_url: `${tunnelUrl}/webhooks/square`, enabled: true });
    expect(sub!.event_types).toEqual(expect.arrayContaining(['payment.updated', 'refund.created', 'oauth.authorization.revoked']));
    expect(fake.callsTo('/v2/webhooks/subscriptions', 'POST')).toHaveLength(1);
    expect(app.webhooks.status()).toMatchObject({ signatureKeyPresent: true, refusalReason: null, notificationUrl: `${tunnelUrl}/webhooks/square` });

    const sent = await sendSigned(sub!.notification_url, sub!.signature_key);
    expect(sent.status).toBe(200);
    expect(inboxIds()).toEqual([sent.eventId]);
  });

  it('is up again after the server drops it; a new URL updates the subscription and verification follows it', async () => {
    expect((await app.dispatch('square.personalToken.set', { token: PAT })).ok).toBe(true);
    await expect.poll(() => app.webhooks.status().subscription.state, { timeout: 10_000 }).toBe('ok');
    const firstUrl = app.webhooks.status().tunnel!.url!;
    const firstId = new URL(firstUrl).hostname.split('.')[0]!;
    // Another run of the upkeep with nothing changed (as one queued behind the first) writes nothing to Square.
    await app.webhooks.syncSubscription();
    expect(fake.callsTo('/v2/webhooks/subscriptions', 'PUT')).toHaveLength(0);
    expect(app.webhooks.status().subscription.state).toBe('ok');

    // Outage 1: the server drops us; the stable subdomain brings back the same URL, so Square needs no update.
    tunnels.dropClient(firstId);
    await expect.poll(() => app.webhooks.status().tunnel?.state, { timeout: 5_000 }).not.toBe('up');
    // The retry is due within 1 s (tunnel-supervisor.test.ts); the wait is generous for a loaded CI machine.
    await expect.poll(() => app.webhooks.status().tunnel?.state, { timeout: 30_000, interval: 100 }).toBe('up');
    expect(app.webhooks.status().tunnel!.url).toBe(firstUrl);
    expect(fake.callsTo('/v2/webhooks/subscriptions', 'PUT')).toHaveLength(0);

    // Outage 2: someone else holds our subdomain when we come back, so the server hands us a new URL.
    tunnels.dropClient(firstId);
    const squatter = await fetch(`${tunnels.url}/${firstId}`);
    expect(squatter.status).toBe(200);
    // The squatter connects a socket, as a real client would: a registration without one lapses after the server's
    // grace period, and a slow reconnect of ours would then get the old subdomain back.
    const { port: squatterPort } = (await squatter.json()) as { port: number };
    squatterSocket = connect(squatterPort, '127.0.0.1');
    await tunnels.waitForSockets(firstId, 1);
    const changedUrl = () => {
      const url = app.webhooks.status().tunnel?.url;
      return url && url !== firstUrl ? url : null;
    };
    await expect.poll(changedUrl, { timeout: 30_000, interval: 100 }).not.toBeNull();
    const secondUrl = changedUrl()!;
    await expect.poll(() => fake.subscriptions()[0]?.notification_url, { timeout: 10_000 }).toBe(`${secondUrl}/webhooks/square`);
    const updates = fake.callsTo('/v2/webhooks/subscriptions/', 'PUT');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.at(-1)!.body).toMatchObject({ subscription: { notification_url: `${secondUrl}/webhooks/square` } });
    await expect.poll(() => app.webhooks.status().subscription.state).toBe('ok');

    const key = fake.subscriptions()[0]!.signature_key;
    // Verification now uses the new URL: signed for the new URL → stored; signed for the old URL → refused.
    const good = await sendSigned(`${secondUrl}/webhooks/square`, key);
    expect(good.status).toBe(200);
    const stale = await sendSigned(`${firstUrl}/webhooks/square`, key, `${secondUrl}/webhooks/square`);
    expect(stale.status).toBe(401);
    expect(inboxIds()).toEqual([good.eventId]);
  });

  it('after an update that subscribes to more event types, updates the subscription on start even when the address stays', async () => {
    await app.dispose();
    // The owner's own public address: it stays the same across restarts, so only the event types can prompt an update.
    const options = {
      dataDir: tempDir(),
      keychainService: `TaxPoynt POS Desk test ${randomUUID()}`,
      square: { baseUrl: fake.url, applicationId: 'sq0idp-fake-app', maxRetries: 0 },
    };
    app = createTempApp('headless', options);
    await app.start();
    expect((await app.dispatch('settings.set', { webhookPublicUrl: 'https://shop.example.com' })).ok).toBe(true);
    expect((await app.dispatch('square.personalToken.set', { token: PAT })).ok).toBe(true);
    await expect.poll(() => app.webhooks.status().subscription.state, { timeout: 10_000 }).toBe('ok');
    const url = fake.subscriptions()[0]!.notification_url;
    // As an older version left it: subscribed to fewer event types, in Square and in the app's own record.
    fake.editSubscription(fake.subscriptions()[0]!.id!, { event_types: ['payment.created'] });
    app.db.prepare(`UPDATE settings SET value_json = ? WHERE key = 'internal.webhook.subscribedEventTypes'`).run(JSON.stringify('payment.created'));
    await app.dispose({ keep: true });
    const updatesBefore = fake.callsTo('/v2/webhooks/subscriptions/', 'PUT').length;

    app = createTempApp('headless', options);
    await app.start();
    const updatesAfterRestart = () => fake.callsTo('/v2/webhooks/subscriptions/', 'PUT').slice(updatesBefore);
    await expect.poll(() => updatesAfterRestart().length, { timeout: 10_000 }).toBe(1);
    expect(updatesAfterRestart()[0]!.body).toMatchObject({
      subscription: { notification_url: url, event_types: expect.arrayContaining(['customer.created', 'customer.updated']) },
    });
    await app.dispose();
    rmSync(options.dataDir, { recursive: true, force: true });
    app = createTempApp('headless');
  });
});

describe('the public relay is the owner’s choice', () => {
  it('a fresh install opens no tunnel and asks nothing of the relay; choosing the relay opens it; the owner’s URL is used instead', async () => {
    // A fresh data folder with every setting at its default, the relay available (TUNNEL on) and pointed at the test
    // server: the beforeEach chose the relay for its app, so this test starts its own.
    await app.dispose();
    const registrationsBefore = tunnels.registrations.length;
    const requestsBefore = tunnels.requests.length;
    app = createTempApp('headless', {
      square: { baseUrl: fake.url, applicationId: 'sq0idp-fake-app', maxRetries: 0 },
      webhooks: { tunnelEnabled: true, tunnelHost: tunnels.url, probeIntervalMs: 1_000, openTimeoutMs: 3_000 },
    });
    await app.start();
    expect(app.webhooks.status()).toMatchObject({ mode: 'off', modeChosen: false, tunnel: null, notificationUrl: null, refusalReason: null });
    expect(app.webhooks.status().relayHost).toBe(new URL(tunnels.url).host);
    // Settled: a catch-up-only app has nothing to open, however long it runs.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(tunnels.registrations.slice(registrationsBefore)).toEqual([]);
    expect(tunnels.requests.slice(requestsBefore)).toEqual([]);
    expect(app.webhooks.status().tunnel).toBeNull();

    // The owner chooses the relay: now, and only now, it is opened.
    const chosenAt = Date.now();
    expect((await app.dispatch('settings.set', { webhookMode: 'localtunnel' })).ok).toBe(true);
    await expect.poll(() => app.webhooks.status().tunnel?.state, { timeout: 10_000 }).toBe('up');
    const opened = tunnels.registrations.slice(registrationsBefore);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.at).toBeGreaterThanOrEqual(chosenAt);
    expect(app.webhooks.status()).toMatchObject({ mode: 'localtunnel', modeChosen: true });
    const tunnelUrl = app.webhooks.status().tunnel!.url!;
    await expect.poll(() => app.webhooks.status().notificationUrl).toBe(`${tunnelUrl}/webhooks/square`);

    // The owner's own address, once given, is used instead of the relay: the tunnel closes (every pooled socket, so
    // the relay's server drops us and forwards nothing more), and Square is given the owner's address.
    expect((await app.dispatch('settings.set', { webhookPublicUrl: 'https://shop.example.com' })).ok).toBe(true);
    expect(app.webhooks.status()).toMatchObject({ mode: 'public_url', tunnel: null });
    await expect.poll(() => app.webhooks.status().notificationUrl).toBe('https://shop.example.com/webhooks/square');
    await expect.poll(() => tunnels.clients().length, { timeout: 10_000 }).toBe(0);

    // Emptying it goes to catch-up only, never back to the relay by itself.
    const registrationsNow = tunnels.registrations.length;
    expect((await app.dispatch('settings.set', { webhookPublicUrl: '' })).ok).toBe(true);
    expect(app.webhooks.status()).toMatchObject({ mode: 'off', modeChosen: true, tunnel: null, notificationUrl: null });
    await new Promise((r) => setTimeout(r, 500));
    expect(tunnels.registrations.length).toBe(registrationsNow);
  });

  it('an install that stored the relay as its choice keeps it; one that stored a public URL before the choice keeps that', async () => {
    await app.dispose();
    const options = {
      dataDir: tempDir(),
      keychainService: `TaxPoynt POS Desk test ${randomUUID()}`,
      square: { baseUrl: fake.url, applicationId: 'sq0idp-fake-app', maxRetries: 0 },
      webhooks: { tunnelEnabled: true, tunnelHost: tunnels.url, probeIntervalMs: 1_000, openTimeoutMs: 3_000 },
    };
    try {
      // As an earlier version left the settings table: the relay stored explicitly.
      app = createTempApp('headless', options);
      app.db.prepare(`INSERT INTO settings (key, value_json, updated_at) VALUES ('webhookMode', '"localtunnel"', 1)`).run();
      await app.start();
      await expect.poll(() => app.webhooks.status().tunnel?.state, { timeout: 10_000 }).toBe('up');
      expect(app.webhooks.status()).toMatchObject({ mode: 'localtunnel', modeChosen: true });
      await app.dispose({ keep: true });

      // Before the mode was a setting: only a public URL stored. It is the owner's choice, and no relay opens.
      app = createTempApp('headless', options);
      app.db.prepare(`DELETE FROM settings WHERE key = 'webhookMode'`).run();
      app.db.prepare(`INSERT INTO settings (key, value_json, updated_at) VALUES ('webhookPublicUrl', '"https://pos.example.com"', 1)`).run();
      const registrationsBefore = tunnels.registrations.length;
      await app.start();
      expect(app.webhooks.status()).toMatchObject({ mode: 'public_url', modeChosen: true, tunnel: null, notificationUrl: 'https://pos.example.com/webhooks/square' });
      await app.dispose({ keep: true });
      expect(tunnels.registrations.length).toBe(registrationsBefore);
    } finally {
      rmSync(options.dataDir, { recursive: true, force: true });
      app = createTempApp('headless');
    }
  });
});

describe('subscription upkeep after a failure', () => {
  const withOwnUrl = () => {
    app = createTempApp('headless', {
      square: { baseUrl: fake.url, applicationId: 'sq0idp-fake-app', maxRetries: 0 },
      webhooks: { publicUrl: 'https://shop.example.com', subscriptionRetryBaseMs: 200 },
    });
    return app.start();
  };

  it('really tries again by itself, with backoff, when Square could not be reached, until the subscription is kept', async () => {
    await app.dispose();
    // Square fails the first two subscription calls (its own trouble), then answers.
    const fault = fake.injectFault({ route: '/v2/webhooks/subscriptions', status: 503, times: 2 });
    await withOwnUrl();
    expect((await app.dispatch('square.personalToken.set', { token: PAT })).ok).toBe(true);
    await expect.poll(() => app.webhooks.status().subscription.state, { timeout: 10_000 }).toBe('error');
    const failed = app.webhooks.status().subscription;
    expect(failed.message).toMatch(/tries again by itself/);
    expect(Date.parse(failed.nextRetryAt!)).toBeGreaterThan(Date.parse(failed.updatedAt!) - 1);
    expect(failed.detail).toBeTruthy();
    // Nothing else happens (no new address, no button, no token change): the app's own timer brings Square in line.
    await expect.poll(() => app.webhooks.status().subscription.state, { timeout: 10_000 }).toBe('ok');
    expect(fake.subscriptions()).toHaveLength(1);
    expect(fake.subscriptions()[0]!.notification_url).toBe('https://shop.example.com/webhooks/square');
    expect(app.webhooks.status().subscription.nextRetryAt ?? null).toBeNull();
    expect(app.webhooks.status().signatureKeyPresent).toBe(true);
    fault.cancel();
  });

  it('does not hammer Square when it refuses the token: says to check it, and waits for the owner', async () => {
    await app.dispose();
    const fault = fake.injectFault({ route: '/v2/webhooks/subscriptions', status: 401, times: Infinity });
    await withOwnUrl();
    expect((await app.dispatch('square.personalToken.set', { token: PAT })).ok).toBe(true);
    await expect.poll(() => app.webhooks.status().subscription.state, { timeout: 10_000 }).toBe('error');
    const refused = app.webhooks.status().subscription;
    expect(refused.message).toMatch(/refused the personal access token/);
    expect(refused.nextRetryAt ?? null).toBeNull();
    const calls = fake.callsTo('/v2/webhooks/subscriptions').length;
    await new Promise((r) => setTimeout(r, 1_000)); // five retry bases: a timer would have fired by now
    expect(fake.callsTo('/v2/webhooks/subscriptions').length).toBe(calls);
    fault.cancel();
  });
});
