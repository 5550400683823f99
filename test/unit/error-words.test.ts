// Errors in words (issue 16): every error the API gives the UI is a sentence for the owner with the next step; the
// channel, input path and Square's code travel in `detail` (and each field's problem in `fieldErrors`), over HTTP and
// over the Electron bridge alike. The host is real (HTTP on 127.0.0.1), Square is the fake speaking its protocol.
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/contract';
import { ApiCallError, CHANNELS } from '../../shared/contract';
import type { AppInfo } from '../../shared/domain';
import type { WebhookStatus } from '../../shared/webhooks';
import { startHost, type RunningHost } from '../../main/host/server';
import { createTaxpoyntApi } from '../../preload/api';
import { startFakeSquare, type FakeSquare } from '../fakes/fake-square';
import { connectDirect, type Shop } from '../support/pipeline-harness';
import { expectOwnerError, expectOwnerWords } from '../support/owner-words';
import { createTempApp, tempDir } from '../support/temp-app';

const TOKEN = 'error-words-token-0123456789-abcdefghijklmnop';

function post(port: number, channel: string, body: unknown): Promise<{ status: number; json: { error?: ApiErrorBody } & Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: `/api/${channel}`, method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
      },
    );
    req.on('error', reject);
    req.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
}

async function refused(port: number, channel: string, body: unknown): Promise<ApiErrorBody & { status: number }> {
  const { status, json } = await post(port, channel, body);
  expect(json.error, `${channel} ${JSON.stringify(body)} should fail`).toBeDefined();
  return { ...json.error!, status };
}

describe('API errors over the real HTTP host', () => {
  let app: ReturnType<typeof createTempApp>;
  let host: RunningHost;

  beforeAll(async () => {
    app = createTempApp('headless');
    await app.start();
    host = await startHost(app, { port: 0, token: TOKEN, rendererDir: tempDir() });
  });
  afterAll(async () => {
    await host?.close();
    await app?.dispose();
  });

  it('words each invalid input for the owner and keeps the channel and path in the detail', async () => {
    const cases: [string, unknown, string, RegExp][] = [
      ['invoices.list', { from: '20-11-2026' }, 'from', /the start date/],
      ['invoices.list', { from: '2026-11-21', to: '2026-11-20' }, 'from', /start date must not be after the end date/],
      ['invoices.list', { page: 0 }, 'page', /page number/],
      ['invoices.list', { pageSize: 'ten' }, 'pageSize', /page size/],
      ['invoices.get', {}, 'id', /document is missing/],
      ['settings.set', { businessTin: '123' }, 'businessTin', /“Business TIN”.*12345678-0001/],
      ['settings.set', { webhookPublicUrl: 'http://example.com' }, 'webhookPublicUrl', /“Public webhook URL”.*https/],
      ['settings.set', { apiSecret: 'x' }, 'apiSecret', /does not know/],
      ['square.personalToken.set', { token: 'short' }, 'token', /paste the whole token/],
      ['webhooks.signatureKey.set', { signatureKey: 'has a space in it' }, 'signatureKey', /no spaces/],
      ['stats.get', '"not an object"', '(input)', /does not understand|does not know/],
    ];
    for (const [channel, input, field, words] of cases) {
      const error = await refused(host.port, channel, input);
      const where = `${channel} ${JSON.stringify(input)}`;
      expect(error.status, where).toBe(400);
      expect(error.code, where).toBe('invalid_input');
      expect(error.field, where).toBe(field);
      expect(error.message, where).toMatch(words);
      expectOwnerError(error, where);
      // The technical detail is there for whoever helps: the channel and the path.
      expect(error.detail, where).toContain(channel);
      if (field !== '(input)') expect(error.detail, where).toContain(field);
    }
  });

  it('every channel answers malformed input in words (an unknown key, a body that is not an object)', async () => {
    for (const channel of CHANNELS) {
      for (const body of [{ notAField: 1 }, '"not an object"']) {
        const error = await refused(host.port, channel, body);
        expect(error.code, channel).toBe('invalid_input');
        expectOwnerError(error, `${channel} ${JSON.stringify(body)}`);
        expect(error.detail, channel).toContain(channel);
      }
    }
  });

  it('lists every invalid field, each with its own sentence', async () => {
    const error = await refused(host.port, 'settings.set', { businessTin: '1', serviceId: 'abc', businessEmail: 'not-mail' });
    expect(error.fieldErrors?.map((f) => f.field).sort()).toEqual(['businessEmail', 'businessTin', 'serviceId']);
    expect(error.message).toBe('Check 3 fields: “Business TIN”, “Business email” and “Service ID”. Fix each as it says, then try again.');
    expect(error.fieldErrors?.find((f) => f.field === 'serviceId')?.message).toBe('Service ID must be exactly 8 letters or digits');
    expectOwnerError(error, 'three bad settings');
  });

  it('refuses settings the NRS lists reject at every field, and nothing is saved', async () => {
    const error = await refused(host.port, 'settings.set', { invoiceTypeCode: '999', creditNoteTypeCode: '998', businessName: 'Ada Stores' });
    expect(error.code).toBe('invalid_input');
    expect(error.fieldErrors?.map((f) => f.field)).toEqual(['invoiceTypeCode', 'creditNoteTypeCode']);
    expect(error.message).toMatch(/^Nothing was saved: 2 fields need fixing/);
    expectOwnerError(error, 'type codes');
    const { json } = await post(host.port, 'settings.get', {});
    expect(json.businessName).toBe('');
    expect(json.invoiceTypeCode).toBe('381');
  });

  it('answers an unknown channel in words, the channel only in the detail', async () => {
    const error = await refused(host.port, 'invoices.delete_all', {});
    expect(error.status).toBe(404);
    expect(error.code).toBe('not_found');
    expectOwnerWords(error.message, 'unknown channel');
    expect(error.detail).toBe('Unknown channel "invoices.delete_all"');
  });

  it('a Square call without a connection says to connect, not which channel failed', async () => {
    const error = await refused(host.port, 'square.locations.refresh', {});
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('Square is not connected. Press Connect first.');
    expectOwnerWords(error.message, 'locations without connection');
  });

  it('a body that is not JSON is refused in words', async () => {
    const error = await refused(host.port, 'settings.get', '{not json');
    expect(error.status).toBe(400);
    expectOwnerWords(error.message, 'not JSON');
    expect(error.detail).toContain('not valid JSON');
  });
});

