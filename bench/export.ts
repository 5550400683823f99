// npm run bench:export — 50,000 approved invoices exported as NRS JSON and as CSV; time and peak memory of each.
// Each format runs in its own child process on its own freshly seeded data folder, so one run's memory does not
// count against the other and the seeding is not measured. Results: docs/benchmarks.md ("Export").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import type { ChildResult } from './lib/export-child';
import { openDatabase } from '../main/platform/db/open';
import { SettingsRepo } from '../main/platform/settings/settings-repo';
import { COMPLETE_PROFILE } from '../test/support/export-harness';
import { seedInvoices } from '../test/support/seed';
import { formatMachine, machineInfo } from './lib/machine';
import { writeSummary } from './lib/report';
import { exportSummaryRows } from './lib/summary-export';

const COUNT = Number(process.env.BENCH_EXPORT_COUNT ?? 50_000);
const TARGET_MS = 10_000;
const TARGET_MB = 300;

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

/**
 * What creating small files costs on this disk: the floor under writing one file per invoice. Its files are removed
 * by the caller at the very end (see main: deleting many files slows the next creations for ~30 s on this disk).
 */
function fileCreateFloorMs(dir: string, n = 5_000): number {
  mkdirSync(join(dir, 'x'));
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const fd = openSync(join(dir, 'x', `f${i}.json`), 'wx');
    writeSync(fd, 'x'.repeat(1_500));
    closeSync(fd);
  }
  return ((performance.now() - t0) / n) * COUNT;
}

/**
 * The measured child is bundled like the app's main process (one file, plain node, no TypeScript loader), so its
 * memory is the app code's and the export's: under tsx the same child starts ~70 MB heavier.
 */
function bundleChild(): string {
  const outfile = join('bench-results', 'export-child.mjs');
  buildSync({
    entryPoints: ['bench/lib/export-child.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20',
    external: ['better-sqlite3', 'keytar'], outfile, logLevel: 'error',
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return outfile;
}

async function main(): Promise<void> {
  const childFile = bundleChild();
  const results: ChildResult[] = [];
  // Nothing is deleted until every measurement is done. On ext4 without a journal (this VM's disk) the allocator skips
  // inodes deleted in the last 5–30 s: right after 50,000 files are removed, each file created scans past them, and the
  // same 50,000 creations took 9 s instead of 2.7 s. Removing the first format's 50,000 files before the next
  // measurement made the bench measure its own clean-up. (Run it again only ~30 s after the last run ended.)
  const toRemove: string[] = [];
  try {
    const floorDir = mkdtempSync(join(tmpdir(), 'tp-bench-files-'));
    toRemove.push(floorDir);
    const floor = fileCreateFloorMs(floorDir);
    // BENCH_EXPORT_FORMATS=nrs-json measures one format only (while working on it).
    const formats = (process.env.BENCH_EXPORT_FORMATS ?? 'nrs-json,csv').split(',') as ('nrs-json' | 'csv')[];
    for (const f of formats) {
      const d = mkdtempSync(join(tmpdir(), 'tp-bench-export-'));
      toRemove.push(d);
      process.stdout.write(`seeding ${COUNT} approved invoices for ${f}…\n`);
      seed(d);
      // The app's own flag (npm run serve) by default; BENCH_EXPORT_NODE_FLAGS="" measures Node's defaults.
      const flags = (process.env.BENCH_EXPORT_NODE_FLAGS ?? '--max-semi-space-size=32').split(' ').filter(Boolean);
      const r = spawnSync(process.execPath, [...flags, '--expose-gc', childFile, d, f], { encoding: 'utf8', maxBuffer: 1 << 24 });
      const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) throw new Error(`child failed: ${r.stderr}`);
      results.push(JSON.parse(line.slice(7)) as ChildResult);
    }
    report(results, floor);
  } finally {
    for (const d of toRemove) rmSync(d, { recursive: true, force: true });
  }
}

function report(results: ChildResult[], floor: number): void {
  const probeDir = mkdtempSync(join(tmpdir(), 'tp-bench-probe-'));
  const probe = openDatabase(probeDir);
  const m = machineInfo(probe.prepare('SELECT sqlite_version()').pluck().get() as string);
  probe.close();
  rmSync(probeDir, { recursive: true, force: true });
  process.stdout.write(`\n${formatMachine(m)}\n`);
  process.stdout.write(`${COUNT} invoices      time      target   peak RSS   target   at start   files    bytes\n`);
  for (const r of results) {
    process.stdout.write(`${r.format.padEnd(16)} ${(r.ms / 1000).toFixed(2).padStart(7)} s  ≤ ${TARGET_MS / 1000} s  ${r.peakRssMb.toFixed(0).padStart(6)} MB  ≤ ${TARGET_MB} MB  ${r.startRssMb.toFixed(0).padStart(5)} MB  ${String(r.files).padStart(6)}  ${(r.bytes / 2 ** 20).toFixed(1)} MiB${r.ok ? '' : '  (REFUSED)'}\n`);
  }
  for (const r of results) {
    const parts = Object.entries(r.phases).map(([k, p]) => `${k} ${(p.ms / 1000).toFixed(2)} s, RSS ≤ ${p.rssMb.toFixed(0)} MB, heap ≤ ${p.heapMb.toFixed(0)} MB`);
    process.stdout.write(`${r.format} phases: ${parts.join('; ')}\n`);
  }
  process.stdout.write(`floor: creating ${COUNT} small files on this disk alone takes ${(floor / 1000).toFixed(1)} s (measured before the runs)\n`);
  writeSummary('export', exportSummaryRows(results, floor, COUNT, { ms: TARGET_MS, mb: TARGET_MB })); // for npm run bench
}

await main();
