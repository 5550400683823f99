import type { FakePace } from '../../test/fakes/fake-square/index';
import type { Shop } from '../../test/support/pipeline-harness';
import { startShop } from '../../test/support/pipeline-harness';
import { timeFakeHandlers, type FakeRouteTime } from './pipeline-fake-timing';
import { addSales, type SaleBatch } from './pipeline-sales';

// The fake Square as bench/pipeline.ts uses it, behind one async interface with two homes:
//   inline — in the bench's own thread, as the tests run it: everything the fake does (and its heap, which a backfill
//            of 100,000 sales grows to ~0.8 GB, and the garbage collection that heap costs) is charged to the app;
//   thread — in a worker thread of the bench process: its own event loop, heap and collector, free to run on the
//            other core, as Square's servers would be. The app's thread then carries only the app's work.
// Both speak to the app over loopback HTTP through the real SDK; only where the fake's CPU time goes differs.

export interface FakeTokens {
  access_token: string;
  refresh_token: string;
  expires_at: string;
  refresh_token_expires_at: string;
}

export interface FakeLocation {
  id: string;
  name: string;
  currency: string;
  country?: string;
  timezone?: string;
}

export interface BenchShop {
  readonly where: 'inline' | 'thread';
  readonly url: string;
  readonly merchantId: string;
  readonly locationId: string;
  /** `n` completed sales; with `spread`, created_at spread evenly over [beginMs, beginMs + spanMs). */
  addSales(n: number, spread?: { beginMs: number; spanMs: number }): Promise<SaleBatch>;
  /** The payment.created webhook body (JSON text) Square would send for each payment. */
  paymentCreatedBodies(paymentIds: string[]): Promise<string[]>;
  getOrder(id: string): Promise<unknown>;
  grantTokens(): Promise<FakeTokens>;
  location(): Promise<FakeLocation>;
  /** The fake logs every request; keep its memory flat. */
  clearCalls(): Promise<void>;
  /** Time inside the fake's payment and order route handlers so far. */
  handlerTimes(): Promise<FakeRouteTime[]>;
  /** Square's pace from now on: latency per call, rate limit (429 + Retry-After); see the fake's pace.ts. */
  setPace(pace: FakePace): Promise<void>;
  /** API calls per endpoint and 429s since the last resetCallCounts(). */
  callCounts(): Promise<{ byEndpoint: Record<string, number>; rateLimited: number }>;
  resetCallCounts(): Promise<void>;
  close(): Promise<void>;
}

/** The operations both homes implement on a real Shop (the worker thread runs exactly this). */
export function shopOperations(shop: Shop) {
  const timer = timeFakeHandlers();
  return {
    init: () => ({ url: shop.fake.url, merchantId: shop.merchantId, locationId: shop.locationId }),
    addSales: (n: number, spread?: { beginMs: number; spanMs: number }) =>
      addSales(shop.fake, shop.locationId, n, spread ? (i) => new Date(spread.beginMs + Math.floor((i * spread.spanMs) / n)).toISOString() : undefined),
    paymentCreatedBodies: (ids: string[]) => ids.map((id) => JSON.stringify(shop.fake.buildEvent('payment.created', id))),
    getOrder: (id: string) => shop.fake.getOrder(id) as unknown,
    grantTokens: () => shop.fake.grantTokens({ merchantId: shop.merchantId }) as FakeTokens,
    location: () => shop.fake.getLocation(shop.locationId) as FakeLocation,
    clearCalls: () => shop.fake.clearCalls(),
    handlerTimes: () => timer.snapshot(),
    setPace: (pace: FakePace) => shop.fake.setPace(pace),
    callCounts: () => shop.fake.callCounts(),
    resetCallCounts: () => shop.fake.resetCallCounts(),
    close: async () => {
      timer.restore();
      await shop.fake.close();
    },
  };
}
export type ShopOperations = ReturnType<typeof shopOperations>;

export async function startInlineShop(): Promise<BenchShop> {
  const ops = shopOperations(await startShop());
  const info = ops.init();
  return {
    where: 'inline',
    ...info,
    addSales: async (n, spread) => ops.addSales(n, spread),
    paymentCreatedBodies: async (ids) => ops.paymentCreatedBodies(ids),
    getOrder: async (id) => ops.getOrder(id),
    grantTokens: async () => ops.grantTokens(),
    location: async () => ops.location(),
    clearCalls: async () => ops.clearCalls(),
    handlerTimes: async () => ops.handlerTimes(),
    setPace: async (pace) => ops.setPace(pace),
    callCounts: async () => ops.callCounts(),
    resetCallCounts: async () => ops.resetCallCounts(),
    close: () => ops.close(),
  };
}