describe('Square failures in words', () => {
  let fake: FakeSquare;
  let shop: Shop;
  let app: ReturnType<typeof createTempApp> | undefined;
  let host: RunningHost | undefined;

  beforeAll(async () => {
    fake = await startFakeSquare();
    const merchant = fake.addMerchant({ business_name: 'Ada Stores', country: 'NG', currency: 'NGN' });
    const location = fake.addLocation({ merchant_id: merchant.id, name: 'Lagos', currency: 'NGN', country: 'NG' });
    fake.setLogin({ merchantId: merchant.id });
    shop = { fake, merchantId: merchant.id, locationId: location.id };
  });
  afterEach(async () => {
    await host?.close();
    await app?.dispose();
    host = undefined;
    app = undefined;
  });
  afterAll(() => fake?.close());

  async function connectedHost() {
    app = createTempApp('headless', { square: { baseUrl: fake.url, applicationId: 'sq0idp-fake-app', maxRetries: 0 } });
    await app.start();
    await connectDirect(app, shop);
    host = await startHost(app, { port: 0, token: TOKEN, rendererDir: tempDir() });
    return host;
  }

  it('Square failing: a sentence with the next step, Square\'s code behind Details', async () => {
    const { port } = await connectedHost();
    const fault = fake.injectFault({ route: '/v2/locations', status: 500, times: Infinity });
    const error = await refused(port, 'square.locations.refresh', {});
    fault.cancel();
    expect(error.status).toBe(503);
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe('Square had a problem of its own while refreshing your locations. Try again in a few minutes.');
    expectOwnerWords(error.message, 'Square 500');
    expect(error.detail).toMatch(/INTERNAL_SERVER_ERROR/);
  });

  it('a refused refresh token: reconnect in words, no "(UNAUTHORIZED: …)" in the message or the stored reason', async () => {
    const { port } = await connectedHost();
    // Square forgets the app: both the access token and the refresh token stop working.
    fake.revokeMerchant(shop.merchantId);
    const error = await refused(port, 'square.locations.refresh', {});
    expect(error.code).toBe('conflict');
    expectOwnerWords(error.message, 'revoked');
    const { json } = await post(port, 'square.status', {});
    const reason = (json as { connection: { statusReason: string } }).connection.statusReason;
    expectOwnerWords(reason, 'stored reason');
  });

  it('a personal access token Square refuses: words at the token field, Square\'s code in the detail', async () => {
    const { port } = await connectedHost();
    const error = await refused(port, 'square.personalToken.set', { token: 'EAAA-not-a-token-at-all' });
    expect(error.field).toBe('token');
    expect(error.message).toMatch(/^Square refused this personal access token, so it was not saved\./);
    expectOwnerWords(error.message, 'bad personal token');
    expect(error.detail).toMatch(/UNAUTHORIZED|401/);
  });
});

