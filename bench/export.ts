// npm run bench:export — 50,000 approved invoices exported as NRS JSON and as CSV; time and peak memory of each.
// Each format runs in its own child process on its own freshly seeded data folder, so one run's memory does not
// count against the other and the seeding is not measured. Results: docs/benchmarks.md ("Export").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ExportService } from '../main/export/export-service';
import { InvoiceStore } from '../main/invoicing/invoice-store';
import { openDatabase } from '../main/platform/db/open';
import { PushBus } from '../main/platform/push-bus';
import { SettingsRepo } from '../main/platform/settings/settings-repo';
import { COMPLETE_PROFILE } from '../test/support/export-harness';
import { seedInvoices } from '../test/support/seed';
import { formatMachine, machineInfo } from './lib/machine';

const COUNT = Number(process.env.BENCH_EXPORT_COUNT ?? 50_000);
const TARGET_MS = 10_000;
const TARGET_MB = 300;

interface ChildResult { format: string; ms: number; peakRssMb: number; startRssMb: number; ok: boolean; files: number; bytes: number }

async function child(dir: string, format: 'nrs-json' | 'csv'): Promise<void> {
  const db = openDatabase(dir);
  const settings = new SettingsRepo(db);
  const svc = new ExportService({ db, store: new InvoiceStore(db), bus: new PushBus(), dataDir: dir, settings: () => settings.getAll(), actor: 'owner@bench' });
  global.gc?.();
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
  const t0 = performance.now();
  const r = await svc.run({ filter: {} }, format);
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const out: ChildResult = {
    format, ms, peakRssMb: peak / 2 ** 20, startRssMb: startRss / 2 ** 20, ok: r.ok,
    files: r.ok ? r.batch.files.length : 0, bytes: r.ok ? r.batch.files.reduce((s, f) => s + f.bytes, 0) : 0,
  };
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
  db.close();
}

function seed(dir: string): void {
  const db = openDatabase(dir);
  new SettingsRepo(db).update(COMPLETE_PROFILE);
  for (let start = 0; start < COUNT; start += 10_000) {
    const n = Math.min(10_000, COUNT - start);
    seedInvoices(db, Array.from({ length: n }, (_, i) => ({
      number: `INV${String(start + i + 1).padStart(6, '0')}`, status: 'approved' as const, currency: 'NGN',
      netMinor: 1_000 + ((start + i) % 997) * 137, issueDate: `2026-11-${String(1 + ((start + i) % 28)).padStart(2, '0')}`,
      buyerName: (start + i) % 5 === 0 ? `Buyer ${start + i}, Lagos` : null,
    })));
  }
  db.close();
}

/** What creating small files costs on this disk: the floor under writing one file per invoice. */
function fileCreateFloorMs(n = 5_000): number {
  const d = mkdtempSync(join(tmpdir(), 'tp-bench-files-'));
  mkdirSync(join(d, 'x'));
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const fd = openSync(join(d, 'x', `f${i}.json`), 'wx');
    writeSync(fd, 'x'.repeat(1_500));
    closeSync(fd);
  }
  const ms = performance.now() - t0;
  rmSync(d, { recursive: true, force: true });
  return (ms / n) * COUNT;
}

async function main(): Promise<void> {
  const [, , flag, dir, format] = process.argv;
  if (flag === '--child') return child(dir!, format as 'nrs-json' | 'csv');
  const results: ChildResult[] = [];
  for (const f of ['nrs-json', 'csv'] as const) {
    const d = mkdtempSync(join(tmpdir(), 'tp-bench-export-'));
    try {
      process.stdout.write(`seeding ${COUNT} approved invoices for ${f}…\n`);
      seed(d);
      const r = spawnSync(process.execPath, ['--max-semi-space-size=32', '--expose-gc', '--import', 'tsx', 'bench/export.ts', '--child', d, f], { encoding: 'utf8', maxBuffer: 1 << 24 });
      const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) throw new Error(`child failed: ${r.stderr}`);
      results.push(JSON.parse(line.slice(7)) as ChildResult);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  }
  const floor = fileCreateFloorMs();
  const probe = openDatabase(mkdtempSync(join(tmpdir(), 'tp-bench-probe-')));
  const m = machineInfo(probe.prepare('SELECT sqlite_version()').pluck().get() as string);
  probe.close();
  process.stdout.write(`\n${formatMachine(m)}\n`);
  process.stdout.write(`${COUNT} invoices      time      target   peak RSS   target   at start   files    bytes\n`);
  for (const r of results) {
    process.stdout.write(`${r.format.padEnd(16)} ${(r.ms / 1000).toFixed(2).padStart(7)} s  ≤ ${TARGET_MS / 1000} s  ${r.peakRssMb.toFixed(0).padStart(6)} MB  ≤ ${TARGET_MB} MB  ${r.startRssMb.toFixed(0).padStart(5)} MB  ${String(r.files).padStart(6)}  ${(r.bytes / 2 ** 20).toFixed(1)} MiB${r.ok ? '' : '  (REFUSED)'}\n`);
  }
  process.stdout.write(`floor: creating ${COUNT} small files on this disk alone takes ${(floor / 1000).toFixed(1)} s\n`);
}

await main();
