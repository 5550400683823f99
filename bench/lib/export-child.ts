// The measured side of bench:export: one export of a seeded data folder, bundled like the app's main process is
// (bench/export.ts bundles this file with esbuild), so the memory measured is the export's and the app code's, not a
// TypeScript loader's. Prints one RESULT line.
import { performance } from 'node:perf_hooks';
import { ExportService } from '../../main/export/export-service';
import { InvoiceStore } from '../../main/invoicing/invoice-store';
import { openDatabase } from '../../main/platform/db/open';
import { PushBus } from '../../main/platform/push-bus';
import { SettingsRepo } from '../../main/platform/settings/settings-repo';

export interface ChildResult { format: string; ms: number; peakRssMb: number; startRssMb: number; ok: boolean; files: number; bytes: number }

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

const [, , dir, format] = process.argv;
await child(dir!, format as 'nrs-json' | 'csv');
