import { performance } from 'node:perf_hooks';
import type { FakePace } from '../../test/fakes/fake-square/index';
import type { TestApp } from '../../test/support/pipeline-harness';
import type { PrivateKeyring } from '../../test/support/keyring';
import { startBenchApp } from './bench-app';
import { ensureSessionKeyring } from './bench-keyring';
import type { BenchShop } from './bench-shop';
import { startThreadShop } from './fake-square-thread';
import { foreignLoad, readCpuTimes } from './host-load';
import { formatMachine, machineInfo, type MachineInfo } from './machine';
import { gitState, runAsScript } from './script';
import { pct, renderTable } from './table';

// Backfill against Square's pace (issue 18): the SearchOrders path (the app's default) and the payments path it
// replaced (the baseline, same run), against the fake Square with no latency and with Square's pace (150 ms a call,
// 20 calls a second before 429 + Retry-After). Each scenario: a fresh fake (own worker thread) and app, `orders` sales
// spread over the range, backfill() timed to the last invoice; Square calls counted per endpoint by the fake.
// Part of `npm run bench:pipeline` (bench/pipeline.ts calls runBackfillScenarios); alone:
//   npx tsx bench/lib/backfill-bench.ts [--orders=100000] [--baseline-orders=20000] [--only=orders|payments]
//                                       [--pace=none|square] [--scenario-seconds=240]   (each scenario's own time limit)

export interface BackfillScenario {
  label: string;
  via: 'orders' | 'payments';
  orders: number;
  pace: FakePace;
}

export interface BackfillScenarioResult extends BackfillScenario {
  createMs: number;
  /** backfill() → every page read and queued. */
  readMs: number | null;
  /** backfill() → the last invoice committed. */
  invoicedMs: number | null;
  ordersPerSec: number | null;
  calls: { total: number; byEndpoint: Record<string, number>; rateLimited: number };
  callsPer10k: number;
  /** One invoice per sale, every inbox row done (most sales have none: invoiced from their page), numbers 1…n with no gap. */
  zeroLoss: boolean;
  /** What the Sync screen showed as the pace (invoices a minute, its sliding window) against the measured one. */
  shownRate: { t: number; shownPerSec: number | null; measuredPerSec: number }[];
  otherCpuPct: number | null;
  /** This process's CPU (every thread: app, writer thread, fake Square) from backfill() to the end, per sale: less
   *  sensitive to other load than the times. */
  cpuMsPerSale: number;
  note: string;
}

export const BACKFILL_FROM = '2026-01-01';
export const BACKFILL_TO = '2026-03-31';
/** Square's pace in the brief: 150 ms a call, 20 calls a second before 429s. */
export const SQUARE_PACE: FakePace = { latencyMs: 150, callsPerSecond: 20, retryAfterSeconds: 1 };

export function defaultScenarios(orders: number, baselineOrders: number): BackfillScenario[] {
  return [
    { label: 'SearchOrders, no latency', via: 'orders', orders, pace: {} },
    { label: 'SearchOrders, 150 ms + 20 calls/s', via: 'orders', orders, pace: SQUARE_PACE },
    { label: 'payments (baseline), no latency', via: 'payments', orders: baselineOrders, pace: {} },
    { label: 'payments (baseline), 150 ms + 20 calls/s', via: 'payments', orders: baselineOrders, pace: SQUARE_PACE },
  ];
}

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

