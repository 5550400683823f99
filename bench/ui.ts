import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE_NAME } from '../main/platform/db/open';
import { launchChromium, newTestContext } from '../test/e2e/support/browser';
import { startServe } from '../test/e2e/support/serve';
import { callApi } from '../test/e2e/support/webhooks';
import { ensureSessionKeyring } from './lib/bench-keyring';
import { hostRssMiB } from './lib/host-rss';
import { formatMachine, machineInfo } from './lib/machine';
import { gitState, runAsScript } from './lib/script';
import { summarize } from './lib/stats';
import { int, ms, renderTable } from './lib/table';
import { seedShopHistory } from './lib/ui-seed';
import { writeSummary } from './lib/report';
import { uiSummaryRows } from './lib/summary-ui';
import { timeFirstRows, timeSelectFilter } from './lib/ui-timing';

// npm run bench:ui — the invoice list at a shop's scale: 100,000 invoices seeded through the invoice store, the real
// `npm run serve` host, Debian's Chromium at 1280×800. Measures first rows painted after opening the list, a status
// filter applied (pick → new rows painted), invoices.list round trips for the main-side sorts, filters and searches,
// and the host's resident memory. Targets (docs/benchmarks.md): first rows ≤ 300 ms, filter ≤ 100 ms.

const COUNT = Number(process.env.BENCH_UI_COUNT ?? 100_000);
const ROUNDS = 7;
// The host refuses an API token shorter than 32 characters.
const TOKEN = 'bench-ui-token-0123456789-abcdefghijklmnop';
const FILTERS = ['needs_review', 'approved', 'exported', ''] as const;
const API_CASES: [string, object][] = [
  ['newest first (default)', {}],
  ['sort by total', { sort: 'payable' }],
  ['sort by buyer A→Z', { sort: 'buyer', dir: 'asc' }],
  ['status needs review', { status: ['needs_review'] }],
  ['location', { locationId: 'LOC-LEKKI' }],
  ['deep window (rows 50,000–50,099)', { page: 501 }],
  ['search item name "zobo"', { search: 'zobo' }],
  ['search amount "13,007.50"', { search: '13,007.50' }],
  ['search number "INV-033334"', { search: 'INV-033334' }],
];

export async function runUiBench() {
  const keyring = ensureSessionKeyring();
  const dataDir = mkdtempSync(join(tmpdir(), 'taxpoynt-bench-ui-'));
  const seeded = seedShopHistory(dataDir, COUNT);
  console.log(`seeded ${COUNT} invoices in ${ms(seeded.ms)} ms`);
  const db = new Database(join(dataDir, DB_FILE_NAME), { readonly: true });
  const machine = machineInfo((db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v);
  db.close();
  const host = await startServe({ dataDir, token: TOKEN, timeoutMs: 120_000 });
  const browser = await launchChromium();
  try {
    const context = await newTestContext(browser);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(host.url);
    await page.getByTestId('app-info').filter({ hasText: 'v' }).waitFor();

    const firstRows: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await page.getByTestId('nav-dashboard').click();
      await page.getByTestId('health-line').waitFor(); // the dashboard has loaded (its counts moved to the Advanced panel)
      firstRows.push(await timeFirstRows(page));
    }

    const counts = new Map<string, string>();
    for (const status of FILTERS) {
      const page1 = await callApi(host, 'invoices.list', { pageSize: 1, ...(status ? { status: [status] } : {}) });
      counts.set(status, `${page1.total.toLocaleString('en-GB')} document`);
    }
    const filters: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const status of FILTERS) filters.push(await timeSelectFilter(page, 'filter-status', status, counts.get(status)!));
    }

    const api: { name: string; ms: number; total: number }[] = [];
    for (const [name, input] of API_CASES) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        total = (await callApi(host, 'invoices.list', { pageSize: 100, ...input })).total;
        times.push(performance.now() - t0);
      }
      api.push({ name, ms: summarize(times).p50, total });
    }
    const rssMiB = hostRssMiB(dataDir);

    const first = summarize(firstRows);
    const filter = summarize(filters);
    console.log(`\n${formatMachine(machine)}\n`);
    console.log(renderTable([
      ['measure (1280×800)', 'samples', 'p50 ms', 'max ms', 'target ms'],
      ['first rows painted', String(firstRows.length), ms(first.p50), ms(first.max), '300'],
      ['status filter applied', String(filters.length), ms(filter.p50), ms(filter.max), '100'],
    ], ['l']));
    console.log(`\n${renderTable([['invoices.list over HTTP (100 rows)', 'matches', 'p50 ms'], ...api.map((a) => [a.name, int(a.total), ms(a.ms)])], ['l'])}`);
    console.log(`\nhost RSS with ${COUNT} invoices: ${rssMiB ?? 'unknown'} MiB`);
    return { machine, git: gitState(), count: COUNT, seedMs: seeded.ms, firstRows, filters, api, rssMiB };
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
    keyring?.stop();
  }
}

runAsScript(import.meta.url, 'ui.json', async () => {
  const results = await runUiBench();
  writeSummary('ui', uiSummaryRows(results)); // for the one report (npm run bench, bench/all.ts)
  return results;
});
