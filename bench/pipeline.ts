import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { envelopeSchema, toInboxRow } from '../main/inbox/envelope';
import { InboxStore } from '../main/inbox/inbox-store';
import { WEBHOOK_PATH } from '../main/intake/webhooks/receiver';
import type { PrivateKeyring } from '../test/support/keyring';
import { ensureSessionKeyring } from './lib/bench-keyring';
import { deliver, HOOK_KEY, HOOK_URL, type TestApp } from '../test/support/pipeline-harness';
import { startBenchApp } from './lib/bench-app';
import { gitState, runAsScript } from './lib/script';
import { startInlineShop, type BenchShop } from './lib/bench-shop';
import { startThreadShop } from './lib/fake-square-thread';
import { httpBaseline, sqliteBaseline, type HttpBaseline, type SqliteBaseline } from './lib/pipeline-baselines';
import { fakeDelta, type FakeRouteTime } from './lib/pipeline-fake-timing';
import { paymentCreatedEvent } from './lib/payload';
import { breakdown, startProfile, type CategoryShare } from './lib/pipeline-profile';
import { SALE_SHAPE, writeSignedBodies } from './lib/pipeline-sales';
import { foreignLoad, readCpuTimes, readThreadTimes, threadSplit } from './lib/host-load';
import { formatMachine, machineInfo, type MachineInfo } from './lib/machine';
import type { StepOutcome, StepSpec } from './lib/protocol';
import { completionRate, summarize, type Summary } from './lib/stats';
import { int, ms, pct, renderTable } from './lib/table';
import { writeSummary } from './lib/report';
import { P99_TARGET_UP_TO_RATE, pipelineSummaryRows } from './lib/summary-pipeline';
import { Generator } from './webhooks';
import { defaultScenarios, formatBackfillScenarios, runBackfillScenarios, type BackfillScenarioResult } from './lib/backfill-bench';

// npm run bench:pipeline — webhook → invoice latency and throughput of the whole pipeline (receiver → inbox → worker
// → order fetched from Square → invoice committed), backfills of history, and SQLite / loopback-HTTP floors, all
// against the in-process fake Square (real SDK over loopback HTTP, real SQLite file, real keychain). Method and
// results: docs/benchmarks.md "## Pipeline". `--quick` runs every phase briefly (a smoke test, not numbers);
// `--backfill=N[,M]` sets the backfill sizes (default 20000,100000);
// `--concurrency=N` / `--batch=N` override the worker's batches in flight / events per batch (default: the app's);
// `--rates=100,500` the fixed rates; `--skip=search,profile,history,backfill,backfill-paths` leaves phases out (for quick checks);
// `--warm-app=N@R` warms each step's fresh app with N webhooks at R/s before measuring (default 10000@1500; 0@1: none);
// `backfill-paths` (bench/lib/backfill-bench.ts) compares the SearchOrders and payments paths with and without Square's pace.

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const QUICK = process.argv.includes('--quick');
const numberArg = (name: string) => (arg(name) === undefined ? undefined : Number(arg(name)));
/** Worker options measured: the app's defaults unless overridden. */
const PIPELINE_OPTIONS = {
  ...(numberArg('concurrency') !== undefined ? { concurrency: numberArg('concurrency') } : {}),
  ...(numberArg('batch') !== undefined ? { batchSize: numberArg('batch') } : {}),
};
/**
 * Where the event path's SQLite writes run (`--thread=main,worker`, both by default, interleaved per rate): 'worker' =
 * the writer thread (issue 18), 'main' = the app's thread as before — the baseline, measured in the same run.
 */
const THREADS = (arg('thread') ?? 'main,worker').split(',') as ('main' | 'worker')[];
type Thread = (typeof THREADS)[number];
/** Where the fake Square runs: its own worker thread (default; as Square's servers would) or the app's thread. */
const FAKE_WHERE: 'thread' | 'inline' = arg('fake') === 'inline' ? 'inline' : 'thread';
const startBenchShop = () => (FAKE_WHERE === 'thread' ? startThreadShop() : startInlineShop());
const SKIP = new Set((arg('skip') ?? '').split(',').filter(Boolean));
/** Requests in flight for the loopback-HTTP floor. */
const HTTP_IN_FLIGHT = 32;
const FIXED_RATES = (arg('rates') ?? '100,500,1000').split(',').map(Number);
const FIXED_TIMING = QUICK ? { warmupMs: 200, durationMs: 1000 } : { warmupMs: 1000, durationMs: 5000 };
/** Ladder above 1000/s when 1000/s keeps up; below it the search bisects between the fixed rates instead. */
const SEARCH_UP = [1500, 2000, 3000, 4000, 6000, 8000];
const SEARCH_TIMING = QUICK ? { warmupMs: 200, durationMs: 800 } : { warmupMs: 500, durationMs: 3000 };
/** Bisection stops when the gap between a passing and a failing rate is below this fraction of the passing one. */
const SEARCH_RESOLUTION = 0.15;
const PROFILE_TIMING = QUICK ? { warmupMs: 0, durationMs: 600 } : { warmupMs: 0, durationMs: 3000 };
/** Done events already in the inbox for the history step (a busy shop's few months of webhooks). */
const HISTORY_ROWS = QUICK ? 5_000 : 20_000;
/**
 * Before each step's measured send, the step's fresh app first invoices WARM_APP.sales webhooks at WARM_APP.rate and
 * drains them (unmeasured): its threads' code is then compiled as in an app that has been running (see warmApp()).
 * 10,000 rather than the 3,000 used until 2026-12-02 14:00: after 3,000, V8 was still optimizing (`--trace-opt`: ~480
 * functions in the first 7,500 sales, 28–72 in each 7,500 after), on the same two cores as the step it measured.
 * At 1,500/s, under what the pipeline keeps up with, so the warm-up leaves no backlog behind.
 */
