import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract';
import { InvoiceChangeRefused } from '../../main/invoicing/invoice-store';
import { ReviewService } from '../../main/review/review-service';
import { seedInvoices } from '../support/seed';
import { createTempApp } from '../support/temp-app';
import { ACTOR, COMPLETE_PROFILE, exportWorld, type ExportWorld } from '../support/export-harness';

// Batches: a failure between writing the files and the commit leaves nothing exported and no file; a re-export is
// byte-identical; an exported invoice can no longer change.

const NOW = Date.parse('2026-11-30T12:00:00Z');

function world(n = 5): { w: ExportWorld; ids: number[] } {
  const w = exportWorld();
  w.settings.update(COMPLETE_PROFILE);
  const ids = seedInvoices(w.db, Array.from({ length: n }, (_, i) => ({
    number: `INV${String(i + 1).padStart(6, '0')}`, status: 'approved' as const, currency: 'NGN',
    itemName: i === 0 ? 'Suya, "extra hot"\nlarge' : undefined,
  })));
  return { w, ids };
}

const filesUnder = (root: string): string[] =>
  existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];

describe('export batches', () => {
  let w: ExportWorld;
  afterEach(() => w.dispose());

  it.each(['nrs-json', 'csv'] as const)('%s: a failure injected between the file write and the commit exports nothing and leaves no file', async (format) => {
    let ids: number[];
    ({ w, ids } = world());
    let filesAtFailure: string[] = [];
    const svc = w.service({
      now: () => NOW,
      beforeCommit: () => {
        filesAtFailure = filesUnder(join(w.dir, 'exports'));
        throw new Error('disk full (injected)');
      },
    });
    await expect(svc.run({ ids }, format)).rejects.toThrow(/could not be written \(disk full \(injected\)\)\. Nothing was exported/);
    expect(filesAtFailure.length).toBeGreaterThan(0); // the files were complete and in place when it failed
    expect(filesUnder(join(w.dir, 'exports'))).toEqual([]);
    for (const id of ids) expect(w.store.get(id)!.status).toBe('approved');
    expect(svc.list(1, 10).total).toBe(0);
    expect((await w.service({ now: () => NOW }).run({ ids }, format)).ok).toBe(true);
  });

  it('an invoice reopened during the export rolls the whole batch back (no partial batch, no file)', async () => {
    let ids: number[];
    ({ w, ids } = world());
    const svc = w.service({ now: () => NOW, beforeCommit: () => w.store.reopen(ids[3]!, NOW + 1, ACTOR) });
    await expect(svc.run({ ids }, 'nrs-json')).rejects.toThrow(/INV000004 changed while it was being exported; nothing was exported/);
    expect(ids.map((id) => w.store.get(id)!.status)).toEqual(['approved', 'approved', 'approved', 'draft', 'approved']);
    expect(filesUnder(join(w.dir, 'exports'))).toEqual([]);
  });

  it.each(['nrs-json', 'csv'] as const)('%s: a re-export is byte-identical, even after the profile and mappings change', async (format) => {
    let ids: number[];
    ({ w, ids } = world());
    const r = await w.service({ now: () => NOW }).run({ ids }, format);
    if (!r.ok) throw new Error(r.message);
    // The answer carries the main file only; the recorded batch lists every file, the main one first.
    expect(r.batch.files).toEqual([expect.objectContaining({ name: basename(r.batch.path), sha256: r.batch.sha256 })]);
    const recorded = w.service().batch(r.batch.id)!.files;
    expect(recorded).toHaveLength(r.batch.fileCount);
    expect(r.batch.fileCount).toBe(format === 'csv' ? 1 : ids.length + 1);
    const before = recorded.map((f) => readFileSync(join(dirname(r.batch.path), f.name)));
    for (const [i, f] of recorded.entries()) expect(createHash('sha256').update(before[i]!).digest('hex')).toBe(f.sha256);
    w.settings.update({ businessName: 'Renamed Ltd', defaultClassificationKind: 'goods', defaultClassificationCode: '1006.30', defaultClassificationCategory: 'Rice' });
    const again = await w.service({ now: () => NOW + 86_400_000 }).rerun(r.batch.id);
    expect(again.identical).toBe(true);
    expect(again.path).not.toBe(r.batch.path);
    const after = recorded.map((f) => readFileSync(join(dirname(again.path), f.name)));
    expect(after).toEqual(before);
  });

  it('exported invoices refuse every change, in words; the pipeline keeps them as they are', async () => {
    let ids: number[];
    ({ w, ids } = world(2));
    const r = await w.service({ now: () => NOW }).run({ ids }, 'nrs-json');
    expect(r.ok).toBe(true);
    const id = ids[0]!;
    const exported = w.store.get(id)!;
    expect(exported.status).toBe('exported');
    expect(exported.irn).toBe('INV000001-AB12CD34-20261120');
    expect(exported.history.at(-1)).toMatchObject({ action: 'invoice.exported', actor: ACTOR, detail: { batch: r.ok ? r.batch.id : -1, irn: exported.irn } });
    // The classification the export applied (the profile's default) is recorded on the line.
    expect(exported.lines[0]!.classification).not.toBeNull();
    const refused = /has been exported and cannot change/;
    expect(() => w.store.setBuyer(id, { name: 'X', tin: null, email: null, phone: null, address: null, kind: null }, NOW, ACTOR)).toThrow(refused);
    expect(() => w.store.classifyLine(id, 1, { kind: 'goods', code: '1006.30', category: 'Rice' }, NOW, ACTOR)).toThrow(refused);
    expect(() => w.store.reopen(id, NOW, ACTOR)).toThrow(InvoiceChangeRefused);
    expect(() => w.store.voidByOwner(id, 'mistake', NOW, ACTOR)).toThrow(refused);
    const review = new ReviewService({ db: w.db, store: w.store, bus: w.bus, actor: ACTOR });
    expect(() => review.setBuyer(id, { name: 'X', tin: null, email: null, phone: null, address: null, kind: null })).toThrow(ApiError);
    // Exporting it again is refused too (a batch holds approved documents only).
    const twice = await w.service({ now: () => NOW }).run({ ids: [id] }, 'csv');
    expect(twice.ok).toBe(false);
    expect(w.store.get(id)!.updatedAt).toBe(exported.updatedAt);
  });

  it('CSV: UTF-8 with BOM, CRLF, RFC 4180 quoting, one row per line with the documented columns', async () => {
    let ids: number[];
    ({ w, ids } = world(3));
    const r = await w.service({ now: () => NOW }).run({ ids }, 'csv');
    if (!r.ok) throw new Error(r.message);
    const bytes = readFileSync(r.batch.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    expect(rows[0]!.slice(0, 4)).toEqual(['invoice_number', 'irn', 'document_type', 'invoice_type_code']);
    expect(rows).toHaveLength(1 + 3);
    const col = (name: string) => rows[0]!.indexOf(name);
    expect(rows[1]![col('item_name')]).toBe('Suya, "extra hot"\nlarge');
    expect(rows[1]![col('irn')]).toBe('INV000001-AB12CD34-20261120');
    expect(rows[1]![col('line_extension_amount')]).toBe('100.00');
    expect(rows[1]![col('line_tax_amount')]).toBe('7.50');
    expect(rows[1]![col('invoice_payable_amount')]).toBe('107.50');
    expect(rows[1]![col('tax_category')]).toBe('STANDARD_VAT');
    expect(bytes.toString('utf8')).toMatch(/\r\n$/);
  });

  it('the next start deletes a killed export\'s temp folder and sets aside a batch folder that has no batch record', async () => {
    let ids: number[];
    ({ w, ids } = world(1));
    const r = await w.service({ now: () => NOW }).run({ ids }, 'csv');
    if (!r.ok) throw new Error(r.message);
    const root = join(w.dir, 'exports');
    mkdirSync(join(root, '.tmp-20261130T120000Z-csv-aaaaaa'));
    writeFileSync(join(root, '.tmp-20261130T120000Z-csv-aaaaaa', 'half.csv'), 'invoice_num');
    mkdirSync(join(root, '20261130T120000Z-nrs-json-bbbbbb'));
    writeFileSync(join(root, '20261130T120000Z-nrs-json-bbbbbb', 'whole.json'), '[]');
    w.service();
    expect(readdirSync(root).sort()).toEqual(['.discarded', r.batch.name]);
    expect(readdirSync(join(root, '.discarded'))).toEqual(['20261130T120000Z-nrs-json-bbbbbb']);
    expect(readFileSync(r.batch.path).length).toBeGreaterThan(0);
  });

  it('export by filter takes the approved documents of the date range; progress events are pushed', async () => {
    let ids: number[];
    ({ w, ids } = world(3));
    const events: string[] = [];
    w.bus.on('export.progress', (p) => events.push(p.phase));
    const r = await w.service({ now: () => NOW }).run({ filter: { from: '2026-11-01', to: '2026-11-30' } }, 'csv');
    expect(r.ok && r.batch.invoiceCount).toBe(3);
    expect(events).not.toContain('checking'); // 'checking' alone means a problem was found and nothing more is written
    expect(events).toContain('writing');
    expect(events.at(-1)).toBe('done');
    expect(ids.every((id) => w.store.get(id)!.status === 'exported')).toBe(true);
    const none = await w.service({ now: () => NOW }).run({ filter: {} }, 'csv');
    expect(none).toMatchObject({ ok: false, message: /no approved invoices/ });
  });
});

describe('export through the contract (headless app)', () => {
  it('export.check, export.run, export.list and export.rerun over dispatch; settings.set refuses an LGA of another state', async () => {
    const app = createTempApp();
    try {
      // Before the profile is filled in, its problems come once (id 0), not repeated on every document.
      const early = seedInvoices(app.db, [
        { number: 'EARLY1', status: 'approved', currency: 'NGN' },
        { number: 'EARLY2', status: 'approved', currency: 'NGN' },
      ]);
      const before = await app.dispatch('export.check', { ids: early });
      const entries = (before as { value: { id: number; problems: string[] }[] }).value;
      expect(entries.map((e) => e.id)).toEqual([0, ...early]);
      expect(entries[0]!.problems.join(' ')).toMatch(/^Settings: fill in/);
      expect(entries.slice(1).flatMap((e) => e.problems).some((p) => p.startsWith('Settings:'))).toBe(false);
      const bad = await app.dispatch('settings.set', { businessState: 'NG-LA', businessLga: 'NG-FC-ABC' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'businessLga' } });
      expect(await app.dispatch('settings.set', COMPLETE_PROFILE)).toMatchObject({ ok: true });
      const [id] = seedInvoices(app.db, [{ number: 'INV000001', status: 'approved', currency: 'NGN' }]);
      expect(await app.dispatch('export.check', { ids: [id] })).toEqual({ ok: true, value: [{ id, number: 'INV000001', problems: [] }] });
      const run = await app.dispatch('export.run', { ids: [id], format: 'nrs-json' });
      expect(run).toMatchObject({ ok: true, value: { ok: true, batch: { invoiceCount: 1 } } });
      const batch = (run as { value: { batch: { id: number; path: string } } }).value.batch;
      expect(batch.path.startsWith(join(app.config.dataDir, 'exports'))).toBe(true);
      expect(await app.dispatch('export.list', {})).toMatchObject({ ok: true, value: { total: 1 } });
      expect(await app.dispatch('export.rerun', { batchId: batch.id })).toMatchObject({ ok: true, value: { identical: true } });
      expect(await app.dispatch('export.run', { ids: [id], format: 'pdf' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    } finally {
      await app.dispose();
    }
  });
});

/** RFC 4180 reader for the test (quoted fields with doubled quotes and line breaks; CRLF between records). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  return rows;
}
