import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SquareClient, SquareError, WebhooksHelper } from 'square';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSquare, type FakeSquare, type WireLocation, type WireMerchant } from '../fakes/fake-square';

// The fake Square server driven through the real square@46 SDK, exactly as the app will use it.

const APP_ID = 'sq0idp-test-app';
const REDIRECT = 'http://127.0.0.1:53123/oauth/callback';
const SCOPES = ['MERCHANT_PROFILE_READ', 'ORDERS_READ', 'PAYMENTS_READ', 'CUSTOMERS_READ', 'ITEMS_READ'];

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function squareError(p: Promise<unknown>): Promise<SquareError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SquareError) return e;
    throw e;
  }
  throw new Error('expected a SquareError');
}

let fake: FakeSquare;
let merchant: WireMerchant;
let usd: WireLocation;
let gbp: WireLocation;

const client = (token: string | (() => string), extra: { maxRetries?: number; timeoutInSeconds?: number } = {}): SquareClient =>
  new SquareClient({ token, baseUrl: fake.url, ...extra });

/** The unauthenticated client the app uses for ObtainToken. */
const anon = (): SquareClient => new SquareClient({ token: 'none', baseUrl: fake.url });

beforeEach(async () => {
  fake = await startFakeSquare({ apps: [{ clientId: APP_ID, redirectUri: REDIRECT }] });
  merchant = fake.addMerchant({ business_name: 'Ada Coffee', country: 'US', currency: 'USD' });
  usd = fake.addLocation({ name: 'Ada NYC' });
  gbp = fake.addLocation({ name: 'Ada London', currency: 'GBP', country: 'GB' });
});

afterEach(async () => {
  await fake.close();
});

async function connect(scopes = SCOPES): Promise<{ accessToken: string; refreshToken: string }> {
  const { verifier, challenge } = pkce();
  const redirect = await fake.authorize({ clientId: APP_ID, scope: scopes, state: 's1', codeChallenge: challenge });
  const res = await anon().oAuth.obtainToken({
    clientId: APP_ID,
    grantType: 'authorization_code',
    code: redirect.searchParams.get('code')!,
    codeVerifier: verifier,
  });
  return { accessToken: res.accessToken!, refreshToken: res.refreshToken! };
}

