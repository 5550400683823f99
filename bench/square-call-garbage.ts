import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TimeoutStrategy, timeout } from 'cockatiel';
import { startInlineShop } from './lib/bench-shop';
import { runAsScript } from './lib/script';
import { renderTable } from './lib/table';
import { createSquareClient } from '../main/square/square-client';
import { capturingFetch, keepingOrdersWire } from '../main/square/raw-capture';
import { createSquarePolicy } from '../main/pipeline/square-policy';

// What one BatchRetrieveOrders call (2 orders) leaves for the young-generation collector to promote, by layer: how
// much of each call's garbage is still reachable at two collections in a row and so gets copied into the old
// generation (a full collection frees it later). Promoted bytes set the length of the main thread's collection
// pauses, which every sale in flight waits out (docs/architecture.md, "Pipeline": square-policy.ts).
//
//   npm run bench:square-calls        # ~1 minute: the fake Square in this process, each variant in a child process
//
// Each variant runs in its own `node --trace-gc-nvp` child with the app's young generation (32 MB semi-spaces), makes
// calls one after another for 8 s (a 1 ms pause between them) after 500 unmeasured ones, and this process sums what
// V8 reports for the collections in between.

const VARIANTS = {
  transport: 'the SDK\'s HTTP client alone (square-transport.ts), answer read as text',
  capture: 'plus orders read from the answer (raw-capture.ts), no SDK',
  sdk: 'the SDK call as the app makes it, no policy',
  app: 'the SDK call through the app\'s policy (square-policy.ts)',
  raced: 'the SDK call through cockatiel\'s Aggressive timeout (the policy before 2026-12-02)',
} as const;
type Variant = keyof typeof VARIANTS;

interface Setup {
  url: string;
  token: string;
  orderIds: string[];
}

const MEASURE_MS = 8_000;
const WARM_CALLS = 500;

async function child(variant: Variant, setup: Setup): Promise<void> {
  const client = createSquareClient({ baseUrl: setup.url, token: setup.token, maxRetries: 0 });
  const policy = createSquarePolicy({});
  const raced = timeout(15_000, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  let next = 0;
  const twoIds = () => [setup.orderIds[next++ % setup.orderIds.length]!, setup.orderIds[next++ % setup.orderIds.length]!];
  const sdkCall = () => keepingOrdersWire((o) => client.orders.batchGet({ orderIds: twoIds() }, o));
  const bare = (headers: Record<string, string>) =>
    capturingFetch(`${setup.url}/v2/orders/batch-retrieve`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${setup.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ order_ids: twoIds() }),
    }).then((r) => r.text());
  const calls: Record<Variant, () => Promise<unknown>> = {
    transport: () => bare({}),
    capture: () => keepingOrdersWire(async (o) => JSON.parse(await bare(o.headers)) as { orders?: never[] }),
    sdk: sdkCall,
    app: () => policy.execute(() => sdkCall()),
    raced: () => raced.execute(() => sdkCall()),
  };
  const call = calls[variant];
  for (let i = 0; i < WARM_CALLS; i++) await call();
  console.log('CALLS start');
  const end = performance.now() + MEASURE_MS;
  let n = 0;
  while (performance.now() < end) {
    await call();
    n += 1;
    await new Promise((r) => setTimeout(r, 1));
  }
  console.log(`CALLS end ${n}`);
}

export interface VariantResult {
  variant: Variant;
  what: string;
  calls: number;
  scavenges: number;
  promotedKbPerCall: number;
  meanPauseMs: number;
  maxPauseMs: number;
}

/** The young-generation collections a child reported between its markers (its only isolate). */
function readGcLines(out: string, variant: Variant): VariantResult {
  const lines = out.split('\n');
  const from = lines.findIndex((l) => l.startsWith('CALLS start'));
  const to = lines.findIndex((l) => l.startsWith('CALLS end'));
  if (from < 0 || to < 0) throw new Error(`variant ${variant} did not finish:\n${out.slice(-2000)}`);
  const calls = Number(lines[to]!.split(' ')[2]);
  const scavenges = lines
    .slice(from, to)
    .filter((l) => / gc=s /.test(l))
    .map((l) => Object.fromEntries([...l.matchAll(/([\w.]+)=([\d.]+)/g)].map((m) => [m[1], Number(m[2])])) as Record<string, number>);
  const pauses = scavenges.map((s) => s.pause ?? 0);
  const promoted = scavenges.reduce((sum, s) => sum + (s.promoted ?? 0), 0);
  return {
    variant,
    what: VARIANTS[variant],
    calls,
    scavenges: scavenges.length,
    promotedKbPerCall: Math.round((promoted / 1024 / calls) * 10) / 10,
    meanPauseMs: pauses.length ? Math.round((pauses.reduce((a, b) => a + b, 0) / pauses.length) * 10) / 10 : 0,
    maxPauseMs: pauses.length ? Math.max(...pauses) : 0,
  };
}

async function main(): Promise<{ results: VariantResult[] }> {
  const shop = await startInlineShop();
  const dir = mkdtempSync(join(tmpdir(), 'tp-square-calls-'));
  try {
    const sales = await shop.addSales(20_000);
    const setup: Setup = { url: shop.url, token: (await shop.grantTokens()).access_token, orderIds: sales.orderIds };
    const setupFile = join(dir, 'setup.json');
    writeFileSync(setupFile, JSON.stringify(setup));
    const results: VariantResult[] = [];
    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      const out = await runChild(variant, setupFile);
      const r = readGcLines(out, variant);
      results.push(r);
      console.log(`  ${variant.padEnd(9)} ${r.calls} calls, ${r.scavenges} young collections, ${r.promotedKbPerCall} KB promoted a call, pause mean ${r.meanPauseMs} max ${r.maxPauseMs} ms`);
    }
    console.log(
      renderTable(
        [
          ['variant', 'what', 'calls', 'young GCs', 'promoted KB/call', 'pause mean ms', 'pause max ms'],
          ...results.map((r) => [r.variant, r.what, String(r.calls), String(r.scavenges), String(r.promotedKbPerCall), String(r.meanPauseMs), String(r.maxPauseMs)]),
        ],
        ['l', 'l'],
      ),
    );
    return { results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await shop.close();
  }
}

function runChild(variant: Variant, setupFile: string): Promise<string> {
  const self = fileURLToPath(import.meta.url);
  // Not spawnSync: the fake Square answers the child from this process's event loop.
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--max-semi-space-size=32', '--trace-gc-nvp', '--import', 'tsx', self, `--child=${variant}`, setupFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`variant ${variant} exited with ${code}`))));
  });
}

const childArg = process.argv.find((a) => a.startsWith('--child='));
if (childArg) {
  const variant = childArg.slice('--child='.length) as Variant;
  const setup = JSON.parse(readFileSync(process.argv[process.argv.length - 1]!, 'utf8')) as Setup;
  child(variant, setup).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
} else {
  runAsScript(import.meta.url, 'square-calls.json', main);
}
