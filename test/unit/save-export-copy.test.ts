import { cp, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSaveExportCopy } from '../../main/electron/save-export-copy';
import type { ExportRunResult } from '../../shared/export';
import { seedInvoices } from '../support/seed';
import { createTempApp, tempDir } from '../support/temp-app';
import { COMPLETE_PROFILE } from '../support/export-harness';

// export.saveCopy: the desktop shell copies a recorded batch where the owner chooses; the browser dashboard, which
// cannot write outside its downloads, says where the files are. Real app, real files; only the dialog is a stand-in.

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function appWithBatch(saveExportCopy?: ReturnType<typeof createSaveExportCopy>) {
  const app = createTempApp('headless', saveExportCopy ? { saveExportCopy } : {});
  cleanup.push(() => app.dispose());
  expect(await app.dispatch('settings.set', COMPLETE_PROFILE)).toMatchObject({ ok: true });
  const ids = seedInvoices(app.db, [
    { number: 'INV000001', status: 'approved', currency: 'NGN' },
    { number: 'INV000002', status: 'approved', currency: 'NGN' },
  ]);
  const run = await app.dispatch('export.run', { ids, format: 'nrs-json' });
  const result = run.ok ? (run.value as ExportRunResult) : null;
  if (!result?.ok) throw new Error(`export failed: ${JSON.stringify(run)}`);
  return { app, batch: result.batch };
}

describe('saving a copy of an export', () => {
  it('in the browser dashboard: says where the files are instead', async () => {
    const { app, batch } = await appWithBatch();
    const answer = await app.dispatch('export.saveCopy', { batchId: batch.id });
    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(!answer.ok && answer.error.message).toContain(dirname(batch.path));
    expect(await app.dispatch('export.saveCopy', { batchId: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('in the desktop app: copies every file of the batch into a folder of its own name where the owner chose', async () => {
    const target = tempDir('tp-copy-');
    cleanup.push(() => rmSync(target, { recursive: true, force: true }));
    let choice: string | null = target;
    const save = createSaveExportCopy({
      chooseFolder: () => Promise.resolve(choice),
      copyFolder: (from, to) => cp(from, to, { recursive: true, errorOnExist: true, force: false }),
    });
    const { app, batch } = await appWithBatch(save);

    const saved = await app.dispatch('export.saveCopy', { batchId: batch.id });
    expect(saved).toEqual({ ok: true, value: { saved: true, folder: join(target, batch.name) } });
    const copied = readdirSync(join(target, batch.name)).sort();
    expect(copied).toEqual(readdirSync(dirname(batch.path)).sort());
    expect(copied).toHaveLength(batch.fileCount);
    for (const name of copied) {
      expect(readFileSync(join(target, batch.name, name))).toEqual(readFileSync(join(dirname(batch.path), name)));
    }

    // Again into the same place: refused in words, the first copy untouched.
    const again = await app.dispatch('export.saveCopy', { batchId: batch.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Choose another place') } });
    expect(readdirSync(join(target, batch.name)).length).toBe(batch.fileCount);

    // Cancelled dialog: nothing written.
    choice = null;
    expect(await app.dispatch('export.saveCopy', { batchId: batch.id })).toEqual({ ok: true, value: { saved: false, folder: null } });
  });

  it('a folder that cannot be written says so in words', async () => {
    const target = tempDir('tp-copy-');
    cleanup.push(() => rmSync(target, { recursive: true, force: true }));
    const save = createSaveExportCopy({
      chooseFolder: () => Promise.resolve(join(target, 'missing', 'deeper')),
      copyFolder: async () => {
        await mkdir(join(target, 'missing'), { recursive: false });
        throw new Error('ENOSPC: no space left on device');
      },
    });
    const { app, batch } = await appWithBatch(save);
    const answer = await app.dispatch('export.saveCopy', { batchId: batch.id });
    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/could not be copied to deeper\. Choose another place/) } });
    expect(existsSync(join(target, 'missing', 'deeper', batch.name))).toBe(false);
  });
});