const WARM_APP = (() => {
  const [sales, rate] = (arg('warm-app') ?? (QUICK ? '500@500' : '10000@1500')).split('@').map(Number);
  return { sales: sales!, rate: rate! };
})();
const WARM_SETTLE_MS = QUICK ? 200 : 1500;
const HISTORY_TIMING = QUICK ? { warmupMs: 200, durationMs: 800 } : { warmupMs: 1000, durationMs: 3000 };
/** Keeping up: p99 (send → invoice) under this, the inbox empty this soon after the last answer, no loss. */
const KEEP_UP_P99_MS = 1000;
const KEEP_UP_DRAIN_MS = 2000;
const MIN_ACHIEVED = 0.95;
/** Targets the results are compared with. Issue 18: p99 ≤ 50 ms at 500 events/s, sustained zero-loss ≥ 2,500 events/s, 100,000-order backfill ≤ 30 s. */
const TARGETS = { p99Ms: 50, eventsPerSec: 2500, backfill100kSec: 30 };
const BACKFILL_SIZES = (arg('backfill') ?? (QUICK ? '1000' : '20000,100000')).split(',').map(Number);
const BACKFILL_FROM = '2026-01-01';
const BACKFILL_TO = '2026-03-31';
const REQUEST_TIMEOUT_MS = 10_000;
const GEN_DRAIN_MS = 10_000;
const MAX_SOCKETS = 256;
/** Whole-run bounds (each step includes its app's warm-up, see WARM_APP): phases are skipped or cut short past BUDGET_MS; at HARD_LIMIT_MS the bench aborts. */
const BUDGET_MS = QUICK ? 150_000 : 600_000;
/** The backfill-paths phase has its own budget on top (bench/lib/backfill-bench.ts). */
const BACKFILL_PATHS_MS = SKIP.has('backfill-paths') ? 0 : QUICK ? 60_000 : 600_000;
const HARD_LIMIT_MS = (QUICK ? 170_000 : 640_000) + BACKFILL_PATHS_MS;
/** Reserved at the end for the baselines and the report. */
const TAIL_MS = QUICK ? 8_000 : 15_000;

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

const epochNow = () => performance.timeOrigin + performance.now();

export interface RateStep {
  phase: 'fixed' | 'search' | 'profile' | 'history';
  /** Where the event path's writes ran (see THREADS). */
  thread: Thread;
  rate: number;
  warmupMs: number;
  durationMs: number;
  /** Done events in the inbox before the step (0: fresh database), and how long inserting them took. */
  history: number;
  historyInsertMs: number;
  sales: number;
  bodyBytes: number;
  /** Webhook POST written (load generator) → invoice committed ('invoice.changed' in this process), measured window. */
  endToEnd: Summary;
  /** Same, from each request's scheduled send time (coordinated-omission-corrected). */
  endToEndFromSchedule: Summary;
  /** The worker's own view: inbox received_at → processed_at (ms, whole milliseconds), measured window. */
  workerInternal: Summary;
  /** The webhook's acknowledgement (POST → 200), from the load generator. */
  ack: Summary;
  /** Invoices of the measured window per second, over the span of their commits (completionRate). */
  achievedPerSec: number;
  /** The measure used until 2026-12-03: measured sales over first measured send → last commit (kept for comparison). */
  achievedFromSendPerSec: number;
  /** Inbox depth (pending + processing) right after the last answer. */
  queueAtEnd: number;
  /** Last answer → inbox empty and every sale invoiced, ms (null: not within the wait). */
  drainMs: number | null;
  httpErrors: number;
  /** Every sale exactly one invoice and every inbox row of the step 'done' (late answers are counted in httpErrors). */
  zeroLoss: boolean;
  loss: { invoiced: number; duplicates: number; missing: number; inboxRows: number; inboxNotDone: Record<string, number> };
  /** Main-process CPU (app + fake Square; the generator is another process) per sale, µs. */
  cpuUsPerEvent: number;
  /** The same by thread (Linux): the main thread, the busiest other (the writer thread), the rest together. */
  threadsUsPerEvent: { mainUs: number; busiestOtherUs: number; restUs: number } | null;
  /** Event-loop utilisation of the app's thread over the step. */
  elu: number;
  /** Fake Square handler time during the step (app's thread), per route. */
  fake: FakeRouteTime[];
  otherCpuPct: number | null;
  /**
   * CPU the hypervisor gave other guests while this one wanted it (/proc/stat steal), % of one core over the step: the
   * machine's own pace, beside the floors measured at the end of the run (null off Linux).
   */
  stealPct: number | null;
  /** The load generator's own CPU a request (its process; shares the machine's cores with the app). */
  generatorUsPerEvent: number;
  /**
   * Connections the generator opened (one request in flight on each): answers held up — an acknowledgement waits for
   * the WAL's sync — make it open more, and past MAX_SOCKETS later webhooks would wait in the generator for one.
   */
  connections: number;
  /** Smallest (inbox received_at − send time): negative beyond −1 ms would mean the two processes' clocks disagree. */
  clockCheckMs: number;
  generatorLagP99: number;
  pass: boolean;
  failReasons: string[];
}

export interface ProfileResult {
  label: string;
  rate: number;
  history: number;
  events: number;
  /** Busy (non-idle) time of the app's thread per event, ms. */
  busyMsPerEvent: number;
  categories: (CategoryShare & { usPerEvent: number })[];
  /** The raw .cpuprofile (Chrome DevTools → Performance → Load profile). */
  file: string;
}

export interface BackfillRun {
  orders: number;
  createMs: number;
  /** backfill() → backfillSettled(): every page read and its events committed to the inbox. */
  queuedMs: number | null;
  /** backfill() → the last of the orders' invoices committed. */
  invoicedMs: number | null;
  invoiced: number;
  completed: boolean;
  zeroLoss: boolean;
  inboxStates: Record<string, number>;
  fake: FakeRouteTime[];
  fakeMs: number;
  /** CPU other processes used during the run, % of one core (null off Linux). */
  otherCpuPct: number | null;
  /** Every second: elapsed, events queued, invoices committed, inbox depth. */
  progress: { t: number; queued: number; invoiced: number; depth: number }[];
  note: string;
}

export interface PipelineBenchResults {
  machine: MachineInfo;
  tree: { commit: string; dirtyFiles: number };
  idleBeforeStart: { otherCpuPct: number; stealPct: number } | null;
  method: Record<string, unknown>;
  fixed: RateStep[];
  search: RateStep[];
  history: RateStep | null;
  /** Of the last thread layout searched (the writer thread unless --thread says otherwise). */
  maxSustained: { rate: number; lowestFailing: number | null; stoppedBy: string; detail: string };
  maxSustainedByThread: Partial<Record<Thread, { rate: number; lowestFailing: number | null; stoppedBy: string; detail: string }>>;
  profiles: ProfileResult[];
  backfill: BackfillRun[];
  /** Backfill by path (SearchOrders / payments baseline) and Square's pace (bench/lib/backfill-bench.ts). */
  backfillPaths: BackfillScenarioResult[];
  backfill100k: { measured: boolean; seconds: number | null; basis: string };
  baselines: { sqlite: SqliteBaseline; http: HttpBaseline; orderResponseBytes: number };
  targets: typeof TARGETS & { verdicts: { name: string; target: string; result: string; met: boolean }[] };
  totalMs: number;
}

