import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelOutput } from '../../shared/contract';
import { startFakeSquare, type FakeSquare } from '../fakes/fake-square/index';
import { COMPLETE_PROFILE } from '../support/export-harness';
import { createServer } from 'node:net';
import { exitOf, readyUrl, startServe } from '../support/serve-child';
import { tempDir } from '../support/temp-app';

// Issue 17, secrets audit: after a full flow on the real headless host — Square OAuth (PKCE) connect, a personal access
// token, webhook signature keys (the owner's and the one Square's subscription brings), signed webhooks, a token
// refresh, catch-up sync, approval, export as NRS JSON and CSV — no token, code verifier, signature key or personal
// access token appears, in any encoding we can think of, in any byte of the data folder (database, WAL, SHM, exports,
// anything else) or of everything the host logged at its most verbose level. The search is shown to work on values
// that must be there (the merchant and location ids), so a broken search cannot pass.

const APP_ID = 'sq0idp-secrets-audit-app';
const PUBLIC_URL = 'https://audit-shop.example.com';
const API_TOKEN = `audit-api-${randomBytes(24).toString('base64url')}`;
// Recognisable and unique to this run, so a hit can only be a leak.
const PERSONAL = `EAAApersonal${randomBytes(30).toString('base64url')}`;
const OWNER_KEY = `owner-signature-key-${randomBytes(18).toString('base64url')}`;
const KEYCHAIN_SERVICE = `TaxPoynt POS Desk secrets audit ${process.pid}`;

/** The forms a secret could take on disk or in a log: as is, base64 / base64url of its bytes, hex, JSON-escaped. */
function encodings(secret: string): Buffer[] {
  const raw = Buffer.from(secret, 'utf8');
  const forms = new Set([secret, raw.toString('base64'), raw.toString('base64url'), raw.toString('hex'), JSON.stringify(secret).slice(1, -1)]);
  // A long secret could also be cut by a log line's width: its first 24 characters are enough to count as a leak.
  if (secret.length > 32) forms.add(secret.slice(0, 24));
  return [...forms].map((f) => Buffer.from(f, 'utf8')).concat(Buffer.from(secret, 'utf16le'));
}

/** Every file under `dir`, recursively, with its bytes. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push({ path: p, bytes: readFileSync(p) });
  }
  return out;
}

/** Where any encoding of any secret occurs: `<where>: <secret name> as <form>`. */
function leaks(haystacks: { path: string; bytes: Buffer }[], secrets: Map<string, string>): string[] {
  const found: string[] = [];
  for (const { path, bytes } of haystacks) {
    for (const [name, secret] of secrets) {
      for (const form of encodings(secret)) if (bytes.indexOf(form) !== -1) found.push(`${path}: ${name} as "${form.toString('utf8').slice(0, 12)}…"`);
    }
  }
  return found;
}

/**
 * A free port below the kernel's ephemeral range: the host's own listeners (API, receiver) take port 0 from that
 * range, and one of them could otherwise get the port registered for the sign-in's return between check and use.
 */