describe('the Electron bridge carries the same error parts', () => {
  let app: ReturnType<typeof createTempApp>;
  beforeAll(async () => {
    app = createTempApp('electron');
    await app.start();
  });
  afterAll(() => app?.dispose());

  it('detail and every field error reach the page', async () => {
    const bridge = createTaxpoyntApi((channel, input) => app.dispatch(channel, input), () => () => undefined);
    const err = await bridge['settings.set']({ businessTin: '1', serviceId: 'abc' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const plain = err as ApiErrorBody;
    expect(plain.code).toBe('invalid_input');
    expect(plain.fieldErrors?.map((f) => f.field)).toEqual(['businessTin', 'serviceId']);
    expect(plain.detail).toContain('settings.set');
    // What the renderer builds from it (renderer/src/api.ts) keeps them too.
    const rebuilt = new ApiCallError(plain);
    expect(rebuilt.detail).toBe(plain.detail);
    expect(rebuilt.fieldErrors).toEqual(plain.fieldErrors);
    expectOwnerError(plain, 'bridge');
  });
});

describe('settings decided by the environment, and the webhook mode', () => {
  let app: ReturnType<typeof createTempApp> | undefined;
  afterEach(async () => {
    await app?.dispose();
    app = undefined;
  });

  it('app.info names each environment-decided setting with its variable; settings.set refuses to change them', async () => {
    app = createTempApp('headless', {
      square: { applicationId: 'sq0idp-from-env', environment: 'production' },
      webhooks: { publicUrl: 'https://pos.example.com/hook' },
    });
    await app.start();
    const info = (await app.dispatch('app.info', {})) as { ok: true; value: AppInfo };
    expect(info.value.settingsFromEnvironment).toEqual([
      { key: 'squareApplicationId', variable: 'SQUARE_APPLICATION_ID', value: 'sq0idp-from-env' },
      { key: 'squareEnvironment', variable: 'SQUARE_ENVIRONMENT', value: 'production' },
      { key: 'webhookMode', variable: 'TAXPOYNT_WEBHOOK_URL', value: 'public_url' },
      { key: 'webhookPublicUrl', variable: 'TAXPOYNT_WEBHOOK_URL', value: 'https://pos.example.com/hook' },
    ]);
    const result = await app.dispatch('settings.set', { squareApplicationId: 'sq0idp-other' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.field).toBe('squareApplicationId');
    expect(result.error.fieldErrors?.[0]?.message).toMatch(/SQUARE_APPLICATION_ID decides this/);
    expectOwnerWords(result.error.message, 'env-decided');
  });

  it('the mode is a choice: own URL needs the address, off is not a refusal, and a saved token is not asked for again', async () => {
    const fake = await startFakeSquare();
    try {
      const merchant = fake.addMerchant({ business_name: 'Ada Stores', country: 'NG', currency: 'NGN' });
      fake.addPersonalAccessToken('EAAA-words-personal-token', merchant.id, 'sq0idp-fake-app');
      app = createTempApp('headless', { square: { baseUrl: fake.url, applicationId: 'sq0idp-fake-app', maxRetries: 0 }, webhooks: { tunnelEnabled: true } });
      await app.start();
      const status = async () => ((await app!.dispatch('webhooks.status', {})) as { ok: true; value: WebhookStatus }).value;

      const noUrl = await app.dispatch('settings.set', { webhookMode: 'public_url' });
      expect(noUrl.ok).toBe(false);
      if (!noUrl.ok) {
        expect(noUrl.error.field).toBe('webhookPublicUrl');
        expectOwnerWords(noUrl.error.message, 'public_url without URL');
      }

      expect((await app.dispatch('settings.set', { webhookMode: 'off' })).ok).toBe(true);
      const off = await status();
      expect(off.mode).toBe('off');
      expect(off.refusalReason).toBeNull();
      expect(off.subscription.mode).toBe('manual');

      expect((await app.dispatch('square.personalToken.set', { token: 'EAAA-words-personal-token' })).ok).toBe(true);
      const withToken = await status();
      expect(withToken.subscription.mode).toBe('automatic');

      // Entering an address uses it (as before the mode was a choice); emptying it goes to catch-up only, never to
      // the public relay, which only the owner turns on.
      expect((await app.dispatch('settings.set', { webhookPublicUrl: 'https://pos.example.com/hook' })).ok).toBe(true);
      expect((await status()).mode).toBe('public_url');
      expect((await app.dispatch('settings.set', { webhookPublicUrl: '' })).ok).toBe(true);
      expect(await status()).toMatchObject({ mode: 'off', modeChosen: true, tunnel: null });
    } finally {
      await app?.dispose();
      app = undefined;
      await fake.close();
    }
  });
});