export async function runBackfillScenario(
  s: BackfillScenario,
  o: { startShop: () => Promise<BenchShop>; budgetMs: number; log: (line: string) => void; pipeline?: Record<string, number> },
): Promise<BackfillScenarioResult> {
  const shop = await o.startShop();
  let app: TestApp | undefined;
  try {
    const begin = Date.parse(`${BACKFILL_FROM}T00:00:00Z`);
    const span = Date.parse(`${BACKFILL_TO}T23:59:59Z`) - begin;
    const created = await shop.addSales(s.orders, { beginMs: begin, spanMs: span });
    o.log(`  ${s.orders} sales created in the fake in ${(created.createMs / 1000).toFixed(1)} s`);
    app = await startBenchApp(shop, { sync: { enabled: false, backfillVia: s.via }, ...(o.pipeline ? { pipeline: o.pipeline } : {}) });
    const a = app;
    let invoiced = 0;
    a.bus.on('invoice.changed', () => (invoiced += 1));
    await shop.setPace(s.pace);
    await shop.resetCallCounts();
    // Timed from a started app: an owner starts a backfill from the Sync screen, not in the first seconds of a launch
    // while the writer thread still loads (under tsx here; the packaged app loads plain JavaScript).
    await a.pipelineReady();
    const shownRate: BackfillScenarioResult['shownRate'] = [];
    const host0 = readCpuTimes();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    a.sync.backfill({ from: BACKFILL_FROM, to: BACKFILL_TO });
    let readMs: number | null = null;
    void a.sync.backfillSettled().then(() => (readMs = performance.now() - t0));
    let invoicedMs: number | null = null;
    let lastTick = 0;
    let lastInvoiced = 0;
    while (performance.now() - t0 < o.budgetMs) {
      const t = performance.now() - t0;
      if (t - lastTick >= 1000) {
        const p = a.sync.status().backfill!;
        const measured = ((invoiced - lastInvoiced) * 1000) / (t - lastTick || 1);
        shownRate.push({ t: Math.round(t), shownPerSec: p.ratePerMinute === null ? null : p.ratePerMinute / 60, measuredPerSec: measured });
        o.log(`    ${(t / 1000).toFixed(0).padStart(4)} s  read ${String(p.read).padStart(6)}  invoiced ${String(invoiced).padStart(6)}  shown pace ${p.ratePerMinute === null ? '–' : (p.ratePerMinute / 60).toFixed(0)}/s  last second ${measured.toFixed(0)}/s`);
        lastTick = t;
        lastInvoiced = invoiced;
        await shop.clearCalls();
      }
      if (invoiced >= s.orders && readMs !== null) {
        invoicedMs = performance.now() - t0;
        break;
      }
      await sleep(20);
    }
    if (invoicedMs === null) a.sync.cancel();
    const cpu = process.cpuUsage(cpu0);
    const foreign = foreignLoad(host0, readCpuTimes(), (cpu.user + cpu.system) / 1000, performance.now() - t0);
    await shop.setPace({});
    const counts = await shop.callCounts();
    const total = Object.values(counts.byEndpoint).reduce((x, n) => x + n, 0);
    const states = a.db.prepare('SELECT state, count(*) AS n FROM webhook_inbox GROUP BY state').all() as { state: string; n: number }[];
    const docs = a.db.prepare("SELECT count(*) AS n, count(DISTINCT source_key) AS d, max(CAST(substr(number, 4) AS INTEGER)) AS top FROM invoices").get() as { n: number; d: number; top: number };
    const zeroLoss = invoicedMs !== null && docs.n === s.orders && docs.d === s.orders && docs.top === s.orders && states.every((r) => r.state === 'done');
    const seconds = invoicedMs === null ? null : invoicedMs / 1000;
    const note = seconds === null
      ? `NOT finished within ${(o.budgetMs / 1000).toFixed(0)} s: ${invoiced}/${s.orders} invoiced`
      : `read in ${((readMs ?? 0) / 1000).toFixed(1)} s, all invoiced in ${seconds.toFixed(1)} s (${(s.orders / seconds).toFixed(0)} orders/s); ${total} Square calls (${counts.rateLimited} answered 429)`;
    o.log(`  ${note}; zero loss: ${zeroLoss}; process CPU ${((cpu.user + cpu.system) / 1000 / s.orders * 1000).toFixed(0)} µs a sale`);
    return {
      ...s,
      createMs: created.createMs,
      readMs,
      invoicedMs,
      ordersPerSec: seconds === null ? null : s.orders / seconds,
      calls: { total, byEndpoint: counts.byEndpoint, rateLimited: counts.rateLimited },
      callsPer10k: (total * 10_000) / s.orders,
      zeroLoss,
      shownRate,
      otherCpuPct: foreign?.otherCpuPct ?? null,
      cpuMsPerSale: (cpu.user + cpu.system) / 1000 / s.orders,
      note,
    };
  } finally {
    await app?.dispose().catch(() => undefined);
    await shop.close();
  }
}

