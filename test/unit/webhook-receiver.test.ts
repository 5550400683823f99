import { randomBytes, randomUUID, createHmac } from 'node:crypto';
import { WebhooksHelper } from 'square';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookStatus } from '../../shared/webhooks';
import { secretAccount } from '../../main/platform/secrets/secret-store';
import { verifySquareSignature } from '../../main/intake/webhooks/signature';
import { notificationUrlFor } from '../../main/intake/webhooks/webhook-service';
import { createTempApp } from '../support/temp-app';
import { postWebhook, signSquare, squareEvent } from '../support/webhook-client';

const URL_ = 'https://shop.example.com/webhooks/square';
const KEY = 'test-signature-key-0123456789';

describe('Square signature verification', () => {
  it('agrees with the SDK WebhooksHelper on many random inputs and mutations', async () => {
    for (let i = 0; i < 300; i++) {
      const key = randomBytes(1 + (i % 40)).toString('base64');
      const url = `https://h${i}.example.com/${randomBytes(i % 7).toString('hex')}`;
      const body = i % 5 === 0 ? '' : JSON.stringify({ n: i, s: randomBytes(i % 64).toString('base64'), ü: 'ünï' });
      const good = signSquare(url, body, key);
      const candidates = [
        good,
        signSquare(url, `${body} `, key),
        signSquare(`${url}/`, body, key),
        signSquare(url, body, `${key}x`),
        good.slice(0, -2),
        randomBytes(32).toString('base64'),
      ];
      for (const header of candidates) {
        const ours = verifySquareSignature({ rawBody: Buffer.from(body), signatureHeader: header, signatureKey: key, notificationUrl: url });
        const sdk = await WebhooksHelper.verifySignature({ requestBody: body, signatureHeader: header, signatureKey: key, notificationUrl: url });
        expect(ours, `case ${i} header ${header}`).toBe(sdk);
      }
    }
  });

  it('rejects tampered body, other URL (incl. trailing slash), other key, missing header and the legacy SHA1 header', () => {
    const body = JSON.stringify(squareEvent());
    const sig = signSquare(URL_, body, KEY);
    const check = (o: Partial<Parameters<typeof verifySquareSignature>[0]>) =>
      verifySquareSignature({ rawBody: Buffer.from(body), signatureHeader: sig, signatureKey: KEY, notificationUrl: URL_, ...o });
    expect(check({})).toBe(true);
    expect(check({ rawBody: Buffer.from(body.replace('COMPLETED', 'CANCELED')) })).toBe(false);
    expect(check({ notificationUrl: `${URL_}/` })).toBe(false);
    expect(check({ notificationUrl: URL_.replace('https', 'http') })).toBe(false);
    expect(check({ signatureKey: 'another-key-0123456789' })).toBe(false);
    expect(check({ signatureHeader: undefined })).toBe(false);
    expect(check({ signatureKey: null })).toBe(false);
    const legacySha1 = createHmac('sha1', KEY).update(URL_ + body).digest('base64');
    expect(check({ signatureHeader: legacySha1 })).toBe(false);
    // Only the canonical base64 text: what a lenient decoder would forgive is refused.
    expect(check({ signatureHeader: `${sig}junk` })).toBe(false);
    expect(check({ signatureHeader: `${sig}\n` })).toBe(false);
    expect(check({ signatureHeader: sig.replace(/=+$/, '') })).toBe(false);
    // The URL-safe alphabet decodes to the same bytes in Node: a body whose signature has '+' or '/' shows it refused.
    let n = 0;
    while (!/[+/]/.test(signSquare(URL_, `${body}${' '.repeat(n)}`, KEY))) n++;
    const spaced = Buffer.from(`${body}${' '.repeat(n)}`);
    const urlSafe = signSquare(URL_, spaced.toString(), KEY).replace(/\+/g, '-').replace(/\//g, '_');
    expect(check({ rawBody: spaced, signatureHeader: signSquare(URL_, spaced.toString(), KEY) })).toBe(true);
    expect(check({ rawBody: spaced, signatureHeader: urlSafe })).toBe(false);
    expect(check({ signatureHeader: ` ${sig}` })).toBe(false);
  });

  it('uses a bare public origin with our path and a full URL verbatim', () => {
    expect(notificationUrlFor('https://shop.example.com')).toBe('https://shop.example.com/webhooks/square');
    expect(notificationUrlFor('https://shop.example.com/')).toBe('https://shop.example.com/webhooks/square');
    expect(notificationUrlFor('https://shop.example.com/hooks/sq')).toBe('https://shop.example.com/hooks/sq');
  });
});

describe('webhook receiver', () => {
  let app: ReturnType<typeof createTempApp>;
  let port: number;
  const rows = () => app.db.prepare('SELECT event_id, type, state, source, merchant_id, raw_body FROM webhook_inbox ORDER BY id').all() as {
    event_id: string; type: string; state: string; source: string; merchant_id: string; raw_body: string;
  }[];
  const send = (event: Record<string, unknown> | string, o: { key?: string; url?: string; headers?: Record<string, string> } = {}) => {
    const body = typeof event === 'string' ? event : JSON.stringify(event);
    return postWebhook(port, body, {
      'x-square-hmacsha256-signature': signSquare(o.url ?? URL_, body, o.key ?? KEY),
      ...o.headers,
    });
  };

  beforeEach(async () => {
    app = createTempApp('headless', { webhooks: { publicUrl: URL_ } });
    await app.start();
    port = app.webhooks.receiverPort!;
  });
  afterEach(() => app.dispose());

  it('refuses everything while no signature key is set (fail closed) and says why', async () => {
    const res = await send(squareEvent());
    expect(res.status).toBe(401);
    expect(rows()).toEqual([]);
    const status = app.webhooks.status();
    expect(status.refusalReason).toMatch(/No webhook signature key/);
    expect(status.counts.rejectedByReason.no_signature_key).toBe(1);
    expect(status.notificationUrl).toBe(URL_);
    await expect.poll(() => app.webhooks.status().subscription).toMatchObject({ mode: 'manual', state: 'action_needed' });
  });

  describe('with a signature key', () => {
    beforeEach(async () => {
      const r = await app.dispatch('webhooks.signatureKey.set', { signatureKey: KEY });
      expect(r.ok).toBe(true);
    });

    it('keeps the key in the keychain, not in SQLite', async () => {
      expect(await app.secrets.get(secretAccount.webhookSignatureKey())).toBe(KEY);
      const inDb = app.db.prepare(`SELECT count(*) AS n FROM settings WHERE value_json LIKE ?`).get(`%${KEY}%`) as { n: number };
      expect(inDb.n).toBe(0);
      expect((await app.dispatch('webhooks.status', {})) as { value: WebhookStatus }).toMatchObject({
        value: { signatureKeyPresent: true, refusalReason: null },
      });
    });

    it('stores a signed event before answering 200, byte for byte', async () => {
      const event = squareEvent();
      const body = `${JSON.stringify(event, null, 2)}\n`; // Square's exact bytes, whatever their formatting
      const res = await postWebhook(port, body, { 'x-square-hmacsha256-signature': signSquare(URL_, body, KEY) });
      expect(res.status).toBe(200);
      const stored = rows();
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ event_id: event.event_id, type: 'payment.created', state: 'pending', source: 'webhook' });
      expect(stored[0]!.raw_body).toBe(body);
      expect(app.webhooks.status().counts.accepted).toBe(1);
    });

    it('keeps one row when the same event arrives 5 times at once', async () => {
      const event = squareEvent();
      const results = await Promise.all(Array.from({ length: 5 }, () => send(event)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(rows()).toHaveLength(1);
      expect(app.webhooks.status().counts).toMatchObject({ accepted: 1, duplicates: 4 });
    });

    it('refuses forged, oversized, malformed and mis-typed requests without storing or crashing', async () => {
      const event = squareEvent();
      const body = JSON.stringify(event);
      expect((await send(event, { key: 'wrong-key-0123456789' })).status).toBe(401);
      expect((await send(event, { url: `${URL_}/` })).status).toBe(401);
      expect((await postWebhook(port, body)).status).toBe(401); // no signature header
      const sha1Only = createHmac('sha1', KEY).update(URL_ + body).digest('base64');
      expect((await postWebhook(port, body, { 'x-square-signature': sha1Only })).status).toBe(401);
      const tampered = body.replace('COMPLETED', 'CANCELED');
      expect((await postWebhook(port, tampered, { 'x-square-hmacsha256-signature': signSquare(URL_, body, KEY) })).status).toBe(401);

      const big = Buffer.alloc(1.5 * 1024 * 1024, 0x20);
      expect((await postWebhook(port, big, { 'x-square-hmacsha256-signature': signSquare(URL_, big, KEY) })).status).toBe(413);
      expect((await send('{"event_id": "x", ')).status).toBe(400); // signed but not JSON
      expect((await send({ hello: 'world' })).status).toBe(400); // signed JSON, not a Square event
      expect((await send(event, { headers: { 'content-type': 'text/plain' } })).status).toBe(415);

      expect(rows()).toEqual([]);
      const counts = app.webhooks.status().counts;
      expect(counts.rejected).toBe(9);
      expect(counts.rejectedByReason).toMatchObject({ bad_signature: 5, too_large: 1, not_json: 1, malformed: 1, wrong_content_type: 1 });
      // Still serving.
      expect((await send(event)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/webhooks/health`)).status).toBe(200);
    });

    it('stores unknown event types as ignored, and other sellers’ sales as ignored with the reason', async () => {
      app.db.prepare(`INSERT INTO square_connections (merchant_id, environment, status, connected_at, updated_at)
        VALUES ('MERCHANT_1', 'sandbox', 'connected', 1, 1)`).run();
      app.bus.emit('square.changed', {}); // as the connection service does after connecting
      await send(squareEvent({ type: 'inventory.count.updated' }));
      await send(squareEvent({ merchant_id: 'SOMEONE_ELSE' }));
      await send(squareEvent({ type: 'refund.updated' }));
      await send(squareEvent({ type: 'order.updated' }));
      // Sales are queued for the pipeline (which may already be working on them); the rest is set aside.
      expect(rows().map((r) => [r.type, r.state === 'ignored' ? 'ignored' : 'queued'])).toEqual([
        ['inventory.count.updated', 'ignored'],
        ['payment.created', 'ignored'],
        ['refund.updated', 'queued'],
        ['order.updated', 'queued'],
      ]);
    });

    it('a signed sale of another seller, stored while no shop was connected, is set aside once one is: never invoiced', async () => {
      const sale = (merchant: string) => {
        const id = `PAY_${randomUUID().slice(0, 8)}`;
        const payment = {
          id, status: 'COMPLETED', location_id: 'LOC_1', created_at: '2026-11-25T10:00:00Z', updated_at: '2026-11-25T10:00:00Z',
          amount_money: { amount: 150_000, currency: 'NGN' }, total_money: { amount: 150_000, currency: 'NGN' }, source_type: 'CASH',
        };
        return squareEvent({ merchant_id: merchant, data: { type: 'payment', id, object: { payment } } });
      };
      // Nobody is connected: the receiver cannot tell whose sale this is, so both are stored, waiting.
      expect((await send(sale('MOTHERSHOP'))).status).toBe(200);
      expect((await send(sale('MERCHANT_1'))).status).toBe(200);
      expect(rows().map((r) => r.state)).toEqual(['pending', 'pending']);
      app.db.prepare(`INSERT INTO square_connections (merchant_id, environment, status, connected_at, updated_at)
        VALUES ('MERCHANT_1', 'sandbox', 'connected', 1, 1)`).run();
      app.bus.emit('square.changed', {});
      await expect.poll(() => rows().map((r) => r.state), { timeout: 15_000 }).toEqual(['ignored', 'done']);
      const reason = app.db.prepare('SELECT last_error FROM webhook_inbox ORDER BY id LIMIT 1').pluck().get() as string;
      expect(reason).toMatch(/another Square seller/);
      // The connected shop's own sale is invoiced (control); the other seller's is not, under any merchant.
      const invoices = app.db.prepare('SELECT merchant_id, source_payment_id FROM invoices').all() as { merchant_id: string; source_payment_id: string }[];
      expect(invoices.map((i) => i.merchant_id)).toEqual(['MERCHANT_1']);
    });

    it('a signed payment Square could never have sent in that shape is a dead letter at once, not ten retries', async () => {
      app.db.prepare(`INSERT INTO square_connections (merchant_id, environment, status, connected_at, updated_at)
        VALUES ('MERCHANT_1', 'sandbox', 'connected', 1, 1)`).run();
      app.bus.emit('square.changed', {});
      const id = `PAY_${randomUUID().slice(0, 8)}`;
      const bad = squareEvent({ data: { type: 'payment', id, object: { payment: { id, status: 'COMPLETED', amount_money: { amount: 'lots', currency: 'NGN' } } } } });
      expect((await send(bad)).status).toBe(200);
      await expect.poll(() => rows()[0]?.state, { timeout: 15_000 }).toBe('dead');
      const row = app.db.prepare('SELECT attempts, last_error FROM webhook_inbox').get() as { attempts: number; last_error: string };
      expect(row.attempts).toBe(1);
      expect(app.db.prepare('SELECT count(*) FROM invoices').pluck().get()).toBe(0);
    });

    it('applies oauth.authorization.revoked: tokens leave the keychain and the owner is asked to reconnect', async () => {
      app.db.prepare(`INSERT INTO square_connections (merchant_id, environment, status, connected_at, updated_at)
        VALUES ('MERCHANT_1', 'sandbox', 'connected', 1, 1)`).run();
      app.bus.emit('square.changed', {}); // as the connection service does after connecting
      await app.secrets.set(secretAccount.squareTokens('MERCHANT_1'), '{"accessToken":"x"}');
      const event = squareEvent({ type: 'oauth.authorization.revoked', data: { type: 'revocation', id: randomUUID(), object: {} } });
      expect((await send(event)).status).toBe(200);
      // The worker applies it (on its own schedule, its writes on the writer thread once that has started).
      await expect.poll(() => rows()[0]?.state, { timeout: 15_000 }).toBe('done');
      expect(await app.secrets.get(secretAccount.squareTokens('MERCHANT_1'))).toBeNull();
      expect(app.square.status().connection).toMatchObject({ status: 'reconnect_needed' });
    });
  });

  it('a revocation for another Square seller changes nothing here: this shop stays connected, its sign-in kept', async () => {
    // The shop connected before (MERCHANT_OLD, disconnected since) and the one connected now (MERCHANT_1).
    app.db.prepare(`INSERT INTO square_connections (merchant_id, environment, status, connected_at, updated_at)
      VALUES ('MERCHANT_OLD', 'sandbox', 'disconnected', 1, 1), ('MERCHANT_1', 'sandbox', 'connected', 2, 2)`).run();
    app.bus.emit('square.changed', {});
    await app.dispatch('webhooks.signatureKey.set', { signatureKey: KEY });
    await app.secrets.set(secretAccount.squareTokens('MERCHANT_1'), '{"accessToken":"x"}');
    const revoked = (merchant: string) =>
      squareEvent({ merchant_id: merchant, type: 'oauth.authorization.revoked', data: { type: 'revocation', id: randomUUID(), object: {} } });
    expect((await send(revoked('MERCHANT_OLD'))).status).toBe(200);
    expect((await send(revoked('SOMEONE_ELSE'))).status).toBe(200);
    await expect.poll(() => rows().map((r) => r.state)).toEqual(['ignored', 'ignored']);
    const reasons = app.db.prepare('SELECT last_error FROM webhook_inbox ORDER BY id').pluck().all() as string[];
    for (const reason of reasons) expect(reason).toMatch(/^Access revoked for another Square seller \(\w+\), not the connected shop \(MERCHANT_1\); nothing changed\.$/);
    expect(app.square.status().connection).toMatchObject({ merchantId: 'MERCHANT_1', status: 'connected' });
    expect(app.square.isConnected()).toBe(true);
    expect(await app.secrets.get(secretAccount.squareTokens('MERCHANT_1'))).toBe('{"accessToken":"x"}');
  });

  it('rejects a short signature key naming the field', async () => {
    const r = await app.dispatch('webhooks.signatureKey.set', { signatureKey: 'short' });
    expect(r).toMatchObject({ ok: false, error: { field: 'signatureKey' } });
  });
});

describe('webhook receiver: refusals and revocations that need their own app', () => {
  let app: ReturnType<typeof createTempApp> | undefined;
  afterEach(async () => {
    await app?.dispose();
    app = undefined;
  });

  it('counts a request refused for want of a notification URL as that, not as a missing key', async () => {
    // A fresh install: the owner has not chosen how events arrive, so no URL is in use; a key is saved all the same.
    app = createTempApp('headless');
    await app.start();
    expect((await app.dispatch('webhooks.signatureKey.set', { signatureKey: KEY })).ok).toBe(true);
    const body = JSON.stringify(squareEvent());
    const res = await postWebhook(app.webhooks.receiverPort!, body, { 'x-square-hmacsha256-signature': signSquare(URL_, body, KEY) });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error).toMatch(/no notification URL/);
    const counts = app.webhooks.status().counts;
    expect(counts.rejectedByReason).toEqual({ no_notification_url: 1 });
    expect(counts.lastRejection?.reason).toBe('no_notification_url');
    expect(app.db.prepare('SELECT count(*) FROM webhook_inbox').pluck().get()).toBe(0);
  });

  it('a revocation that fails to apply is never marked done unapplied: it is tried again until it applies', async () => {
    app = createTempApp('headless', { webhooks: { publicUrl: URL_ }, pipeline: { retryBaseMs: 100, pollMs: 50 } });
    await app.start();
    expect((await app.dispatch('webhooks.signatureKey.set', { signatureKey: KEY })).ok).toBe(true);
    app.db.prepare(`INSERT INTO square_connections (merchant_id, environment, status, connected_at, updated_at)
      VALUES ('MERCHANT_1', 'sandbox', 'connected', 1, 1)`).run();
    app.bus.emit('square.changed', {});
    // A real database failure while marking the connection (as a full disk would give), not a stand-in.
    app.db.exec(`CREATE TRIGGER refuse_status BEFORE UPDATE OF status ON square_connections
      BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const event = squareEvent({ type: 'oauth.authorization.revoked', data: { type: 'revocation', id: randomUUID(), object: {} } });
    const body = JSON.stringify(event);
    expect((await postWebhook(app.webhooks.receiverPort!, body, { 'x-square-hmacsha256-signature': signSquare(URL_, body, KEY) })).status).toBe(200);
    const row = () => app!.db.prepare('SELECT state, attempts, last_error FROM webhook_inbox').get() as { state: string; attempts: number; last_error: string };
    // The receiver's own try failed, then the pipeline worker's tries: each counted, none marked done.
    await expect.poll(() => row().attempts, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    expect(row().state).toBe('pending');
    expect(row().last_error).toMatch(/disk is full/);
    expect(app.square.status().connection).toMatchObject({ status: 'connected' });

    // Once it can be applied, it is: the owner is asked to reconnect, and only then is the event done.
    app.db.exec('DROP TRIGGER refuse_status');
    await expect.poll(() => row().state, { timeout: 15_000 }).toBe('done');
    expect(app.square.status().connection).toMatchObject({ status: 'reconnect_needed' });
  });
});
