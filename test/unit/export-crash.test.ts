import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedInvoices } from '../support/seed';
import { COMPLETE_PROFILE, exportWorld } from '../support/export-harness';

// A SIGKILL in the middle of a 10,000-invoice export (a child process, killed while it writes) leaves no invoice
// exported, no batch recorded and no file under a real name; the next start removes the hidden temp folder.

const COUNT = 10_000;

/** Runs the export in a child and SIGKILLs it once it has written `killAt` documents; resolves with its output. */
function exportAndKill(dataDir: string, format: 'nrs-json' | 'csv', killAt: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/export-crash-host.ts'], {
    env: { ...process.env, EXPORT_DATA_DIR: dataDir, EXPORT_FORMAT: format },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = [...out.matchAll(/progress writing (\d+)/g)].at(-1);
      if (m && Number(m[1]) >= killAt && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(out) : reject(new Error(`export finished before the kill (${code}): ${out}`))));
  });
}

describe('SIGKILL during a 10,000-invoice export', () => {
  it.each([['nrs-json', 6_000], ['csv', 4_000]] as const)('%s: killed after %i documents written → nothing exported, no partial file', async (format, killAt) => {
    const w = exportWorld();
    try {
      w.settings.update(COMPLETE_PROFILE);
      const ids = seedInvoices(w.db, Array.from({ length: COUNT }, (_, i) => ({
        number: `INV${String(i + 1).padStart(6, '0')}`, status: 'approved' as const, currency: 'NGN',
      })));
      const out = await exportAndKill(w.dir, format, killAt);
      expect(out).not.toMatch(/result/);
      const root = join(w.dir, 'exports');
      // Only the hidden temp folder can exist: no file under a batch's real name.
      const left = existsSync(root) ? readdirSync(root) : [];
      expect(left.every((n) => n.startsWith('.tmp-'))).toBe(true);
      const exported = w.db.prepare("SELECT count(*) FROM invoices WHERE status = 'exported' OR export_batch_id IS NOT NULL").pluck().get();
      expect(exported).toBe(0);
      expect(w.db.prepare('SELECT count(*) FROM export_batches').pluck().get()).toBe(0);
      expect(w.db.prepare('SELECT count(*) FROM export_batch_files').pluck().get()).toBe(0);
      // The next start sweeps what the killed export left, and an export then goes through.
      const svc = w.service();
      expect(existsSync(root) ? readdirSync(root) : []).toEqual([]);
      const r = await svc.run({ ids: ids.slice(0, 10) }, format);
      expect(r.ok).toBe(true);
    } finally {
      w.dispose();
    }
  }, 120_000);
});