async function portOutsideEphemeralRange(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

describe('secrets audit after a full flow', () => {
  let fake: FakeSquare;
  let dataDir: string;
  let child: ReturnType<typeof startServe>;
  let exited: ReturnType<typeof exitOf>;
  let origin: string;
  /** Everything the host wrote: stdout (its one ready line) and stderr (the log), kept apart. */
  let out = '';
  let log = '';
  let merchantId: string;
  let locationId: string;
  const whileRunning: { path: string; bytes: Buffer }[] = [];

  const call = async <C extends Channel>(channel: C, input: object = {}): Promise<ChannelOutput<C>> => {
    const res = await fetch(`${origin}/api/${channel}`, {
      method: 'POST', headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(input),
    });
    if (!res.ok) throw new Error(`${channel} answered HTTP ${res.status}: ${await res.text()}`);
    return (await res.json()) as ChannelOutput<C>;
  };
  /** ObtainToken calls only (not /oauth2/token/status), with their form or JSON bodies. */
  const tokenCalls = () => fake.calls.filter((c) => c.path === '/oauth2/token' && c.method === 'POST');
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs / 1000} s\n${log.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    const callbackPort = await portOutsideEphemeralRange();
    fake = await startFakeSquare({ apps: [{ clientId: APP_ID, redirectUri: `http://127.0.0.1:${callbackPort}/oauth/callback` }] });
    merchantId = fake.addMerchant({ business_name: 'Ada Stores', country: 'NG', currency: 'NGN' }).id;
    locationId = fake.addLocation({ name: 'Ada Stores – Lagos', currency: 'NGN', country: 'NG', timezone: 'Africa/Lagos' }).id;
    fake.addPersonalAccessToken(PERSONAL, merchantId);
    dataDir = tempDir('tp-audit-');
    child = startServe({
      TAXPOYNT_DATA_DIR: dataDir, TAXPOYNT_API_PORT: '0', TAXPOYNT_API_TOKEN: API_TOKEN,
      // The most verbose level: whatever any line could carry, it carries here.
      TAXPOYNT_LOG_LEVEL: 'trace', TAXPOYNT_KEYCHAIN_SERVICE: KEYCHAIN_SERVICE, TAXPOYNT_SECRET_STORE: 'keychain',
      SQUARE_BASE_URL: fake.url, SQUARE_APPLICATION_ID: APP_ID, SQUARE_REDIRECT_PORT: String(callbackPort),
      TAXPOYNT_WEBHOOK_URL: PUBLIC_URL, TUNNEL: 'off', TAXPOYNT_PIPELINE_RETRY_BASE_MS: '50',
    });
    child.stdout!.on('data', (c: Buffer) => (out += c.toString('latin1')));
    child.stderr!.on('data', (c: Buffer) => (log += c.toString('latin1')));
    exited = exitOf(child);
    origin = (await readyUrl(child)).origin;
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await fake?.close();
    // The keychain entries of this run (the host kept them; the audit is over).
    const keytar = createRequire(import.meta.url)('keytar') as { findCredentials(s: string): Promise<{ account: string }[]>; deletePassword(s: string, a: string): Promise<boolean> };
    for (const c of await keytar.findCredentials(KEYCHAIN_SERVICE).catch(() => [])) await keytar.deletePassword(KEYCHAIN_SERVICE, c.account);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves no secret in the data folder or the logs, in any encoding', async () => {
    // 1. Square OAuth with PKCE, driven as the browser would.
    const { authorizeUrl } = await call('square.connect');
    const permission = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(permission.status).toBe(302);
    expect((await fetch(permission.headers.get('location')!)).status).toBe(200);
    await until('connected', async () => (await call('square.status')).connection?.status === 'connected');
    await call('square.locations.select', { locationIds: [locationId] });

    // 2. The owner's own signature key, then the personal access token (which makes Square's subscription, with its key).
    await call('webhooks.signatureKey.set', { signatureKey: OWNER_KEY });
    await call('square.personalToken.set', { token: PERSONAL });
    await until('the subscription was made', async () => (await call('webhooks.status')).subscription.state === 'ok');
    const subscriptionKeys = fake.subscriptions(APP_ID).map((s) => s.signature_key);
    expect(subscriptionKeys.length).toBe(1);
    const receiverPort = (await call('webhooks.status')).receiverPort!;
    fake.forwardWebhooks(PUBLIC_URL, `http://127.0.0.1:${receiverPort}`);

    // 3. Sales and a refund by signed webhook, a token refresh on the way, then catch-up sync.
    const sale = (name: string, amount: number) => fake.addSale({ locationId, lines: [{ name, unitPrice: amount }], taxes: [{ name: 'VAT', percentage: '7.5' }] });
    const first = sale('Jollof rice', 250_000);
    for (const d of await fake.emitWebhook('payment.created', first.payment.id)) expect(d.status).toBe(200);
    await until('the first invoice', async () => (await call('invoices.list', {})).total === 1);
    const bearer = fake.calls.map((c) => c.token).filter((t): t is string => !!t && t !== PERSONAL);
    fake.expireAccessToken(bearer.at(-1)!);
    const second = sale('Suya', 180_000);
    for (const d of await fake.emitWebhook('payment.created', second.payment.id)) expect(d.status).toBe(200);
    const refund = fake.addRefund({ paymentId: first.payment.id, amount: 50_000, reason: 'Returned', status: 'COMPLETED' });
    for (const d of await fake.emitWebhook('refund.created', refund.id)) expect(d.status).toBe(200);
    await until('three documents', async () => (await call('invoices.list', {})).total === 3);
    expect(tokenCalls().filter((c) => (c.body as { grant_type?: string }).grant_type === 'refresh_token').length).toBeGreaterThanOrEqual(1);
    expect((await call('square.status')).connection?.status).toBe('connected');
    await call('sync.run');
    await until('the sync finished', async () => { const s = await call('sync.status'); return !s.running && s.lastRunAt !== null; });

    // 4. The business profile, approval, and both exports: the second sale as a spreadsheet (CSV), the first sale with
    // its credit note for TaxPoynt (NRS JSON; a credit note goes with or after its original).
    await call('settings.set', COMPLETE_PROFILE);
    const ids = await call('invoices.ids', {});
    expect((await call('invoices.approveMany', { ids })).approved).toBe(ids.length);
    const docs = await Promise.all(ids.map((id) => call('invoices.get', { id })));
    const credit = docs.find((d) => d.kind === 'credit_note')!;
    const jsonIds = [credit.originalInvoiceId!, credit.id];
    const csvIds = ids.filter((id) => !jsonIds.includes(id));
    expect(csvIds).toHaveLength(1);
    expect(await call('export.run', { ids: csvIds, format: 'csv' }), 'CSV export').toMatchObject({ ok: true });
    expect(await call('export.run', { ids: jsonIds, format: 'nrs-json' }), 'NRS JSON export').toMatchObject({ ok: true });

    // Every secret this run handled: what the keychain holds now, every bearer token Square saw, every code, verifier
    // and refresh token sent to Square's token endpoint, both signature keys, the personal token, the API token.
    const keytar = createRequire(import.meta.url)('keytar') as { findCredentials(s: string): Promise<{ account: string; password: string }[]> };
    const secrets = new Map<string, string>([['personal access token', PERSONAL], ['owner signature key', OWNER_KEY], ['API token', API_TOKEN]]);
    subscriptionKeys.forEach((k, i) => secrets.set(`subscription signature key ${i}`, k));
    for (const c of await keytar.findCredentials(KEYCHAIN_SERVICE)) {
      if (c.account.endsWith(':oauth')) {
        const t = JSON.parse(c.password) as { accessToken: string; refreshToken: string };
        secrets.set('stored access token', t.accessToken);
        secrets.set('stored refresh token', t.refreshToken);
      }
    }
    expect(secrets.has('stored refresh token'), 'the OAuth pair is in the keychain').toBe(true);
    new Set(fake.calls.map((c) => c.token).filter((t): t is string => !!t)).forEach((t) => secrets.set(`bearer …${t.slice(-4)}`, t));
    for (const c of tokenCalls()) {
      const b = c.body as Record<string, string | undefined>;
      for (const k of ['code', 'code_verifier', 'refresh_token'] as const) if (b[k]) secrets.set(`${k} …${b[k].slice(-4)}`, b[k]);
    }
    expect([...secrets.keys()].filter((k) => k.startsWith('bearer')).length, 'old and new access tokens and the personal token').toBeGreaterThanOrEqual(3);
    expect([...secrets.keys()].some((k) => k.startsWith('code_verifier')), 'the PKCE code verifier was collected').toBe(true);

    // The files while the host runs (the WAL and SHM exist only now), then after a clean stop.
    for (const f of filesUnder(dataDir)) whileRunning.push({ path: `running:${relative(dataDir, f.path)}`, bytes: f.bytes });
    expect(whileRunning.map((f) => f.path)).toEqual(expect.arrayContaining(['running:taxpoynt.sqlite', 'running:taxpoynt.sqlite-wal']));
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
    const afterStop = filesUnder(dataDir).map((f) => ({ path: `stopped:${relative(dataDir, f.path)}`, bytes: f.bytes }));
    const logs = [{ path: 'host log (stderr)', bytes: Buffer.from(log, 'latin1') }];
    // The API token is handed to the owner on purpose, once, in the ready line on stdout; the rest of stdout has no
    // secret either.
    expect(out.split(API_TOKEN)).toHaveLength(2);
    logs.push({ path: 'host stdout without its ready line', bytes: Buffer.from(out.replace(`#token=${API_TOKEN}`, '#token=…'), 'latin1') });

    // The search finds what must be there: it would find a leak too.
    const everything = [...whileRunning, ...afterStop];
    expect(leaks(everything, new Map([['merchant id', merchantId], ['location id', locationId]])).length).toBeGreaterThan(0);
    expect(leaks(logs, new Map([['merchant id', merchantId]])), 'the log was captured at trace level').not.toEqual([]);
    expect(log).toMatch(/"level":10|"level":20/);
    const planted = leaks([{ path: 'planted', bytes: Buffer.from(`x${Buffer.from(OWNER_KEY).toString('base64')}x`) }], secrets);
    expect(planted.length).toBeGreaterThan(0);
    expect(planted.every((p) => p.includes('owner signature key'))).toBe(true);
    for (const ext of ['.json', '.csv']) expect(everything.some((f) => f.path.includes('exports/') && f.path.endsWith(ext)), `an ${ext} export was searched`).toBe(true);
    expect(statSync(join(dataDir, 'taxpoynt.sqlite')).size).toBeGreaterThan(0);

    expect(leaks([...everything, ...logs], secrets)).toEqual([]);
    expect(existsSync(join(dataDir, 'secrets.json')), 'keychain mode keeps no secrets file').toBe(false);
  }, 120_000);
});