describe('OAuth (PKCE)', () => {
  it('authorize redirects with code and state; obtainToken exchanges it; token status reports it', async () => {
    const { verifier, challenge } = pkce();
    const redirect = await fake.authorize({ clientId: APP_ID, scope: SCOPES, state: 'st-123', codeChallenge: challenge });
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT);
    expect(redirect.searchParams.get('state')).toBe('st-123');
    const code = redirect.searchParams.get('code')!;
    expect(code).toMatch(/^sq0cgp-/);

    const res = await anon().oAuth.obtainToken({ clientId: APP_ID, grantType: 'authorization_code', code, codeVerifier: verifier });
    expect(res.tokenType).toBe('bearer');
    expect(res.merchantId).toBe(merchant.id);
    expect(res.shortLived).toBe(false);
    const now = fake.clock.now();
    expect(Date.parse(res.expiresAt!) - now).toBeGreaterThan(29.9 * 86400_000);
    expect(Date.parse(res.refreshTokenExpiresAt!) - now).toBeGreaterThan(89.9 * 86400_000);
    // No Authorization header on ObtainToken.
    expect(fake.callsTo('/oauth2/token', 'POST')[0]!.headers.authorization).toBeUndefined();
    expect(fake.callsTo('/oauth2/token')[0]!.body).toMatchObject({ client_id: APP_ID, code_verifier: verifier });

    const status = await client(res.accessToken!).oAuth.retrieveTokenStatus();
    expect(status.merchantId).toBe(merchant.id);
    expect(status.clientId).toBe(APP_ID);
    expect(status.scopes).toEqual(SCOPES);
    expect(status.expiresAt).toBe(res.expiresAt);
  });

  it('rejects a wrong code_verifier (the code stays usable), then accepts the right one', async () => {
    const { verifier, challenge } = pkce();
    const code = (await fake.authorize({ clientId: APP_ID, codeChallenge: challenge })).searchParams.get('code')!;
    const err = await squareError(
      anon().oAuth.obtainToken({ clientId: APP_ID, grantType: 'authorization_code', code, codeVerifier: pkce().verifier }),
    );
    expect(err.statusCode).toBe(400);
    expect(err.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'BAD_REQUEST', field: 'code_verifier' });
    const ok = await anon().oAuth.obtainToken({ clientId: APP_ID, grantType: 'authorization_code', code, codeVerifier: verifier });
    expect(ok.accessToken).toBeTruthy();
  });

  it('refuses a code used twice, and an expired code (5 minutes on the fake clock)', async () => {
    const a = pkce();
    const codeA = (await fake.authorize({ clientId: APP_ID, codeChallenge: a.challenge })).searchParams.get('code')!;
    await anon().oAuth.obtainToken({ clientId: APP_ID, grantType: 'authorization_code', code: codeA, codeVerifier: a.verifier });
    const reuse = await squareError(
      anon().oAuth.obtainToken({ clientId: APP_ID, grantType: 'authorization_code', code: codeA, codeVerifier: a.verifier }),
    );
    expect(reuse.statusCode).toBe(401);
    expect(reuse.errors[0]?.code).toBe('UNAUTHORIZED');

    const b = pkce();
    const codeB = (await fake.authorize({ clientId: APP_ID, codeChallenge: b.challenge })).searchParams.get('code')!;
    fake.clock.advance(5 * 60_000 + 1);
    const expired = await squareError(
      anon().oAuth.obtainToken({ clientId: APP_ID, grantType: 'authorization_code', code: codeB, codeVerifier: b.verifier }),
    );
    expect(expired.statusCode).toBe(401);
    expect(expired.errors[0]?.detail).toMatch(/expired/);
  });

  it('redirect_uri sent to authorize must be sent again to obtainToken', async () => {
    const { verifier, challenge } = pkce();
    const code = (await fake.authorize({ clientId: APP_ID, codeChallenge: challenge, redirectUri: REDIRECT })).searchParams.get('code')!;
    const missing = await squareError(
      anon().oAuth.obtainToken({ clientId: APP_ID, grantType: 'authorization_code', code, codeVerifier: verifier }),
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.errors[0]?.field).toBe('redirect_uri');
    const ok = await anon().oAuth.obtainToken({
      clientId: APP_ID,
      grantType: 'authorization_code',
      code,
      codeVerifier: verifier,
      redirectUri: REDIRECT,
    });
    expect(ok.merchantId).toBe(merchant.id);
  });

  it('denial, unknown client and unregistered redirect_uri', async () => {
    fake.setLogin({ decision: 'deny' });
    const denied = await fake.authorize({ clientId: APP_ID, state: 'st', codeChallenge: pkce().challenge });
    expect(Object.fromEntries(denied.searchParams)).toEqual({ error: 'access_denied', error_description: 'user_denied', state: 'st' });
    fake.setLogin({ decision: 'allow' });
    await expect(fake.authorize({ clientId: 'sq0idp-nope' })).rejects.toThrow(/HTTP 400.*Invalid client_id/s);
    await expect(fake.authorize({ clientId: APP_ID, redirectUri: 'http://127.0.0.1:1/evil' })).rejects.toThrow(/redirect_uri/);
    expect(fake.authorizeRequests).toHaveLength(3);
  });

  it('which merchant logs in is up to the test', async () => {
    const other = fake.addMerchant({ business_name: 'Other Ltd', country: 'GB', currency: 'GBP' });
    fake.setLogin({ merchantId: other.id });
    const { accessToken } = await connect();
    const me = await client(accessToken).merchants.get({ merchantId: 'me' });
    expect(me.merchant?.id).toBe(other.id);
  });

  it('refresh rotates the single-use refresh token; the old one is refused', async () => {
    const first = await connect();
    const r1 = await anon().oAuth.obtainToken({ clientId: APP_ID, grantType: 'refresh_token', refreshToken: first.refreshToken });
    expect(r1.refreshToken).not.toBe(first.refreshToken);
    expect(r1.accessToken).not.toBe(first.accessToken);
    const again = await squareError(
      anon().oAuth.obtainToken({ clientId: APP_ID, grantType: 'refresh_token', refreshToken: first.refreshToken }),
    );
    expect(again.statusCode).toBe(401);
    expect(again.errors[0]?.code).toBe('UNAUTHORIZED');
    const r2 = await anon().oAuth.obtainToken({ clientId: APP_ID, grantType: 'refresh_token', refreshToken: r1.refreshToken! });
    expect((await client(r2.accessToken!).locations.list()).locations).toHaveLength(2);
    // A refresh token is not a bearer credential.
    const asBearer = await squareError(client(r2.refreshToken!).locations.list());
    expect(asBearer.statusCode).toBe(401);
  });

  it('a token function lets the app swap tokens after a refresh', async () => {
    const first = await connect();
    let current = first.accessToken;
    const sq = client(() => current);
    await sq.locations.list();
    fake.clock.advance(31 * 86400_000); // access token expired, refresh token (90 days) still good
    expect((await squareError(sq.locations.list())).errors[0]?.code).toBe('ACCESS_TOKEN_EXPIRED');
    const r = await anon().oAuth.obtainToken({ clientId: APP_ID, grantType: 'refresh_token', refreshToken: first.refreshToken });
    current = r.accessToken!;
    expect((await sq.locations.list()).locations).toHaveLength(2);
    expect(fake.callsTo('/v2/locations').map((c) => c.token)).toEqual([first.accessToken, first.accessToken, current]);
  });
});

