import { serialization, SquareClient, SquareError, type Square } from 'square';
import { afterEach, describe, expect, it } from 'vitest';
import { backfillKeyPrefix, planOrderWindows } from '../../main/intake/sync/order-windows';
import { paymentsCoverTenders, tendersSettleSale } from '../../main/pipeline/order-tenders';
import { retryAfterMs } from '../../main/square/retry-after';
import { startFakeSquare, type FakeSquare } from '../fakes/fake-square/index';

// The pure parts of the SearchOrders backfill (windows, when an order alone settles its sale) and the fake Square's
// pace (latency, rate limit with 429 + Retry-After, calls per endpoint) through the real SDK.

const DAY = 24 * 3600_000;
const begin = Date.parse('2026-01-01T00:00:00.000Z');

describe('backfill windows', () => {
  it('cuts the range into ≤ 10-location groups × up to 8 slices that cover it exactly, with stable keys', () => {
    const locations = Array.from({ length: 23 }, (_, i) => `L${String(i).padStart(2, '0')}`);
    const end = begin + 90 * DAY;
    const windows = planOrderWindows(locations, begin, end);
    const groups = [...new Set(windows.map((w) => w.locationIds.join(',')))].map((g) => g.split(','));
    expect(groups.map((g) => g.length)).toEqual([10, 10, 3]);
    expect(groups.flat()).toEqual(locations);
    for (const g of groups) {
      const slices = windows.filter((w) => w.locationIds.join(',') === g.join(','));
      expect(slices).toHaveLength(8);
      expect(slices[0]!.begin).toBe(begin);
      expect(slices.at(-1)!.end).toBe(end);
      slices.slice(1).forEach((w, i) => expect(w.begin).toBe(slices[i]!.end)); // no gap, no overlap
    }
    expect(new Set(windows.map((w) => w.key)).size).toBe(windows.length);
    // The same backfill (range + location set, in any order) has the same keys; another range does not.
    expect(backfillKeyPrefix([...locations].reverse(), begin, end)).toBe(backfillKeyPrefix(locations, begin, end));
    expect(backfillKeyPrefix(locations, begin, end + DAY)).not.toBe(backfillKeyPrefix(locations, begin, end));
    expect(windows.every((w) => w.key.startsWith(backfillKeyPrefix(locations, begin, end)))).toBe(true);
  });

  it('reads a one-day range as one query per group', () => {
    expect(planOrderWindows(['A'], begin, begin + DAY)).toEqual([
      { key: `${backfillKeyPrefix(['A'], begin, begin + DAY)}0.0`, locationIds: ['A'], begin, end: begin + DAY },
    ]);
    expect(planOrderWindows(['A'], begin, begin + 3 * DAY)).toHaveLength(3);
  });
});

describe('when an order alone settles its sale', () => {
  const order = (o: Record<string, unknown>): Square.Order =>
    serialization.Order.parseOrThrow({ id: 'O1', location_id: 'L1', state: 'COMPLETED', ...o }, { unrecognizedObjectKeys: 'passthrough' });
  const money = { amount: 1000, currency: 'NGN' };
  const cash = { id: 'T1', type: 'CASH', amount_money: money, payment_id: 'P1' };
  const card = (status: string) => ({ id: 'T2', type: 'CARD', amount_money: money, payment_id: 'P2', card_details: { status } });

  it('cash and captured cards settle it; anything whose state is only on the payment does not', () => {
    expect(tendersSettleSale(order({ tenders: [cash] }))).toBe(true);
    expect(tendersSettleSale(order({ tenders: [cash, card('CAPTURED')] }))).toBe(true);
    expect(tendersSettleSale(order({ tenders: [card('AUTHORIZED')] }))).toBe(false);
    expect(tendersSettleSale(order({ tenders: [card('VOIDED')] }))).toBe(false);
    expect(tendersSettleSale(order({ tenders: [{ id: 'T3', type: 'OTHER', amount_money: money }] }))).toBe(false);
    expect(tendersSettleSale(order({ tenders: [] }))).toBe(false);
    expect(tendersSettleSale(order({ state: 'OPEN', tenders: [cash] }))).toBe(false);
    expect(tendersSettleSale(order({ tenders: [cash], returns: [{ uid: 'R', source_order_id: 'OLD' }] }))).toBe(false);
    expect(tendersSettleSale(order({ tenders: [cash], refunds: [{ id: 'F', location_id: 'L1', tender_id: 'T1', reason: 'x', amount_money: money, status: 'APPROVED' }] }))).toBe(false);
  });

  it('stored payments are used only when they are every tender’s', () => {
    const o = order({ tenders: [cash, card('CAPTURED')] });
    const p = (id: string) => ({ id }) as Square.Payment;
    expect(paymentsCoverTenders(o, [p('P1'), p('P2')])).toBe(true);
    expect(paymentsCoverTenders(o, [p('P1')])).toBe(false);
  });
});

describe("the fake Square's pace", () => {
  let fake: FakeSquare | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('answers calls past the rate limit with 429 RATE_LIMITED and Retry-After, and counts calls per endpoint', async () => {
    fake = await startFakeSquare({ pace: { callsPerSecond: 2, retryAfterSeconds: 3 } });
    const merchant = fake.addMerchant({ business_name: 'Ada', country: 'NG', currency: 'NGN' });
    const loc = fake.addLocation({ merchant_id: merchant.id, name: 'Lagos' });
    const { access_token } = fake.grantTokens({ merchantId: merchant.id });
    const sq = new SquareClient({ token: access_token, baseUrl: fake.url, maxRetries: 0 });
    const search = () => sq.orders.search({ locationIds: [loc.id], limit: 1000 });
    await search();
    await sq.orders.batchGet({ orderIds: ['nope'] });
    const refused = await search().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SquareError);
    expect((refused as SquareError).statusCode).toBe(429);
    expect((refused as SquareError).errors?.[0]?.code).toBe('RATE_LIMITED');
    expect(retryAfterMs(refused)).toBe(3000);
    expect(fake.callCounts()).toEqual({
      byEndpoint: { 'POST /v2/orders/search': 2, 'POST /v2/orders/batch-retrieve': 1 },
      rateLimited: 1,
    });
    fake.resetCallCounts();
    fake.setPace({});
    await search();
    expect(fake.callCounts()).toEqual({ byEndpoint: { 'POST /v2/orders/search': 1 }, rateLimited: 0 });
    // SearchOrders' own limits: 1,000 a page, 10 locations a call.
    await expect(sq.orders.search({ locationIds: [loc.id], limit: 1001 })).rejects.toMatchObject({ statusCode: 400 });
    await expect(sq.orders.search({ locationIds: Array.from({ length: 11 }, () => loc.id) })).rejects.toMatchObject({ statusCode: 400 });
  });
});
