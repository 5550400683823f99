import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DashboardReads } from '../main/invoicing/dashboard-reads';
import { InvoiceStore } from '../main/invoicing/invoice-store';
import { openDatabase } from '../main/platform/db/open';
import { seedDocument } from '../test/support/seed';
import { runAsScript } from './lib/script';
import { summarize } from './lib/stats';
import { ms, renderTable } from './lib/table';
import { writeSummary } from './lib/report';
import { dashboardSummaryRows } from './lib/summary-dashboard';

// npm run bench:dashboard — the dashboard's reads (main/invoicing/dashboard-reads.ts) at 100,000 documents, seeded
// through the invoice store. Two shops: a year of sales, and a worst case where all 100,000 fall inside the chart's
// 30 days. Half of each were never exported, so the B2C deadline has a long backlog to count. Target: every read
// well under 50 ms (the dashboard re-reads on each push event).

const COUNT = Number(process.env.BENCH_DASHBOARD_COUNT ?? 100_000);
const ROUNDS = 21;
const HOUR = 3_600_000;
const STATUSES = ['exported', 'exported', 'exported', 'approved', 'draft', 'needs_review'] as const;

function seedShop(dataDir: string, spreadDays: number, now: number): void {
  const db = openDatabase(dataDir);
  try {
    const store = new InvoiceStore(db);
    db.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        const at = now - Math.floor((i / COUNT) * spreadDays * 24 * HOUR);
        const issuedAt = new Date(at).toISOString();
        seedDocument(store, {
          kind: i % 50 === 0 ? 'credit_note' : 'invoice', sourceKey: `order:BENCH_${i}`, number: `B${i}`,
          status: STATUSES[i % STATUSES.length]!, currency: i % 10 === 0 ? 'USD' : 'NGN', issueDate: issuedAt.slice(0, 10), issuedAt,
          buyerTin: i % 7 === 0 ? '12345678-0001' : null,
          lines: [{ name: 'Jollof rice', quantity: '1', unitPriceMinor: 250_000, grossMinor: 250_000, taxMinor: 18_750, taxPercent: '7.5' }],
          taxes: [],
        }, at);
      }
    })();
  } finally {
    db.close();
  }
}

function timeReads(dataDir: string, now: number) {
  const db = openDatabase(dataDir);
  try {
    const reads = new DashboardReads(db);
    const today = new Date(now).toISOString().slice(0, 10);
    const from = new Date(now - 29 * 24 * HOUR).toISOString().slice(0, 10);
    const cases: [string, () => unknown][] = [
      ["today's documents", () => reads.day(today)],
      ['30 days per currency', () => reads.days(from, today)],
      ['waiting (review/approval/export)', () => reads.waiting()],
      ['B2C deadline', () => reads.b2cPending({ near: now - 20 * HOUR, overdue: now - 24 * HOUR })],
      ['last sale', () => reads.lastSale()],
    ];
    return cases.map(([name, run]) => {
      const samples: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const start = performance.now();
        run();
        samples.push(performance.now() - start);
      }
      return { name, ...summarize(samples.slice(1)) }; // the first round warms the page cache
    });
  } finally {
    db.close();
  }
}

export async function runDashboardBench() {
  const now = Date.now();
  const results: Record<string, ReturnType<typeof timeReads>> = {};
  for (const [label, spreadDays] of [['a year of sales', 365], ['all inside 30 days', 30]] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-dashboard-'));
    try {
      seedShop(dir, spreadDays, now);
      results[label] = timeReads(dir, now);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`\n${COUNT.toLocaleString('en')} documents, ${label} (ms over ${ROUNDS - 1} rounds)`);
    console.log(renderTable([['read', 'p50', 'p95', 'max'], ...results[label]!.map((r) => [r.name, ms(r.p50), ms(r.p95), ms(r.max)])], ['l']));
  }
  return { count: COUNT, results };
}

runAsScript(import.meta.url, 'dashboard.json', async () => {
  const results = await runDashboardBench();
  writeSummary('dashboard', dashboardSummaryRows(results)); // for the one report (npm run bench, bench/all.ts)
  return results;
});