function describe(s: RateStep): string {
  const verdict = s.pass ? 'keeps up' : `DOES NOT KEEP UP (${s.failReasons.join('; ')})`;
  return (
    `  ${s.phase.padEnd(7)} ${s.thread.padEnd(6)} ${String(s.rate).padStart(5)}/s  invoiced ${s.achievedPerSec.toFixed(0).padStart(5)}/s  ` +
    `send→invoice p50 ${ms(s.endToEnd.p50)} p95 ${ms(s.endToEnd.p95)} p99 ${ms(s.endToEnd.p99)} ms  ` +
    // Receipt → invoice and the main thread's busy share tell a step short of CPU (both high) from one whose answers
    // waited on the disk (answers slow, receipt → invoice short, the main thread partly idle).
    `ack p99 ${ms(s.ack.p99)} ms  receipt→invoice p99 ${ms(s.workerInternal.p99)} ms  main thread busy ${(s.elu * 100).toFixed(0)}%  ` +
    `queue at end ${s.queueAtEnd}  drain ${s.drainMs === null ? '–' : ms(s.drainMs)} ms  ` +
    `CPU ${int(s.cpuUsPerEvent)} µs/event${s.threadsUsPerEvent ? ` (main ${int(s.threadsUsPerEvent.mainUs)}, busiest other ${int(s.threadsUsPerEvent.busiestOtherUs)}, rest ${int(s.threadsUsPerEvent.restUs)})` : ''}, generator ${int(s.generatorUsPerEvent)} µs/request over ${s.connections} connections, others ${pct(s.otherCpuPct)}, steal ${pct(s.stealPct)}  ${verdict}`
  );
}

interface Env {
  shop: BenchShop;
  app: TestApp;
  /** Invoice id → when 'invoice.changed' announced it (epoch ms, this process). */
  committedAt: Map<number, number>;
  /** New invoice ids announced so far. */
  commits(): number;
  close(): Promise<void>;
}

/** A fresh fake Square + app (empty database), checked end to end with one sale before any load. */
async function openEnv(thread: Thread = THREADS.at(-1)!): Promise<Env> {
  const shop = await startBenchShop();
  let app: TestApp | undefined;
  try {
    app = await startBenchApp(shop, { sync: { enabled: false }, pipeline: { ...PIPELINE_OPTIONS, thread } });
    const a = app;
    const status = a.webhooks.status();
    if (status.refusalReason || !a.webhooks.receiverPort) throw new Error(`receiver not ready: ${status.refusalReason}`);
    // Commit times, taken in this process when the worker announces the committed invoice.
    const committedAt = new Map<number, number>();
    let commits = 0;
    a.bus.on('invoice.changed', ({ id }) => {
      if (committedAt.has(id)) return;
      committedAt.set(id, epochNow());
      commits += 1;
    });
    const probe = await shop.addSales(1);
    const [probeBody] = await shop.paymentCreatedBodies(probe.paymentIds);
    const code = await deliver(a, JSON.parse(probeBody!));
    const until = performance.now() + 10_000;
    while (commits < 1 && performance.now() < until) await sleep(10);
    if (code !== 200 || commits !== 1) throw new Error(`probe sale was not invoiced (HTTP ${code}; ${JSON.stringify(a.worker.stats())})`);
    return {
      shop,
      app: a,
      committedAt,
      commits: () => commits,
      close: async () => {
        await a.dispose().catch(() => undefined);
        await shop.close();
      },
    };
  } catch (err) {
    await app?.dispose().catch(() => undefined);
    await shop.close();
    throw err;
  }
}

/** `rows` earlier webhook events, already processed, as months of trading leave them in the inbox. */
function addInboxHistory(app: TestApp, rows: number): number {
  const t0 = performance.now();
  const inbox = new InboxStore(app.db);
  const at = Date.now() - 90 * 86_400_000;
  app.db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const e = envelopeSchema.parse(paymentCreatedEvent(50_000_000 + i));
      inbox.insert(toInboxRow(e, JSON.stringify(e), { source: 'webhook', receivedAt: at + i * 60_000, state: 'done' }));
    }
  })();
  return performance.now() - t0;
}

interface StepOptions {
  rate: number;
  timing: { warmupMs: number; durationMs: number };
  phase: RateStep['phase'];
  /** How long to wait for the backlog after the last answer. */
  maxWaitMs: number;
  /** Done events put in the inbox before the step (default none: a fresh database). */
  history?: number;
  thread?: Thread;
  /** Sample the app's thread while webhooks are sent and the backlog drains. */
  profileTo?: string;
}