export async function runBackfillScenarios(
  scenarios: BackfillScenario[],
  o: { startShop: () => Promise<BenchShop>; budgetMs: number; perScenarioMs?: number; log: (line: string) => void; pipeline?: Record<string, number> },
): Promise<BackfillScenarioResult[]> {
  const results: BackfillScenarioResult[] = [];
  const start = performance.now();
  for (const s of scenarios) {
    const left = o.budgetMs - (performance.now() - start);
    if (left < 20_000) {
      o.log(`Backfill ${s.label} (${s.orders}): skipped (time budget)`);
      continue;
    }
    o.log(`Backfill ${s.label}, ${s.orders} sales (${BACKFILL_FROM} … ${BACKFILL_TO}) ...`);
    results.push(await runBackfillScenario(s, { ...o, budgetMs: Math.min(left, o.perScenarioMs ?? 240_000) }));
  }
  return results;
}

export function formatBackfillScenarios(results: BackfillScenarioResult[]): string {
  const rows: string[][] = [['scenario', 'sales', 'read s', 'all invoiced s', 'orders/s', 'Square calls', 'calls / 10k', '429s', 'zero loss', 'CPU µs/sale', 'other procs CPU']];
  for (const r of results) {
    rows.push([
      r.label,
      String(r.orders),
      r.readMs === null ? '–' : (r.readMs / 1000).toFixed(1),
      r.invoicedMs === null ? '–' : (r.invoicedMs / 1000).toFixed(1),
      r.ordersPerSec === null ? '–' : r.ordersPerSec.toFixed(0),
      String(r.calls.total),
      r.callsPer10k.toFixed(0),
      String(r.calls.rateLimited),
      r.zeroLoss ? 'yes' : 'no',
      (r.cpuMsPerSale * 1000).toFixed(0),
      pct(r.otherCpuPct),
    ]);
  }
  const out = ['Backfill by path and Square pace (fresh fake + app per row; calls counted by the fake, per endpoint in the JSON)', renderTable(rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r'])];
  for (const r of results) {
    const endpoints = Object.entries(r.calls.byEndpoint).sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${n}`).join(', ');
    out.push(`  ${r.label}: ${endpoints || 'no calls'}`);
  }
  return out.join('\n');
}

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

async function main(): Promise<{ machine: MachineInfo; tree: ReturnType<typeof gitState>; results: BackfillScenarioResult[] }> {
  let keyring: PrivateKeyring | undefined;
  try {
    keyring = ensureSessionKeyring();
    const orders = Number(arg('orders') ?? 100_000);
    const baseline = Number(arg('baseline-orders') ?? 20_000);
    const only = arg('only');
    const pace = arg('pace'); // none | square: one of the two paces only
    const scenarios = defaultScenarios(orders, baseline)
      .filter((s) => !only || s.via === only)
      .filter((s) => !pace || (pace === 'none') === (s.pace.latencyMs === undefined));
    const Database = (await import('better-sqlite3')).default;
    const machine = machineInfo((new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v);
    const tree = gitState(['main', 'shared']);
    console.log(formatMachine(machine));
    console.log(`code        ${tree?.commit.slice(0, 10) ?? 'unknown'}${tree?.dirtyFiles ? ` + ${tree.dirtyFiles} uncommitted file(s)` : ''}`);
    const perScenarioMs = Number(arg('scenario-seconds') ?? 240) * 1000;
    // --batch / --concurrency: the worker's options (app defaults otherwise), to compare settings.
    const pipeline: Record<string, number> = {};
    if (arg('batch')) pipeline.batchSize = Number(arg('batch'));
    if (arg('concurrency')) pipeline.concurrency = Number(arg('concurrency'));
    if (Object.keys(pipeline).length) console.log(`pipeline    ${JSON.stringify(pipeline)}`);
    const results = await runBackfillScenarios(scenarios, {
      startShop: startThreadShop, budgetMs: 1_800_000, perScenarioMs, log: (l) => console.log(l),
      ...(Object.keys(pipeline).length ? { pipeline } : {}),
    });
    console.log('');
    console.log(formatBackfillScenarios(results));
    return { machine, tree, results };
  } finally {
    keyring?.stop();
  }
}

runAsScript(import.meta.url, 'backfill.json', main);
