import { performance } from 'node:perf_hooks';
import type { Route } from '../../test/fakes/fake-square/router';
import { orderRoutes } from '../../test/fakes/fake-square/routes/orders';
import { paymentRoutes } from '../../test/fakes/fake-square/routes/payments';

// The fake Square runs in the bench's process, on the same core as the app: its own work is a cost the real Square
// would carry on its servers. This times its route handlers (filtering, sorting, paging, cloning — not its HTTP
// parsing or JSON writing, which the CPU profile attributes) so the report can say how much of a run was the fake.

export interface FakeRouteTime {
  route: string;
  calls: number;
  ms: number;
}

export interface FakeTimer {
  snapshot(): FakeRouteTime[];
  /** Handler time of all routes since install, ms. */
  totalMs(): number;
  restore(): void;
}

export function timeFakeHandlers(): FakeTimer {
  const routes: Route[] = [...paymentRoutes, ...orderRoutes];
  const originals = routes.map((r) => r.handle);
  const stats = new Map<string, { calls: number; ms: number }>();
  for (const r of routes) {
    const key = `${r.method} ${r.pattern}`;
    const original = r.handle;
    const s = { calls: 0, ms: 0 };
    stats.set(key, s);
    r.handle = (ctx) => {
      const t0 = performance.now();
      try {
        return original(ctx);
      } finally {
        s.calls += 1;
        s.ms += performance.now() - t0;
      }
    };
  }
  return {
    snapshot: () => [...stats].filter(([, s]) => s.calls > 0).map(([route, s]) => ({ route, calls: s.calls, ms: s.ms })),
    totalMs: () => [...stats.values()].reduce((a, s) => a + s.ms, 0),
    restore: () => routes.forEach((r, i) => (r.handle = originals[i]!)),
  };
}

/** Difference of two snapshots (per route). */
export function fakeDelta(before: FakeRouteTime[], after: FakeRouteTime[]): FakeRouteTime[] {
  return after
    .map((a) => {
      const b = before.find((x) => x.route === a.route);
      return { route: a.route, calls: a.calls - (b?.calls ?? 0), ms: a.ms - (b?.ms ?? 0) };
    })
    .filter((d) => d.calls > 0);
}