export async function runPipelineBench(log: (line: string) => void = console.log): Promise<PipelineBenchResults> {
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  const work = mkdtempSync(join(tmpdir(), 'tp-bench-pipeline-'));
  let keyring: PrivateKeyring | undefined;
  let env: Env | undefined;
  let gen: Generator | undefined;

  const hardStop = setTimeout(() => {
    console.error(`bench:pipeline exceeded ${HARD_LIMIT_MS / 1000} s; aborting`);
    gen?.kill();
    if (env) rmSync(env.app.config.dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
    keyring?.stop();
    process.exit(2);
  }, HARD_LIMIT_MS);
  hardStop.unref();

  try {
    keyring = ensureSessionKeyring();

    env = await openEnv();
    const machine = machineInfo((env.app.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v);
    // The size of what the pipeline fetches per sale, for the HTTP floor: a BatchRetrieveOrders answer with one order.
    const sampleOrder = (await env.shop.addSales(1)).orderIds[0]!;
    const orderResponse = JSON.stringify({ orders: [await env.shop.getOrder(sampleOrder)] });
    await env.close();
    env = undefined;

    log('Pipeline benchmark: Square webhook → invoice committed, backfill, and their floors');
    log(formatMachine(machine));
    const tree = gitState(['main', 'shared']) ?? { commit: 'unknown', dirtyFiles: 0 };
    log(`code        ${tree.commit.slice(0, 10)}${tree.dirtyFiles ? ` + ${tree.dirtyFiles} uncommitted file(s) under main/ and shared/` : ''}`);
    const idleCpu0 = process.cpuUsage();
    const idleHost0 = readCpuTimes();
    await sleep(1000);
    const idleOwn = process.cpuUsage(idleCpu0);
    const idle = foreignLoad(idleHost0, readCpuTimes(), (idleOwn.user + idleOwn.system) / 1000, 1000);
    log(`others      ${idle ? `${idle.otherCpuPct.toFixed(0)}% of a core used by other processes, steal ${idle.stealPct.toFixed(0)}% (1 s before start)` : 'unknown'}`);
    if (idle && idle.otherCpuPct + idle.stealPct > 25) log('WARNING     the machine is busy with other work: the numbers below will be worse than on an idle machine');
    log(`setup       fake Square in ${FAKE_WHERE === 'thread' ? 'its own worker thread' : "the app's thread"} (--fake=thread|inline), receiver and worker on the main thread with the event path's writes on ${THREADS.join(' and on ')} (--thread), load generator in a child process; worker options ${JSON.stringify(PIPELINE_OPTIONS)} (empty: the app's defaults); a fresh app and database per step${WARM_APP.sales > 0 ? `, each first warmed by ${WARM_APP.sales} webhooks at ${WARM_APP.rate}/s (unmeasured, drained; --warm-app=0@1 for none)` : ' (not warmed: --warm-app)'}`);
    log('');

    gen = new Generator();
    const generator = gen;
    let stepNo = 0;
    const profiles: ProfileResult[] = [];

    /**
     * `count` new sales in the step's fake, their signed `payment.created` webhooks written to a file, and the load
     * generator prepared to send them at `rate` to the app's receiver.
     */
    const prepareSend = async (e: Env, count: number, rate: number, timing: StepOptions['timing'], label: string) => {
      const sales = await e.shop.addSales(count);
      const file = join(work, `${label}-${++stepNo}.bodies`);
      const { bodyBytes } = writeSignedBodies(file, await e.shop.paymentCreatedBodies(sales.paymentIds), HOOK_URL, HOOK_KEY);
      const spec: StepSpec = {
        host: '127.0.0.1',
        port: e.app.webhooks.receiverPort!,
        path: WEBHOOK_PATH,
        rate,
        ...timing,
        notificationUrl: HOOK_URL,
        signatureKey: HOOK_KEY,
        timeoutMs: REQUEST_TIMEOUT_MS,
        drainMs: GEN_DRAIN_MS,
        maxSockets: MAX_SOCKETS,
        bodiesFile: file,
        recordSendTimes: true,
      };
      return { sales, file, bodyBytes, id: await generator.prepare(spec) };
    };

    /**
     * Unmeasured webhooks through a step's fresh app until all are invoiced. Each step opens a fresh app, so its writer
     * thread is a new V8 isolate whose code V8 compiles (on its helper threads) during the first seconds of load:
     * without this, a step measures that start-up on top of the rate it offers.
     */
    const warmApp = async (e: Env, count: number, rate: number): Promise<void> => {
      const { file, id } = await prepareSend(e, count, rate, { warmupMs: 0, durationMs: (count * 1000) / rate }, 'warm');
      const commits0 = e.commits();
      await generator.run(id);
      rmSync(file, { force: true });
      const until = performance.now() + 30_000;
      while (performance.now() < until && !(e.commits() - commits0 >= count && e.app.worker.stats().queueDepth === 0)) await sleep(10);
      // The warm-up's own aftermath (the checkpointer copying its WAL into the database) is not the step's.
      await sleep(WARM_SETTLE_MS);
      await e.shop.clearCalls();
    };

    const step = async (o: StepOptions): Promise<RateStep> => {
      const { rate, timing, phase } = o;
      const thread = o.thread ?? THREADS.at(-1)!;
      const e = await openEnv(thread);
      env = e;
      try {
        const a = e.app;
        if (WARM_APP.sales > 0) await warmApp(e, WARM_APP.sales, WARM_APP.rate);
        const historyMs = o.history ? addInboxHistory(a, o.history) : 0;
        const maxId = (table: 'invoices' | 'webhook_inbox') => (a.db.prepare(`SELECT coalesce(max(id), 0) AS m FROM ${table}`).get() as { m: number }).m;
        const invoicesAfter = (id: number) => (a.db.prepare('SELECT count(*) AS n FROM invoices WHERE id > ?').get(id) as { n: number }).n;
        const n = Math.round((rate * (timing.warmupMs + timing.durationMs)) / 1000);
        const warm = Math.round((rate * timing.warmupMs) / 1000);
        const { sales, file, bodyBytes, id } = await prepareSend(e, n, rate, timing, 'step');
        await e.shop.clearCalls(); // the fake logs every request; keep its memory flat
        const inbox0 = maxId('webhook_inbox');
        const invoice0 = maxId('invoices');
        const fake0 = await e.shop.handlerTimes();
        const commits0 = e.commits();
        // Profiled steps sample only while webhooks are sent and the backlog drains, not the preparation above.
        const profiler = o.profileTo ? await startProfile() : null;
        const cpu0 = process.cpuUsage();
        const threads0 = readThreadTimes();
        const elu0 = performance.eventLoopUtilization();
        const host0 = readCpuTimes();
        const wall0 = performance.now();
        const outcome: StepOutcome = await generator.run(id);
        const answeredAt = performance.now();
        const queueAtEnd = a.worker.stats().queueDepth;
        let drainMs: number | null = null;
        // Cheap polling (a counter kept by the bus listener; SQLite only once it says every sale is in).
        while (performance.now() - answeredAt < o.maxWaitMs) {
          if (e.commits() - commits0 >= n && invoicesAfter(invoice0) >= n && a.worker.stats().queueDepth === 0) {
            drainMs = performance.now() - answeredAt;
            break;
          }
          await sleep(10);
        }
        const cpu = process.cpuUsage(cpu0);
        const threads = threadSplit(threads0, readThreadTimes(), n);
        const elu = performance.eventLoopUtilization(elu0);
        const wallMs = performance.now() - wall0;
        const profile = profiler ? await profiler.stop(o.profileTo) : null;
        const foreign = foreignLoad(host0, readCpuTimes(), (cpu.user + cpu.system) / 1000 + outcome.generatorCpuMs, wallMs);
        const fake = fakeDelta(fake0, await e.shop.handlerTimes());
        rmSync(file, { force: true });

        // Join: payment → invoice (exactly one), invoice → commit time; payment → inbox row.
        const invoices = a.db.prepare('SELECT id, source_payment_id AS p FROM invoices WHERE id > ?').all(invoice0) as { id: number; p: string | null }[];
        const invoiceOf = new Map<string, number[]>();
        for (const r of invoices) if (r.p) invoiceOf.set(r.p, [...(invoiceOf.get(r.p) ?? []), r.id]);
        const inbox = a.db
          .prepare('SELECT object_id AS p, state, received_at AS rx, processed_at AS done FROM webhook_inbox WHERE id > ?')
          .all(inbox0) as { p: string; state: string; rx: number; done: number | null }[];
        const inboxOf = new Map(inbox.map((r) => [r.p, r]));
        const sendAt = outcome.sendEpochMs ?? [];
        const interval = 1000 / rate;
        const e2e: number[] = [];
        const e2eSched: number[] = [];
        const internal: number[] = [];
        let clockCheckMs = Infinity;
        let invoiced = 0;
        let duplicates = 0;
        const commitAt: number[] = [];
        let lastCommit = -Infinity;
        for (let i = 0; i < n; i++) {
          const pid = sales.paymentIds[i]!;
          const ids = invoiceOf.get(pid) ?? [];
          if (ids.length >= 1) invoiced += 1;
          if (ids.length > 1) duplicates += ids.length - 1;
          const row = inboxOf.get(pid);
          if (row && sendAt[i] !== undefined) clockCheckMs = Math.min(clockCheckMs, row.rx - sendAt[i]!);
          if (i < warm) continue;
          const at = ids.length ? e.committedAt.get(ids[0]!) : undefined;
          if (at !== undefined && sendAt[i] !== undefined) {
            e2e.push(at - sendAt[i]!);
            // The generator's schedule: request i is due i/rate after the first one (sent on time to within its lag).
            e2eSched.push(at - (sendAt[0]! + i * interval));
            commitAt.push(at);
            lastCommit = Math.max(lastCommit, at);
          }
          if (row?.done !== null && row?.done !== undefined) internal.push(row.done - row.rx);
        }
        const notDone: Record<string, number> = {};
        for (const r of inbox) if (r.state !== 'done') notDone[r.state] = (notDone[r.state] ?? 0) + 1;
        const errors = outcome.all.non200 + outcome.all.timeouts + outcome.all.connErrors;
        // Loss is about sales: every one invoiced once, every inbox row done. A webhook answered late (timeout) is not
        // lost — it was stored and invoiced — but Square would resend it: counted as an error, not as loss.
        const zeroLoss = invoiced === n && duplicates === 0 && inbox.length === n && Object.keys(notDone).length === 0;
        // Throughput: the measured sales' invoices over the span of their commits. Until 2026-12-03 the span began at
        // the first measured *send*, which charged a step its steady lag twice — as latency (p99) and as throughput: a
        // step that kept pace 300 ms behind read 91 % of its rate over 3 s. Falling behind still shows: the lag then
        // grows through the step, and the span with it.
        const achievedPerSec = completionRate(commitAt) || 0;
        const achievedFromSendPerSec = lastCommit > (sendAt[warm] ?? Infinity) ? e2e.length / ((lastCommit - sendAt[warm]!) / 1000) : 0;
        const endToEnd = summarize(e2e);
        const failReasons: string[] = [];
        if (errors) failReasons.push(`${errors} webhooks not answered 200 in ${REQUEST_TIMEOUT_MS / 1000} s ${JSON.stringify(outcome.statusCodes)}`);
        if (!zeroLoss) failReasons.push(`loss: ${invoiced}/${n} invoiced, ${duplicates} duplicates, inbox ${inbox.length} rows ${JSON.stringify(notDone)}`);
        if (!(endToEnd.p99 <= KEEP_UP_P99_MS)) failReasons.push(`p99 ${ms(endToEnd.p99)} ms > ${KEEP_UP_P99_MS} ms`);
        if (drainMs === null || drainMs > KEEP_UP_DRAIN_MS) failReasons.push(`queue ${queueAtEnd} at the end, drained ${drainMs === null ? 'not within the wait' : `after ${ms(drainMs)} ms`}`);
        if (!(achievedPerSec >= MIN_ACHIEVED * rate)) failReasons.push(`invoiced ${achievedPerSec.toFixed(0)}/s < ${MIN_ACHIEVED * 100}% of offered`);
        const record: RateStep = {
          phase,
          thread,
          rate,
          ...timing,
          history: o.history ?? 0,
          historyInsertMs: historyMs,
          sales: n,
          bodyBytes,
          endToEnd,
          endToEndFromSchedule: summarize(e2eSched),
          workerInternal: summarize(internal),
          ack: outcome.latency,
          achievedPerSec,
          achievedFromSendPerSec,
          queueAtEnd,
          drainMs,
          httpErrors: errors,
          zeroLoss,
          loss: { invoiced, duplicates, missing: n - invoiced, inboxRows: inbox.length, inboxNotDone: notDone },
          cpuUsPerEvent: (cpu.user + cpu.system) / n,
          threadsUsPerEvent: threads,
          elu: elu.utilization,
          fake,
          otherCpuPct: foreign?.otherCpuPct ?? null,
          stealPct: foreign?.stealPct ?? null,
          generatorUsPerEvent: (outcome.generatorCpuMs * 1000) / n,
          connections: outcome.socketsOpened,
          clockCheckMs,
          generatorLagP99: outcome.scheduleLag.p99,
          pass: failReasons.length === 0,
          failReasons,
        };
        log(describe(record));
        if (profile) {
          const b = breakdown(profile);
          profiles.push({
            label: `${rate}/s offered${o.history ? ` with ${o.history} earlier events in the inbox` : ', fresh database'}`,
            rate,
            history: o.history ?? 0,
            events: n,
            busyMsPerEvent: b.busyMs / n,
            categories: b.categories.map((c) => ({ ...c, usPerEvent: (c.ms * 1000) / n })),
            file: o.profileTo!,
          });
        }
        return record;
      } finally {
        await e.close();
        env = undefined;
        await sleep(QUICK ? 50 : 300);
      }
    };

    // 1. Fixed offered rates, each on a fresh database.
    log(`Fixed offered rates (${FIXED_TIMING.warmupMs} ms warm-up + ${FIXED_TIMING.durationMs} ms measured; each step waits for the backlog to drain)`);
    const fixed: RateStep[] = [];
    for (const rate of FIXED_RATES) for (const thread of THREADS) fixed.push(await step({ rate, thread, timing: FIXED_TIMING, phase: 'fixed', maxWaitMs: 90_000 }));

    // 2. Highest offered rate the pipeline keeps up with, zero loss.
    log('');
    log(`Sustained maximum (${SEARCH_TIMING.warmupMs} ms warm-up + ${SEARCH_TIMING.durationMs} ms measured; keeps up = no loss, no late answers, p99 ≤ ${KEEP_UP_P99_MS} ms, inbox empty ≤ ${KEEP_UP_DRAIN_MS} ms after the last webhook, invoiced ≥ ${MIN_ACHIEVED * 100}% of offered)`);
    const search: RateStep[] = [];
    const maxSustainedByThread: PipelineBenchResults['maxSustainedByThread'] = {};
    let best = 0;
    let worst = Infinity;
    let stoppedBy = '';
    let detail = '';
    for (const thread of THREADS) {
      best = Math.max(0, ...fixed.filter((f) => f.thread === thread && f.pass).map((f) => f.rate));
      worst = Math.min(Infinity, ...fixed.filter((f) => f.thread === thread && !f.pass && f.rate > best).map((f) => f.rate));
      stoppedBy = 'end of rate list';
      detail = '';
      // Keep time for the history step, the profile and the backfills (100,000 orders take ~1.5 min plus creation).
      const searchBudgetLeft = () => BUDGET_MS - TAIL_MS - (SKIP.has('backfill') ? 20_000 : 220_000) - elapsed() > 0;
      const failDetail = (r: RateStep) => `at ${r.rate}/s: ${r.failReasons.join('; ')}`;
      const searchStep = async (rate: number) => {
        const r = await step({ rate, thread, timing: SEARCH_TIMING, phase: 'search', maxWaitMs: 60_000 });
        search.push(r);
        return r;
      };
      if (SKIP.has('search')) {
        stoppedBy = 'skipped (--skip=search)';
        worst = Infinity;
      } else if (worst === Infinity) {
        for (const rate of SEARCH_UP) {
          if (rate <= best) continue;
          if (!searchBudgetLeft()) {
            stoppedBy = 'time budget';
            detail = `not tried at ${rate}/s`;
            break;
          }
          const r = await searchStep(rate);
          if (!r.pass) {
            worst = rate;
            detail = failDetail(r);
            break;
          }
          best = rate;
        }
      }
      if (worst !== Infinity && !SKIP.has('search')) {
        stoppedBy = 'pipeline';
        detail ||= failDetail(fixed.find((r) => r.thread === thread && r.rate === worst)!);
        // Bisect between the highest passing and the lowest failing rate (from 0 when even the lowest failed).
        let lo = best;
        let hi = worst;
        const round10 = (v: number) => Math.max(10, Math.round(v / 10) * 10);
        while (hi - lo > SEARCH_RESOLUTION * Math.max(lo, 10) && searchBudgetLeft()) {
          const next = round10((lo + hi) / 2);
          if (next <= lo || next >= hi) break;
          const r = await searchStep(next);
          if (r.pass) lo = next;
          else {
            hi = next;
            detail = failDetail(r);
          }
        }
        if (!searchBudgetLeft() && hi - lo > SEARCH_RESOLUTION * Math.max(lo, 10)) detail += ' (search cut short by the time budget)';
        best = lo;
        worst = hi;
      }
      log(`  → ${thread}: highest offered rate kept up with: ${best ? `${best}/s` : `< ${worst}/s`} (${stoppedBy}${detail ? `; lowest failing ${detail}` : ''})`);
      maxSustainedByThread[thread] = { rate: best, lowestFailing: worst === Infinity ? null : worst, stoppedBy, detail };
    }

    // 3. Where the time goes: a saturating step on a fresh database, under the CPU profiler ...
    if (!SKIP.has('profile') && elapsed() < BUDGET_MS - TAIL_MS - 120_000) {
      const rate = numberArg('profile-rate') ?? Math.min(2000, Math.max(200, Math.round((best || 100) * 1.5)));
      log('');
      log(`CPU profile of a saturating step (${rate}/s for ${PROFILE_TIMING.durationMs} ms on a fresh database, then drain) ...`);
      await step({ rate, timing: PROFILE_TIMING, phase: 'profile', maxWaitMs: 60_000, profileTo: join(tmpdir(), `tp-bench-pipeline-${process.pid}-fresh.cpuprofile`) });
    }
    // ... and 4. the same low rate as the first fixed step, with months of history already in the inbox.
    let history: RateStep | null = null;
    if (!SKIP.has('history') && elapsed() < BUDGET_MS - TAIL_MS - 90_000) {
      log('');
      log(`Inbox history: ${FIXED_RATES[0]}/s again, with ${HISTORY_ROWS} earlier (done) events in the inbox, profiled ...`);
      history = await step({
        rate: FIXED_RATES[0]!,
        timing: HISTORY_TIMING,
        phase: 'history',
        maxWaitMs: 60_000,
        history: HISTORY_ROWS,
        profileTo: join(tmpdir(), `tp-bench-pipeline-${process.pid}-history.cpuprofile`),
      });
    }
    gen.stop();
    gen = undefined;

    // 5. Backfill: a fresh fake and app per size, orders spread over the date range.
    const backfill: BackfillRun[] = [];
    for (const size of SKIP.has('backfill') ? [] : BACKFILL_SIZES) {
      const left = BUDGET_MS - TAIL_MS - elapsed();
      if (left < 20_000) {
        log(`  backfill of ${size}: skipped (time budget)`);
        continue;
      }
      log('');
      log(`Backfill of ${size} orders (${BACKFILL_FROM} … ${BACKFILL_TO}) ...`);
      backfill.push(await runBackfill(size, left - 5_000, log));
    }

    // 5b. Backfill by path and Square's pace (its own time budget: Square's latency makes the baseline slow).
    const backfillPaths = SKIP.has('backfill-paths') ? [] : await runBackfillScenarios(
      defaultScenarios(QUICK ? 2_000 : 100_000, QUICK ? 1_000 : 20_000),
      { startShop: startBenchShop, budgetMs: BACKFILL_PATHS_MS, log, pipeline: PIPELINE_OPTIONS },
    );

    // 6. Floors.
    log('');
    log('Baselines ...');
    const sqlite = sqliteBaseline(QUICK ? 2000 : 20_000);
    log(`  SQLite alone: ${sqlite.eventsPerSec.toFixed(0)} events/s, per event p50 ${ms(sqlite.latency.p50)} p99 ${ms(sqlite.latency.p99)} ms`);
    const http = await httpBaseline(orderResponse, HTTP_IN_FLIGHT, QUICK ? 1000 : 3000);
    log(`  loopback HTTP alone: ${http.requestsPerSec.toFixed(0)} req/s (${HTTP_IN_FLIGHT} in flight), p50 ${ms(http.latency.p50)} p99 ${ms(http.latency.p99)} ms`);

    const done = backfill.filter((b) => b.completed).sort((x, y) => x.orders - y.orders);
    const big = done.at(-1);
    const at100k = backfill.find((b) => b.orders >= 100_000 && b.completed);
    const unfinished = backfill.find((b) => !b.completed);
    const rateOf = (b: BackfillRun) => b.orders / (b.invoicedMs! / 1000);
    const caveats: string[] = [];
    if (unfinished) caveats.push(`${unfinished.orders} orders did not finish in ${((unfinished.progress.at(-1)?.t ?? 0) / 1000).toFixed(0)} s`);
    if (done.length > 1 && rateOf(big!) < 0.9 * rateOf(done[0]!)) caveats.push(`the rate fell from ${rateOf(done[0]!).toFixed(0)}/s at ${done[0]!.orders} to ${rateOf(big!).toFixed(0)}/s at ${big!.orders} orders`);
    if (big && big.fakeMs > 0.1 * big.invoicedMs!) caveats.push(`the fake's own listing (it sorts every match per page) was ${(big.fakeMs / 1000).toFixed(1)} s of it and grows ~quadratically`);
    const backfill100k = at100k
      ? { measured: true, seconds: at100k.invoicedMs! / 1000, basis: 'measured' }
      : big
        ? {
            measured: false,
            seconds: ((big.invoicedMs! / 1000) * 100_000) / big.orders,
            basis: `linear extrapolation from ${big.orders} orders (${(big.invoicedMs! / 1000).toFixed(1)} s)${caveats.length ? `, optimistic: ${caveats.join('; ')}` : ''}`,
          }
        : { measured: false, seconds: null, basis: 'no backfill completed' };

    // The targets are judged on the layout searched last (the writer thread by default); the other is the baseline.
    const judged = fixed.filter((f) => f.thread === THREADS.at(-1));
    // The latency target holds up to 500 events/s (issue 18); faster fixed rates are shown beside it, not judged.
    // Not met when no such rate was measured (e.g. --rates=2000): no evidence is not a pass.
    const atShopPace = judged.filter((f) => f.rate <= P99_TARGET_UP_TO_RATE);
    const worstFixedP99 = atShopPace.length ? Math.max(...atShopPace.map((f) => f.endToEnd.p99)) : Infinity;
    const verdicts = [
      {
        name: 'webhook → invoice p99',
        target: `≤ ${TARGETS.p99Ms} ms up to ${P99_TARGET_UP_TO_RATE}/s`,
        result: judged.map((f) => `${ms(f.endToEnd.p99)} ms @${f.rate}/s`).join(', '),
        met: worstFixedP99 <= TARGETS.p99Ms,
      },
      { name: 'sustained throughput, zero loss', target: `≥ ${TARGETS.eventsPerSec} events/s`, result: best ? `${best}/s` : worst === Infinity ? 'not measured' : `< ${worst}/s`, met: best >= TARGETS.eventsPerSec },
      {
        name: '100k backfill (queue → all invoiced)',
        target: `≤ ${TARGETS.backfill100kSec} s`,
        result: backfill100k.seconds === null ? 'not measured' : `${backfill100k.measured ? '' : '~'}${backfill100k.seconds.toFixed(0)} s${backfill100k.measured ? '' : ' (extrapolated)'}`,
        met: backfill100k.seconds !== null && backfill100k.seconds <= TARGETS.backfill100kSec,
      },
    ];

    const results: PipelineBenchResults = {
      machine,
      tree,
      idleBeforeStart: idle,
      method: {
        openLoop: true,
        event: 'payment.created for a distinct sale pre-created in the fake Square (2 lines, 1 additive tax), signed like Square',
        endToEnd: "load generator's send time (child process, performance.timeOrigin + now) → 'invoice.changed' emitted right after the commit (this process, same clock)",
        workerInternal: 'inbox received_at → processed_at (Date.now, whole ms), as the worker records them',
        ack: 'POST written → 200 received, in the load generator',
        freshDatabasePerStep: true,
        fixedRates: FIXED_RATES,
        fixedTiming: FIXED_TIMING,
        searchTiming: SEARCH_TIMING,
        keepUp: { p99MaxMs: KEEP_UP_P99_MS, drainMaxMs: KEEP_UP_DRAIN_MS, minAchieved: MIN_ACHIEVED, answers: `every POST 200 within ${REQUEST_TIMEOUT_MS / 1000} s`, zeroLoss: 'one invoice per sale, inbox rows all done' },
        historyRows: HISTORY_ROWS,
        pipelineOptions: PIPELINE_OPTIONS,
        threads: THREADS,
        fakeSquare: FAKE_WHERE === 'thread' ? 'own worker thread in the bench process (own event loop and heap)' : "the app's thread",
        threadLayouts: "main: receiver, worker and every SQLite write share the main JavaScript thread; worker: the event path's writes (receiver inserts, claims, batch commits with conversion) on the writer thread. Checkpoints in their own thread either way; the load generator in its own process",
        backfillRange: [BACKFILL_FROM, BACKFILL_TO],
        quick: QUICK,
      },
      fixed,
      search,
      history,
      maxSustained: { rate: best, lowestFailing: worst === Infinity ? null : worst, stoppedBy, detail },
      maxSustainedByThread,
      profiles,
      backfill,
      backfillPaths,
      backfill100k,
      baselines: { sqlite, http, orderResponseBytes: Buffer.byteLength(orderResponse) },
      targets: { ...TARGETS, verdicts },
      totalMs: elapsed(),
    };
    log('');
    log(formatReport(results));
    return results;
  } finally {
    clearTimeout(hardStop);
    gen?.stop();
    await env?.close();
    rmSync(work, { recursive: true, force: true });
    keyring?.stop();
  }
}

/** One backfill on a fresh fake Square + app: `size` orders created, then backfill() until every one is invoiced. */
async function runBackfill(size: number, budgetMs: number, log: (line: string) => void): Promise<BackfillRun> {
  const shop = await startBenchShop();
  let app: TestApp | undefined;
  try {
    const begin = Date.parse(`${BACKFILL_FROM}T00:00:00Z`);
    const span = Date.parse(`${BACKFILL_TO}T23:59:59Z`) - begin;
    const created = await shop.addSales(size, { beginMs: begin, spanMs: span });
    const heap = process.memoryUsage();
    log(`  ${size} orders created in the fake in ${ms(created.createMs)} ms (app thread heap ${(heap.heapUsed / 2 ** 20).toFixed(0)} MiB, process rss ${(heap.rss / 2 ** 20).toFixed(0)} MiB)`);
    app = await startBenchApp(shop, { sync: { enabled: false }, pipeline: PIPELINE_OPTIONS });
    const a = app;
    let invoiced = 0;
    a.bus.on('invoice.changed', () => (invoiced += 1));
    const fake0 = await shop.handlerTimes();
    const progress: BackfillRun['progress'] = [];
    const cpu0 = process.cpuUsage();
    const host0 = readCpuTimes();
    // `--profile-backfill`: the V8 sampling profile of the backfill alone (from backfill() to the last invoice).
    // Timed from a started app (see backfill-bench.ts): the writer thread has its connection.
    await a.pipelineReady();
    const profiler = process.argv.includes('--profile-backfill') ? await startProfile() : null;
    const t0 = performance.now();
    a.sync.backfill({ from: BACKFILL_FROM, to: BACKFILL_TO });
    let queuedMs: number | null = null;
    void a.sync.backfillSettled().then(() => (queuedMs = performance.now() - t0));
    let invoicedMs: number | null = null;
    let lastTick = 0;
    while (performance.now() - t0 < budgetMs) {
      const t = performance.now() - t0;
      if (t - lastTick >= 1000) {
        lastTick = t;
        const q = a.sync.status().backfill?.queued ?? 0;
        const row = { t: Math.round(t), queued: q, invoiced, depth: a.worker.stats().queueDepth };
        progress.push(row);
        log(`    ${(t / 1000).toFixed(0).padStart(4)} s  queued ${String(row.queued).padStart(6)}  invoiced ${String(row.invoiced).padStart(6)}  inbox depth ${row.depth}`);
        await shop.clearCalls();
      }
      if (invoiced >= size && queuedMs !== null) {
        invoicedMs = performance.now() - t0;
        break;
      }
      await sleep(20);
    }
    const completed = invoicedMs !== null;
    if (profiler) {
      const file = join(tmpdir(), `tp-bench-pipeline-${process.pid}-backfill-${size}.cpuprofile`);
      await profiler.stop(file);
      log(`  raw profile: ${file}`);
    }
    if (!completed) a.sync.cancel();
    const cpu = process.cpuUsage(cpu0);
    const foreign = foreignLoad(host0, readCpuTimes(), (cpu.user + cpu.system) / 1000, performance.now() - t0);
    const fake = fakeDelta(fake0, await shop.handlerTimes());
    const fakeMs = fake.reduce((x, f) => x + f.ms, 0);
    const states = Object.fromEntries(
      (a.db.prepare('SELECT state, count(*) AS n FROM webhook_inbox GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]),
    );
    const distinct = (a.db.prepare('SELECT count(DISTINCT source_payment_id) AS d, count(*) AS n FROM invoices').get() as { d: number; n: number });
    // One invoice per sale and every inbox row done (the orders invoiced straight from their page have none).
    const zeroLoss = completed && distinct.d === size && distinct.n === size && Object.keys(states).every((k) => k === 'done');
    const elapsedS = (performance.now() - t0) / 1000;
    const note = completed
      ? `queued in ${((queuedMs ?? 0) / 1000).toFixed(1)} s, all invoiced in ${(invoicedMs! / 1000).toFixed(1)} s (${(size / (invoicedMs! / 1000)).toFixed(0)} orders/s); fake handlers ${(fakeMs / 1000).toFixed(1)} s of it`
      : `NOT finished within ${(budgetMs / 1000).toFixed(0)} s: ${invoiced}/${size} invoiced after ${elapsedS.toFixed(0)} s (${(invoiced / elapsedS).toFixed(0)} orders/s)`;
    log(`  ${note}; zero loss: ${zeroLoss}`);
    return {
      orders: size,
      createMs: created.createMs,
      queuedMs,
      invoicedMs,
      invoiced,
      completed,
      zeroLoss,
      inboxStates: states,
      fake,
      fakeMs,
      otherCpuPct: foreign?.otherCpuPct ?? null,
      progress,
      note,
    };
  } finally {
    await app?.dispose().catch(() => undefined);
    await shop.close();
  }
}

function formatReport(r: PipelineBenchResults): string {
  const out: string[] = [];
  const b = r.baselines;
  out.push('Webhook → invoice committed (ms; measured window; each event a distinct sale; order fetched from the fake Square; fresh database per row)');
  const rows: string[][] = [
    ['offered/s', 'invoiced/s', 'p50', 'p95', 'p99', 'max', 'worker p99', 'ack p99', 'late acks', 'queue at end', 'drain ms', 'lost', 'CPU µs/event', 'other procs CPU', 'steal', 'keeps up'],
  ];
  const label = (s: RateStep) =>
    `${s.thread === 'worker' ? 'writer thread' : 'main thread'} ${s.rate}${s.phase === 'search' ? ' (search)' : s.phase === 'history' ? ` (+${s.history} in inbox)` : s.phase === 'profile' ? ' (profiled)' : ''}`;
  for (const s of [...r.fixed, ...r.search, ...(r.history ? [r.history] : [])]) {
    rows.push([
      label(s),
      s.achievedPerSec.toFixed(0),
      ms(s.endToEnd.p50),
      ms(s.endToEnd.p95),
      ms(s.endToEnd.p99),
      ms(s.endToEnd.max),
      ms(s.workerInternal.p99),
      ms(s.ack.p99),
      String(s.httpErrors),
      String(s.queueAtEnd),
      s.drainMs === null ? '–' : int(s.drainMs),
      String(s.loss.missing + s.loss.duplicates),
      int(s.cpuUsPerEvent),
      pct(s.otherCpuPct),
      pct(s.stealPct),
      s.pass ? 'yes' : 'no',
    ]);
  }
  out.push(renderTable(rows));
  out.push(
    `floors: SQLite alone ${b.sqlite.eventsPerSec.toFixed(0)} events/s (p50 ${ms(b.sqlite.latency.p50)} / p99 ${ms(b.sqlite.latency.p99)} ms per event); ` +
      `loopback HTTP alone ${b.http.requestsPerSec.toFixed(0)} req/s (p50 ${ms(b.http.latency.p50)} / p99 ${ms(b.http.latency.p99)} ms, ${b.http.concurrency} in flight, ${b.orderResponseBytes} B answers)`,
  );
  out.push('');
  for (const [thread, m] of Object.entries(r.maxSustainedByThread)) {
    out.push(
      `Sustained maximum with zero loss (${thread === 'worker' ? 'writer thread' : 'main thread'}): ${m.rate ? `${m.rate} events/s` : 'below the lowest rate tried'}` +
        `${m.lowestFailing ? `, fails at ${m.lowestFailing}/s` : ''} (stopped by ${m.stoppedBy}${m.detail ? `; ${m.detail}` : ''})`,
    );
  }
  for (const p of r.profiles) {
    out.push('');
    out.push(`Where the app's thread went: ${p.label} (${p.events} events; ${ms(p.busyMsPerEvent)} ms busy per event)`);
    const prow: string[][] = [['category', 'share', 'µs/event']];
    for (const c of p.categories) if (c.share >= 0.005) prow.push([c.name, `${(c.share * 100).toFixed(1)}%`, c.usPerEvent.toFixed(0)]);
    out.push(renderTable(prow, ['l', 'r', 'r']));
    out.push(`raw profile: ${p.file}`);
  }
  out.push('');
  out.push('Backfill (fresh fake + app per size)');
  const brow: string[][] = [['orders', 'create in fake s', 'queued s', 'all invoiced s', 'orders/s', 'fake handlers s', 'other procs CPU', 'zero loss', 'note']];
  for (const x of r.backfill) {
    brow.push([
      String(x.orders),
      (x.createMs / 1000).toFixed(1),
      x.queuedMs === null ? '–' : (x.queuedMs / 1000).toFixed(1),
      x.invoicedMs === null ? '–' : (x.invoicedMs / 1000).toFixed(1),
      x.invoicedMs === null ? '–' : (x.orders / (x.invoicedMs / 1000)).toFixed(0),
      (x.fakeMs / 1000).toFixed(1),
      pct(x.otherCpuPct),
      x.zeroLoss ? 'yes' : 'no',
      x.completed ? '' : x.note,
    ]);
  }
  out.push(renderTable(brow, ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'l']));
  if (r.backfillPaths.length) out.push('', formatBackfillScenarios(r.backfillPaths));
  out.push(`100k: ${r.backfill100k.seconds === null ? 'not measured' : `${r.backfill100k.measured ? '' : '~'}${r.backfill100k.seconds.toFixed(0)} s`} (${r.backfill100k.basis})`);
  out.push('');
  out.push('Targets');
  out.push(renderTable([['', 'target', 'result', 'met'], ...r.targets.verdicts.map((v) => [v.name, v.target, v.result, v.met ? 'yes' : 'NO'])], ['l', 'l', 'l', 'l']));
  out.push('');
  out.push(`sale shape: ${SALE_SHAPE.lines.length} lines + ${SALE_SHAPE.taxes.length} tax; total ${(r.totalMs / 1000).toFixed(1)} s`);
  return out.join('\n');
}

runAsScript(import.meta.url, QUICK ? 'pipeline.quick.json' : 'pipeline.json', async () => {
  const results = await runPipelineBench();
  writeSummary('pipeline', pipelineSummaryRows(results)); // for the one report (npm run bench, bench/all.ts)
  return results;
});