describe('bearer auth', () => {
  it('expired → 401 ACCESS_TOKEN_EXPIRED, revoked → ACCESS_TOKEN_REVOKED, unknown → UNAUTHORIZED', async () => {
    const { accessToken, refreshToken } = await connect();
    fake.expireAccessToken(accessToken);
    const expired = await squareError(client(accessToken).locations.list());
    expect(expired.statusCode).toBe(401);
    expect(expired.errors[0]).toMatchObject({ category: 'AUTHENTICATION_ERROR', code: 'ACCESS_TOKEN_EXPIRED' });
    expect((await squareError(client(accessToken).oAuth.retrieveTokenStatus())).statusCode).toBe(401);

    const fresh = await anon().oAuth.obtainToken({ clientId: APP_ID, grantType: 'refresh_token', refreshToken });
    fake.revokeMerchant(merchant.id);
    const revoked = await squareError(client(fresh.accessToken!).merchants.get({ merchantId: 'me' }));
    expect(revoked.statusCode).toBe(401);
    expect(revoked.errors[0]?.code).toBe('ACCESS_TOKEN_REVOKED');
    const refreshRevoked = await squareError(
      anon().oAuth.obtainToken({ clientId: APP_ID, grantType: 'refresh_token', refreshToken: fresh.refreshToken! }),
    );
    expect(refreshRevoked.statusCode).toBe(401);

    const unknown = await squareError(client('EAAAnot-a-token').locations.list());
    expect(unknown.statusCode).toBe(401);
    expect(unknown.errors[0]?.code).toBe('UNAUTHORIZED');
  });

  it('enforces scopes: 403 INSUFFICIENT_SCOPES', async () => {
    const { accessToken } = await connect(['ORDERS_READ']);
    const err = await squareError(client(accessToken).merchants.get({ merchantId: 'me' }));
    expect(err.statusCode).toBe(403);
    expect(err.errors[0]?.code).toBe('INSUFFICIENT_SCOPES');
  });

  it('personal access tokens work like access tokens; calls record a redacted header', async () => {
    fake.addPersonalAccessToken('EAAApersonal-token-1234', merchant.id);
    await client('EAAApersonal-token-1234').locations.list();
    const call = fake.callsTo('/v2/locations')[0]!;
    expect(call.headers.authorization).toBe('Bearer …1234');
    expect(call.token).toBe('EAAApersonal-token-1234');
    expect(call.status).toBe(200);
    expect(call.headers['square-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('merchant, locations', () => {
  it('merchants.get("me"), merchants.get(id), locations.list/get', async () => {
    const { accessToken } = await connect();
    const sq = client(accessToken);
    const me = await sq.merchants.get({ merchantId: 'me' });
    expect(me.merchant).toMatchObject({ id: merchant.id, businessName: 'Ada Coffee', country: 'US', currency: 'USD', mainLocationId: usd.id });
    expect((await sq.merchants.get({ merchantId: merchant.id })).merchant?.id).toBe(merchant.id);
    expect((await squareError(sq.merchants.get({ merchantId: 'MLsomeoneelse' }))).statusCode).toBe(404);
    const list = await sq.locations.list();
    expect(list.locations?.map((l) => [l.id, l.currency, l.country, l.merchantId])).toEqual([
      [usd.id, 'USD', 'US', merchant.id],
      [gbp.id, 'GBP', 'GB', merchant.id],
    ]);
    expect((await sq.locations.get({ locationId: gbp.id })).location?.timezone).toBe('Europe/London');
    expect((await sq.locations.get({ locationId: 'main' })).location?.id).toBe(usd.id);
  });
});

describe('orders', () => {
  it('get / batchGet with realistic money (bigint in the SDK)', async () => {
    const { order, payment } = fake.addSale({
      locationId: usd.id,
      lines: [{ name: 'Latte', unitPrice: 450, quantity: 2 }, { name: 'Bagel', unitPrice: 300 }],
      taxes: [{ name: 'Tax', percentage: '10' }],
      tip: 50,
    });
    const { accessToken } = await connect();
    const sq = client(accessToken);
    const got = (await sq.orders.get({ orderId: order.id })).order!;
    expect(got.version).toBe(1);
    expect(got.state).toBe('COMPLETED');
    expect(got.lineItems?.[0]?.grossSalesMoney).toEqual({ amount: 900n, currency: 'USD' });
    expect(got.totalTaxMoney?.amount).toBe(120n);
    expect(got.totalTipMoney?.amount).toBe(50n);
    expect(got.totalMoney?.amount).toBe(1370n);
    expect(got.tenders?.[0]?.paymentId).toBe(payment.id);
    const pay = (await sq.payments.get({ paymentId: payment.id })).payment!;
    expect(pay.orderId).toBe(order.id);
    expect(pay.amountMoney?.amount).toBe(1320n);
    expect(pay.totalMoney?.amount).toBe(1370n);

    const batch = await sq.orders.batchGet({ orderIds: [order.id, 'missing-order'] });
    expect(batch.orders?.map((o) => o.id)).toEqual([order.id]);
    expect((await sq.orders.batchGet({ orderIds: ['missing-order'] })).orders).toBeUndefined();
    const notFound = await squareError(sq.orders.get({ orderId: 'missing-order' }));
    expect(notFound.statusCode).toBe(404);
    expect(notFound.errors[0]?.code).toBe('NOT_FOUND');

    // putOrder bumps version and updated_at.
    fake.clock.advance(60_000);
    const updated = fake.putOrder({ ...fake.getOrder(order.id)!, state: 'CANCELED' });
    expect(updated.version).toBe(2);
    expect(Date.parse(updated.updated_at!)).toBeGreaterThan(Date.parse(order.updated_at!));
    expect((await sq.orders.get({ orderId: order.id })).order?.version).toBe(2);
  });

  it('search: updated_at window, sort, cursor paging across locations, validation', async () => {
    const start = fake.clock.iso();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      fake.clock.advance(1000);
      ids.push(fake.addSale({ locationId: i % 2 ? gbp.id : usd.id, lines: [{ name: `Item ${i}`, unitPrice: 100 + i }] }).order.id);
    }
    fake.clock.advance(1000);
    const end = fake.clock.iso();
    fake.clock.advance(1000);
    fake.addSale({ locationId: usd.id, lines: [{ name: 'Late', unitPrice: 1 }] }); // outside the window

    const { accessToken } = await connect();
    const sq = client(accessToken);
    const query = {
      filter: { dateTimeFilter: { updatedAt: { startAt: start, endAt: end } } },
      sort: { sortField: 'UPDATED_AT' as const, sortOrder: 'ASC' as const },
    };
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await sq.orders.search({ locationIds: [usd.id, gbp.id], query, limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...(page.orders ?? []).map((o) => o.id!));
      cursor = page.cursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
    const sent = fake.callsTo('/v2/orders/search')[0]!.body as Record<string, unknown>;
    expect(sent).toMatchObject({
      location_ids: [usd.id, gbp.id],
      limit: 3,
      query: { filter: { date_time_filter: { updated_at: { start_at: start, end_at: end } } }, sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' } },
    });

    const entries = await sq.orders.search({ locationIds: [usd.id], query, returnEntries: true });
    expect(entries.orderEntries?.map((e) => e.orderId)).toEqual(ids.filter((_, i) => i % 2 === 0));
    expect(entries.orders).toBeUndefined();

    const desc = await sq.orders.search({ locationIds: [gbp.id], query: { ...query, sort: { sortField: 'UPDATED_AT', sortOrder: 'DESC' } } });
    expect(desc.orders?.map((o) => o.id)).toEqual(ids.filter((_, i) => i % 2 === 1).reverse());

    const tooMany = await squareError(sq.orders.search({ locationIds: Array.from({ length: 11 }, () => usd.id), query }));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.errors[0]?.field).toBe('location_ids');
    expect((await squareError(sq.orders.search({ locationIds: [usd.id], limit: 1001 }))).errors[0]?.code).toBe('VALUE_TOO_HIGH');
    const wrongSort = await squareError(
      sq.orders.search({ locationIds: [usd.id], query: { filter: query.filter, sort: { sortField: 'CREATED_AT' } } }),
    );
    expect(wrongSort.errors[0]?.field).toBe('query.sort.sort_field');
    const first = await sq.orders.search({ locationIds: [usd.id, gbp.id], query, limit: 3 });
    const badCursor = await squareError(sq.orders.search({ locationIds: [usd.id], query, limit: 3, cursor: first.cursor! }));
    expect(badCursor.errors[0]?.code).toBe('INVALID_CURSOR');
    expect(await sq.orders.search({ locationIds: [usd.id], query: { filter: { stateFilter: { states: ['OPEN'] } } } })).toEqual({});
  });
});

describe('payments and refunds', () => {
  it('payments.list pages through the SDK Page (limit ≤ 100) with updated_at filters', async () => {
    const start = fake.clock.iso();
    const payIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      fake.clock.advance(1000);
      payIds.push(fake.addSale({ locationId: usd.id, lines: [{ name: 'x', unitPrice: 100 * (i + 1) }] }).payment.id);
    }
    const { accessToken } = await connect();
    const sq = client(accessToken);
    const page = await sq.payments.list({ updatedAtBeginTime: start, sortField: 'UPDATED_AT', sortOrder: 'ASC', limit: 2 });
    const all: string[] = [];
    for await (const p of page) all.push(p.id!);
    expect(all).toEqual(payIds);
    const calls = fake.callsTo('/v2/payments', 'GET');
    expect(calls).toHaveLength(3);
    expect(calls[0]!.query).toMatchObject({ updated_at_begin_time: start, sort_field: 'UPDATED_AT', sort_order: 'ASC', limit: '2' });
    expect(calls[1]!.query.cursor).toBeTruthy();

    // Default: newest first; location filter; over-large limit is capped, not rejected.
    const newest = await sq.payments.list({ locationId: usd.id, limit: 500 });
    expect(newest.data.map((p) => p.id)).toEqual([...payIds].reverse());
    expect((await sq.payments.list({ locationId: gbp.id })).data).toEqual([]);
  });

  it('refunds.get / refunds.list and the refunded payment', async () => {
    const { payment } = fake.addSale({ locationId: gbp.id, lines: [{ name: 'Scone', unitPrice: 500 }] });
    fake.clock.advance(1000);
    const r1 = fake.addRefund({ paymentId: payment.id, amount: 200, reason: 'Stale' });
    fake.clock.advance(1000);
    const r2 = fake.addRefund({ paymentId: payment.id, amount: 100 });
    const { accessToken } = await connect();
    const sq = client(accessToken);
    const got = (await sq.refunds.get({ refundId: r1.id })).refund!;
    expect(got).toMatchObject({ paymentId: payment.id, status: 'COMPLETED', reason: 'Stale', amountMoney: { amount: 200n, currency: 'GBP' } });
    const ids: string[] = [];
    for await (const r of await sq.refunds.list({ limit: 1, sortOrder: 'ASC' })) ids.push(r.id!);
    expect(ids).toEqual([r1.id, r2.id]);
    const pay = (await sq.payments.get({ paymentId: payment.id })).payment!;
    expect(pay.refundedMoney?.amount).toBe(300n);
    expect(pay.refundIds).toEqual([r1.id, r2.id]);
  });
});

describe('list paging at scale and while data changes', () => {
  type PaymentQuery = {
    locationId?: string;
    beginTime?: string;
    endTime?: string;
    updatedAtBeginTime?: string;
    sortField?: 'CREATED_AT' | 'UPDATED_AT';
    sortOrder?: 'ASC' | 'DESC';
  };
  const BASE = Date.parse('2025-01-01T00:00:00Z');
  const iso = (t: number): string => new Date(t).toISOString();
  /** Stored objects always carry created_at / updated_at. */
  const ms = (time: string | undefined): number => Date.parse(time!);

  /** What a ListPayments walk must return: the fake's current payments, filtered, sorted on (time, id). */
  function expected(q: PaymentQuery, after?: { v: number; i: string }): string[] {
    const field = q.sortField === 'UPDATED_AT' ? 'updated_at' : 'created_at';
    const dir = q.sortOrder === 'ASC' ? 1 : -1;
    const cmp = (a: { v: number; i: string }, b: { v: number; i: string }): number =>
      dir * (a.v !== b.v ? a.v - b.v : a.i < b.i ? -1 : a.i > b.i ? 1 : 0);
    return [...fake.state.payments.values()]
      .filter((p) => !q.locationId || p.location_id === q.locationId)
      .filter((p) => !q.beginTime || ms(p.created_at) >= ms(q.beginTime))
      .filter((p) => !q.endTime || ms(p.created_at) < ms(q.endTime))
      .filter((p) => !q.updatedAtBeginTime || ms(p.updated_at) >= ms(q.updatedAtBeginTime))
      .map((p) => ({ v: ms(p[field]), i: p.id }))
      .filter((k) => !after || cmp(k, after) > 0)
      .sort(cmp)
      .map((k) => k.i);
  }

  /** One ListPayments query walked a page at a time, so walks can be interleaved and data changed in between. */
  function pager(sq: SquareClient, q: PaymentQuery, limit = 100) {
    let cursor: string | undefined;
    let done = false;
    const ids: string[] = [];
    return {
      ids,
      get done() {
        return done;
      },
      async next(): Promise<string[]> {
        const page = await sq.payments.list({ ...q, limit, ...(cursor ? { cursor } : {}) });
        const got = page.data.map((p) => p.id!);
        ids.push(...got);
        cursor = page.response.cursor;
        done = !cursor;
        return got;
      },
    };
  }

  it('2,500 payments in pages of 100: every query returns its sorted list exactly once, with walks interleaved', async () => {
    // Created out of time order, three payments per second (ties broken by id), a few at another location.
    for (let i = 0; i < 2500; i++) {
      const at = BASE + Math.floor(((i * 7919) % 2500) / 3) * 1000;
      fake.addSale({ locationId: i % 10 === 0 ? gbp.id : usd.id, lines: [{ name: 'x', unitPrice: 100 }], createdAt: iso(at), updatedAt: iso(at + 5000) });
    }
    const sq = client(fake.grantTokens().access_token);
    const window = { beginTime: iso(BASE), endTime: iso(BASE + 86_400_000) };
    const queries: PaymentQuery[] = [
      { ...window, sortField: 'CREATED_AT', sortOrder: 'ASC', locationId: usd.id },
      { ...window, sortField: 'CREATED_AT', sortOrder: 'DESC' },
      { ...window, sortField: 'CREATED_AT', sortOrder: 'ASC' },
      { beginTime: iso(BASE + 200_000), endTime: iso(BASE + 700_000), sortOrder: 'ASC' },
      { updatedAtBeginTime: iso(BASE), sortField: 'UPDATED_AT', sortOrder: 'DESC' },
      { ...window, sortField: 'UPDATED_AT', sortOrder: 'ASC', locationId: gbp.id },
    ];
    // More concurrent walks than the fake keeps sorted lists for, round-robin: each page may come from a rebuilt list.
    const walks = queries.map((q) => pager(sq, q));
    while (walks.some((w) => !w.done)) {
      for (const w of walks) if (!w.done) await w.next();
    }
    queries.forEach((q, n) => {
      const want = expected(q);
      expect(want.length).toBeGreaterThan(200);
      expect(walks[n]!.ids).toEqual(want);
    });
    expect(walks[2]!.ids).toHaveLength(2500);
    expect(new Set(walks[2]!.ids).size).toBe(2500);

    // SearchOrders pages the same way.
    const orderIds: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await sq.orders.search({
        locationIds: [usd.id, gbp.id],
        query: { sort: { sortField: 'CREATED_AT', sortOrder: 'ASC' } },
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      orderIds.push(...(page.orders ?? []).map((o) => o.id!));
      cursor = page.cursor;
    } while (cursor);
    const orders = [...fake.state.orders.values()].map((o) => ({ v: ms(o.created_at), i: o.id }));
    orders.sort((a, b) => a.v - b.v || (a.i < b.i ? -1 : 1));
    expect(orderIds).toEqual(orders.map((o) => o.i));
  });

  it('inserts, moves and deletes between pages: nothing ahead of the cursor is skipped, nothing behind it repeats', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) {
      ids.push(fake.addSale({ locationId: usd.id, lines: [{ name: 'x', unitPrice: 100 }], createdAt: iso(BASE + i * 1000) }).payment.id);
    }
    const sq = client(fake.grantTokens().access_token);
    const q: PaymentQuery = { beginTime: iso(BASE), endTime: iso(BASE + 86_400_000), sortField: 'CREATED_AT', sortOrder: 'ASC' };
    const walk = pager(sq, q);
    expect(await walk.next()).toEqual(ids.slice(0, 100));
    const cursorKey = { v: BASE + 99_000, i: ids[99]! };

    const sale = (at: number): string => fake.addSale({ locationId: usd.id, lines: [{ name: 'y', unitPrice: 1 }], createdAt: iso(at) }).payment.id;
    const behind = sale(BASE + 50_500);
    const ahead = sale(BASE + 250_500);
    const sameTime = sale(BASE + 99_000); // shows up iff its id sorts after the cursor's
    const moved = ids[10]!; // already seen; its sort time moves past the cursor, so it shows up again
    fake.putPayment({ ...fake.getPayment(moved)!, created_at: iso(BASE + 280_500) });
    fake.state.payments.delete(ids[150]!); // a direct write to the state counts as a change too
    const rest = expected(q, cursorKey);
    expect(rest).toContain(ahead);
    expect(rest).toContain(moved);
    expect(rest).not.toContain(behind);
    expect(rest).not.toContain(ids[150]);
    expect(rest.includes(sameTime)).toBe(sameTime > ids[99]!);

    expect(await walk.next()).toEqual(rest.slice(0, 100));
    const late = sale(BASE + 299_500); // another insert, after page 2
    await walk.next();
    await walk.next();
    expect(walk.done).toBe(true);
    expect(walk.ids).toEqual([...ids.slice(0, 100), ...expected(q, cursorKey)]);
    expect(walk.ids).toContain(late);
    expect(walk.ids.filter((id) => id === moved)).toHaveLength(2);
    expect(new Set(walk.ids).size).toBe(walk.ids.length - 1);
  });

  it('a cursor is bound to its query: foreign or malformed cursors → 400 INVALID_CURSOR', async () => {
    for (let i = 0; i < 5; i++) fake.addSale({ locationId: usd.id, lines: [{ name: 'x', unitPrice: 100 }], createdAt: iso(BASE + i * 1000) });
    const sq = client(fake.grantTokens().access_token);
    const q: PaymentQuery = { beginTime: iso(BASE), sortField: 'CREATED_AT', sortOrder: 'ASC' };
    const first = await sq.payments.list({ ...q, limit: 2 });
    const cursor = first.response.cursor!;
    expect(cursor).toBeTruthy();
    // Another limit is the same query; another sort order, window or location is not.
    expect((await sq.payments.list({ ...q, limit: 3, cursor })).data).toHaveLength(3);
    for (const other of [{ ...q, sortOrder: 'DESC' as const }, { ...q, beginTime: iso(BASE + 1) }, { ...q, locationId: usd.id }]) {
      const err = await squareError(sq.payments.list({ ...other, limit: 2, cursor }));
      expect(err.statusCode).toBe(400);
      expect(err.errors[0]).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor', detail: 'The pagination cursor does not belong to this query.' });
    }
    for (const bad of ['not-a-cursor', Buffer.from('{"f":"x"}').toString('base64url')]) {
      const err = await squareError(sq.payments.list({ ...q, limit: 2, cursor: bad }));
      expect(err.statusCode).toBe(400);
      expect(err.errors[0]).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor', detail: 'The pagination cursor is not valid.' });
    }
    const refundsErr = await squareError(sq.refunds.list({ beginTime: iso(BASE), cursor }));
    expect(refundsErr.errors[0]?.code).toBe('INVALID_CURSOR');
  });
});

describe('faults', () => {
  it('429 with Retry-After is retried by the SDK', async () => {
    const { accessToken } = await connect();
    const fault = fake.injectFault({ route: '/v2/locations', status: 429, retryAfterSeconds: 1, times: 1 });
    const t0 = Date.now();
    const res = await client(accessToken).locations.list();
    expect(res.locations).toHaveLength(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    const calls = fake.callsTo('/v2/locations');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(fault.hits).toBe(1);
  });

  it('persistent 500 surfaces as SquareError 500 after the retries', async () => {
    const { accessToken } = await connect();
    fake.injectFault({ route: /^\/v2\/orders\//, method: 'GET', status: 500, times: Infinity });
    const err = await squareError(client(accessToken, { maxRetries: 1 }).orders.get({ orderId: 'x' }));
    expect(err.statusCode).toBe(500);
    expect(err.errors[0]?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(fake.callsTo('/v2/orders/x')).toHaveLength(2);
    fake.clearFaults();
    expect((await squareError(client(accessToken).orders.get({ orderId: 'x' }))).statusCode).toBe(404);
  });

  it('a dropped connection and a slow response surface as SquareError without a status', async () => {
    const { accessToken } = await connect();
    fake.injectFault({ route: '/v2/merchants', drop: true });
    const dropped = await squareError(client(accessToken).merchants.get({ merchantId: 'me' }));
    expect(dropped.statusCode).toBeUndefined();
    expect(fake.callsTo('/v2/merchants')[0]!.status).toBe(0);

    fake.injectFault({ route: '/v2/locations', delayMs: 1500 });
    const slow = await squareError(client(accessToken, { timeoutInSeconds: 0.5 }).locations.list());
    expect(slow.statusCode).toBeUndefined();
    expect(slow.message).toMatch(/timeout/i);

    fake.injectFault({ route: '/v2/locations', delayMs: 200 });
    expect((await client(accessToken).locations.list()).locations).toHaveLength(2);
  });
});

describe('webhook subscriptions', () => {
  const PAT = 'EAAAdeveloper-personal-token';

  it('CRUD with the personal access token; OAuth tokens are refused with 403', async () => {
    fake.addPersonalAccessToken(PAT, merchant.id, APP_ID);
    const sq = client(PAT);
    const created = await sq.webhooks.subscriptions.create({
      idempotencyKey: 'k1',
      subscription: { name: 'POS Desk', eventTypes: ['payment.created', 'refund.created'], notificationUrl: 'https://abc.loca.lt/webhooks/square' },
    });
    const sub = created.subscription!;
    expect(sub.signatureKey).toBeTruthy();
    expect(sub.enabled).toBe(true);
    // Same idempotency key → same subscription.
    expect((await sq.webhooks.subscriptions.create({ idempotencyKey: 'k1', subscription: { eventTypes: ['payment.created'], notificationUrl: 'https://x.example' } })).subscription?.id).toBe(sub.id);

    const updated = await sq.webhooks.subscriptions.update({
      subscriptionId: sub.id!,
      subscription: { notificationUrl: 'https://def.loca.lt/webhooks/square' },
    });
    expect(updated.subscription?.notificationUrl).toBe('https://def.loca.lt/webhooks/square');
    expect(updated.subscription?.signatureKey).toBe(sub.signatureKey);
    expect(updated.subscription?.eventTypes).toEqual(['payment.created', 'refund.created']);

    const listed: string[] = [];
    for await (const s of await sq.webhooks.subscriptions.list()) listed.push(s.id!);
    expect(listed).toEqual([sub.id]);
    expect((await sq.webhooks.subscriptions.get({ subscriptionId: sub.id! })).subscription?.name).toBe('POS Desk');
    expect(fake.subscriptions(APP_ID)).toMatchObject([{ id: sub.id, notification_url: 'https://def.loca.lt/webhooks/square', signature_key: sub.signatureKey }]);

    const { accessToken } = await connect();
    const refused = await squareError(client(accessToken).webhooks.subscriptions.list());
    expect(refused.statusCode).toBe(403);
    expect(refused.errors[0]?.code).toBe('FORBIDDEN');

    await sq.webhooks.subscriptions.delete({ subscriptionId: sub.id! });
    expect(fake.subscriptions()).toEqual([]);
    expect((await squareError(sq.webhooks.subscriptions.get({ subscriptionId: sub.id! }))).statusCode).toBe(404);
    const invalid = await squareError(sq.webhooks.subscriptions.create({ subscription: { eventTypes: ['payment.created'] } }));
    expect(invalid.errors[0]).toMatchObject({ code: 'MISSING_REQUIRED_PARAMETER', field: 'subscription.notification_url' });
  });

  it('emitWebhook delivers a signed event that the SDK helper verifies', async () => {
    fake.addPersonalAccessToken(PAT, merchant.id, APP_ID);
    const received: Array<{ body: string; signature: string }> = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['x-square-hmacsha256-signature']) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/square`;
      const sub = (await client(PAT).webhooks.subscriptions.create({ subscription: { eventTypes: ['payment.created', 'order.updated'], notificationUrl: url } })).subscription!;
      const { order, payment } = fake.addSale({ locationId: usd.id, lines: [{ name: 'Tea', unitPrice: 250 }] });
      const [delivery] = await fake.emitWebhook('payment.created', payment.id);
      expect(delivery?.status).toBe(200);
      await fake.emitWebhook('order.updated', order.id);
      expect(await fake.emitWebhook('refund.created', fake.addRefund({ paymentId: payment.id }).id)).toEqual([]); // not subscribed
      expect(received).toHaveLength(2);
      const event = JSON.parse(received[0]!.body) as { type: string; merchant_id: string; data: { object: { payment: { id: string } } } };
      expect(event).toMatchObject({ type: 'payment.created', merchant_id: merchant.id, data: { type: 'payment', id: payment.id } });
      expect(
        await WebhooksHelper.verifySignature({
          requestBody: received[0]!.body,
          signatureHeader: received[0]!.signature,
          signatureKey: sub.signatureKey!,
          notificationUrl: url,
        }),
      ).toBe(true);
      const orderEvent = JSON.parse(received[1]!.body) as { data: { object: { order_updated: Record<string, unknown> } } };
      expect(orderEvent.data.object.order_updated).toMatchObject({ order_id: order.id, version: 1, state: 'COMPLETED' });
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });
});

describe('customers and catalog', () => {
  it('customers.get and catalog.batchGet for the token merchant', async () => {
    const customer = fake.putCustomer(merchant.id, { given_name: 'Grace', family_name: 'Hopper', email_address: 'g@example.com' });
    const item = fake.putCatalogObject(merchant.id, { type: 'ITEM', item_data: { name: 'Latte' } });
    const variation = fake.putCatalogObject(merchant.id, {
      type: 'ITEM_VARIATION',
      item_variation_data: { item_id: item.id, name: 'Large', sku: 'LAT-L' },
    });
    const { accessToken } = await connect();
    const sq = client(accessToken);
    expect((await sq.customers.get({ customerId: customer.id })).customer?.givenName).toBe('Grace');
    const batch = await sq.catalog.batchGet({ objectIds: [variation.id], includeRelatedObjects: true });
    expect(batch.objects?.[0]?.id).toBe(variation.id);
    expect(batch.relatedObjects?.map((o) => o.id)).toEqual([item.id]);
    expect((await sq.catalog.object.get({ objectId: item.id })).object?.type).toBe('ITEM');
  });

  it('customers.search filters on updated_at and pages with a cursor; a missing customer is 404 NOT_FOUND', async () => {
    fake.clock.set('2026-11-01T10:00:00Z');
    const old = fake.putCustomer(merchant.id, { given_name: 'Old', family_name: 'Timer' });
    fake.clock.set('2026-11-20T10:00:00Z');
    const fresh = ['Ada', 'Bola', 'Chidi'].map((given_name) => fake.putCustomer(merchant.id, { given_name }));
    fake.clock.advance(60_000);
    fake.putCustomer(merchant.id, { id: old.id, given_name: 'Old', family_name: 'Timer', email_address: 'o@example.com' }); // updated now
    const other = fake.addMerchant({ business_name: 'Someone else', country: 'US', currency: 'USD' });
    fake.putCustomer(other.id, { given_name: 'Not', family_name: 'Ours' });

    const { accessToken } = await connect();
    const sq = client(accessToken);
    const query = { filter: { updatedAt: { startAt: '2026-11-15T00:00:00Z' } } };
    const first = await sq.customers.search({ limit: 2n, query });
    expect(first.customers?.map((c) => c.givenName)).toEqual(['Ada', 'Bola']); // by name: Square cannot sort by updated_at
    expect(first.cursor).toBeTruthy();
    const second = await sq.customers.search({ limit: 2n, query, cursor: first.cursor! });
    expect(second.customers?.map((c) => c.id)).toEqual([fresh[2]!.id, old.id]);
    expect(second.cursor).toBeUndefined();
    expect(second.customers?.[1]).toMatchObject({ version: 1n, emailAddress: 'o@example.com' });
    const none = await sq.customers.search({ query: { filter: { updatedAt: { startAt: '2026-12-01T00:00:00Z' } } } });
    expect(none.customers).toBeUndefined(); // empty lists are left out, like Square
    const tooMany = await squareError(sq.customers.search({ limit: 101n }));
    expect(tooMany.errors[0]).toMatchObject({ code: 'VALUE_TOO_HIGH', field: 'limit' });

    const missing = await squareError(sq.customers.get({ customerId: 'NOPE' }));
    expect(missing.statusCode).toBe(404);
    expect(missing.errors[0]?.code).toBe('NOT_FOUND');
  });

  it('buildEvent shapes customer.created/updated like Square: the whole customer in data.object.customer, no location', () => {
    const customer = fake.putCustomer(merchant.id, { company_name: 'Ada Stores Ltd' });
    const event = fake.buildEvent('customer.updated', customer.id);
    expect(event).toMatchObject({ merchant_id: merchant.id, type: 'customer.updated', data: { type: 'customer', id: customer.id, object: { customer: { id: customer.id, company_name: 'Ada Stores Ltd', version: 0 } } } });
    expect(event).not.toHaveProperty('location_id');
    expect(fake.buildEvent('customer.created', customer.id).type).toBe('customer.created');
  });
});
