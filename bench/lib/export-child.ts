// The measured side of bench:export: one export of a seeded data folder, bundled like the app's main process is
// (bench/export.ts bundles this file with esbuild), so the memory measured is the export's and the app code's, not a
// TypeScript loader's. Prints one RESULT line.
import { performance } from 'node:perf_hooks';
import { ExportService } from '../../main/export/export-service';
import { InvoiceStore } from '../../main/invoicing/invoice-store';
import { openDatabase } from '../../main/platform/db/open';
import { PushBus } from '../../main/platform/push-bus';
import { SettingsRepo } from '../../main/platform/settings/settings-repo';

export interface ChildResult {
  format: string; ms: number; peakRssMb: number; startRssMb: number; ok: boolean; files: number; bytes: number;
  /** Peak RSS and V8 heap (MB) seen while each phase ran: where the memory goes. */
  phases: Record<string, { rssMb: number; heapMb: number; ms: number }>;
}

/** Bytes of every file the batch recorded (read after the measurement, from the batch row). */
const batchBytes = (db: ReturnType<typeof openDatabase>, id: number): number =>
  db.prepare('SELECT sum(bytes) FROM export_batch_files WHERE batch_id = ?').pluck().get(id) as number;

async function child(dir: string, format: 'nrs-json' | 'csv'): Promise<void> {
  const db = openDatabase(dir);
  const settings = new SettingsRepo(db);
  const bus = new PushBus();
  const svc = new ExportService({ db, store: new InvoiceStore(db), bus, dataDir: dir, settings: () => settings.getAll(), actor: 'owner@bench' });
  const phases: ChildResult['phases'] = {};
  let phase = 'start';
  const sample = () => {
    const m = process.memoryUsage();
    const p = (phases[phase] ??= { rssMb: 0, heapMb: 0, ms: performance.now() });
    // getrusage's maximum too: a spike between two samples still counts against the phase it happened in.
    p.rssMb = Math.max(p.rssMb, m.rss / 2 ** 20, process.resourceUsage().maxRSS / 2 ** 10);
    p.heapMb = Math.max(p.heapMb, m.heapUsed / 2 ** 20);
    return m.rss;
  };
  bus.on('export.progress', (e) => {
    if (e.phase !== phase) { sample(); phase = e.phase; sample(); }
  });
  global.gc?.();
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => { peak = Math.max(peak, sample()); }, 10);
  const t0 = performance.now();
  const r = await svc.run({ filter: {} }, format);
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  sample();
  // Each phase's start time becomes its duration (until the next phase began, the last until the answer).
  const entries = Object.values(phases);
  entries.forEach((p, i) => { p.ms = (entries[i + 1]?.ms ?? t0 + ms) - p.ms; });
  const out: ChildResult = {
    phases, format, ms, peakRssMb: peak / 2 ** 20, startRssMb: startRss / 2 ** 20, ok: r.ok,
    files: r.ok ? r.batch.fileCount : 0, bytes: r.ok ? batchBytes(db, r.batch.id) : 0,
  };
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
  db.close();
}

const [, , dir, format] = process.argv;
await child(dir!, format as 'nrs-json' | 'csv');
