import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/contract';
import { SettingsRepo } from '../../main/platform/settings/settings-repo';
import { COMPLETE_PROFILE } from '../support/export-harness';
import { expectIntact, fillDisk, mountTinyTmpfs, unmount } from '../support/faults';
import { expectOwnerError } from '../support/owner-words';
import { seedInvoices } from '../support/seed';
import { deliver, inboxStates, invoiceRows, startConnectedApp, startShop, type Shop, type TestApp } from '../support/pipeline-harness';
import { createTempApp, tempDir } from '../support/temp-app';
import { postWebhook, signSquare, squareEvent } from '../support/webhook-client';

// Fault suite: the disk fills up. A real full file system — a tiny tmpfs — under the database (webhooks keep
// arriving) and under the export folder (an export is written). A webhook that could not be stored is answered 5xx so
// Square delivers it again, never 200; an export fails with a sentence in words, marks nothing exported and leaves no
// partial file; once space is freed everything works and SQLite finds the file sound. CI runs as root on this machine
// type, so the mount works there; without mount rights the suite is skipped with the reason (see docs/testing.md).

const URL_ = 'https://disk.example.com/webhooks/square';
const KEY = 'disk-full-signature-key-0123456789';

const root = tempDir('tp-diskfull-');
const probe = join(root, 'probe');
const cannotMount = mountTinyTmpfs(probe, '64k');
if (!cannotMount) unmount(probe);

/**
 * Fills the disk under a running app's database so that its next write fails for sure: the WAL is emptied first
 * (a checkpoint that truncates it), since SQLite reuses a WAL file's space in place and would otherwise go on
 * writing into it for a while.
 */
function fillUp(app: { db: { pragma(s: string): unknown } }, dir: string): () => void {
  // The checkpoint thread may be reading at that moment (busy): try again until the WAL really is empty.
  for (let i = 0; i < 50; i++) {
    const [r] = app.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[];
    if (r!.busy === 0 && r!.log === 0) break;
  }
  return fillDisk(dir);
}

/** A signed event with `padding` bytes of note, so a few of them fill what is left. */
function paddedEvent(padding: number) {
  const e = squareEvent({ event_id: randomUUID() });
  (e.data as Record<string, unknown>).note = 'x'.repeat(padding);
  return JSON.stringify(e);
}

describe.skipIf(cannotMount !== null)(`fault: disk full${cannotMount ? ` (skipped: ${cannotMount})` : ''}`, () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  describe('under the database, while webhooks arrive', () => {
    const dataDir = join(root, 'db');
    let app: ReturnType<typeof createTempApp>;
    let free: () => void = () => undefined;

    beforeAll(async () => {
      expect(mountTinyTmpfs(dataDir, '6m')).toBeNull();
      app = createTempApp('headless', { dataDir, webhooks: { publicUrl: URL_ }, sync: { enabled: false } });
      await app.start();
      expect((await app.dispatch('webhooks.signatureKey.set', { signatureKey: KEY })).ok).toBe(true);
    });
    afterAll(async () => {
      free();
      await app?.dispose();
      unmount(dataDir);
    });

    it('answers 5xx (never 200) once nothing more fits, refuses actions in words, and after freeing space loses nothing', async () => {
      const port = app.webhooks.receiverPort!;
      const send = (body: string) => postWebhook(port, body, { 'x-square-hmacsha256-signature': signSquare(URL_, body, KEY) });
      const acknowledged: string[] = [];
      const refused: string[] = [];
      free = fillUp(app, dataDir);
      // Keep delivering until the disk refuses; every answer is either "stored" or "try again later".
      for (let i = 0; i < 300 && refused.length < 3; i++) {
        const body = paddedEvent(48 * 1024);
        const res = await send(body);
        expect([200, 500, 503], `delivery ${i} answered ${res.status} ${res.body}`).toContain(res.status);
        (res.status === 200 ? acknowledged : refused).push(body);
      }
      expect(refused.length, 'the disk filled up').toBe(3);

      const saved = await app.dispatch('settings.set', { businessName: 'Ada Stores Limited' });
      expect(saved.ok).toBe(false);
      const error = (saved as { ok: false; error: ApiErrorBody }).error;
      expect(error.code).toBe('unavailable');
      expect(error.message).toMatch(/disk is full/);
      expectOwnerError(error, 'settings while the disk is full');

      free();
      // Square delivers the refused ones again: now they are stored.
      for (const body of refused) {
        expect((await send(body)).status).toBe(200);
        acknowledged.push(body);
      }
      expect((await app.dispatch('settings.set', { businessName: 'Ada Stores Limited' })).ok).toBe(true);
      const stored = app.db.prepare('SELECT event_id FROM webhook_inbox').pluck().all() as string[];
      expect(stored.sort()).toEqual(acknowledged.map((b) => (JSON.parse(b) as { event_id: string }).event_id).sort());
      expectIntact(app.db);
    });
  });

  describe('under the database, while the pipeline writes invoices', () => {
    const dataDir = join(root, 'pipeline');
    let shop: Shop;
    let app: TestApp;
    let free: () => void = () => undefined;

    beforeAll(async () => {
      expect(mountTinyTmpfs(dataDir, '6m')).toBeNull();
      shop = await startShop();
      app = await startConnectedApp(shop, {
        dataDir, sync: { enabled: false },
        pipeline: { retryBaseMs: 20, retryMaxMs: 100, pollMs: 20, leaseMs: 500, policy: { halfOpenAfterMs: 150, timeoutMs: 1_000, maxRetries: 1, breakAfter: 50 } },
      });
    });
    afterAll(async () => {
      free();
      await app?.dispose();
      await shop?.fake.close();
      unmount(dataDir);
    });

    it('while full nothing is claimed or half-written; once there is space every sale is invoiced once', async () => {
      await app.worker.stop();
      const sales = Array.from({ length: 20 }, (_, i) => shop.fake.addSale({
        locationId: shop.locationId, lines: [{ name: `Item ${i} ${'with a long name '.repeat(20)}`, unitPrice: 100 + i, quantity: 1 + (i % 3) }],
      }));
      for (const s of sales) expect(await deliver(app, shop.fake.buildEvent('payment.created', s.payment.id))).toBe(200);
      free = fillUp(app, dataDir);
      app.worker.start();
      // Every claim is a write and fails: the worker keeps polling (the process stays up) and nothing is half-made.
      await new Promise((r) => setTimeout(r, 800));
      expect(invoiceRows(app)).toEqual([]);
      expect(inboxStates(app)).toEqual({ pending: 20 });

      free();
      await expect.poll(() => inboxStates(app), { timeout: 20_000 }).toEqual({ done: 20 });
      const rows = invoiceRows(app);
      expect(rows).toHaveLength(20);
      expect(new Set(rows.map((r) => r.number)).size).toBe(20);
      expectIntact(app.db);
    });
  });

  describe('under the export folder', () => {
    const dataDir = join(root, 'export');
    const exportsDir = join(dataDir, 'exports');
    let app: ReturnType<typeof createTempApp>;
    let ids: number[];
    let free: () => void = () => undefined;

    beforeAll(async () => {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      expect(mountTinyTmpfs(exportsDir, '8m')).toBeNull();
      app = createTempApp('headless', { dataDir, sync: { enabled: false } });
      await app.start();
      new SettingsRepo(app.db).update(COMPLETE_PROFILE);
      ids = seedInvoices(app.db, Array.from({ length: 600 }, (_, i) => ({
        number: `INV${String(i + 1).padStart(6, '0')}`, status: 'approved' as const, currency: 'NGN',
      })));
    });
    afterAll(async () => {
      free();
      await app?.dispose();
      unmount(exportsDir);
    });

    const visible = () => (existsSync(exportsDir) ? readdirSync(exportsDir).filter((n) => n !== 'ballast').sort() : []);
    const exportedCount = () => app.db.prepare("SELECT count(*) FROM invoices WHERE status = 'exported' OR export_batch_id IS NOT NULL").pluck().get() as number;

    it.each([['nrs-json', 0], ['csv', 300]] as const)('%s: a clear error, nothing marked exported, no partial file; works after freeing space', async (format, from) => {
      // Each format its own 300 approved documents, so the second case starts from documents nobody exported.
      const mine = ids.slice(from, from + 300);
      const before = exportedCount();
      const batches = batchesOnDisk();
      free = fillDisk(exportsDir);
      const r = await app.dispatch('export.run', { ids: mine, format });
      expect(r.ok).toBe(false);
      const error = (r as { ok: false; error: ApiErrorBody }).error;
      expect(error.code).toBe('unavailable');
      expect(error.message).toMatch(/disk is full/);
      expect(error.message).toMatch(/Nothing was exported/);
      expectOwnerError(error, `${format} export on a full disk`);
      expect(exportedCount()).toBe(before);
      expect(batchesOnDisk(), 'no batch recorded').toEqual(batches);
      expect(visible(), 'no file or folder left behind').toEqual(batches);

      free();
      const ok = await app.dispatch('export.run', { ids: mine, format });
      expect(ok).toMatchObject({ ok: true, value: { ok: true } });
      expect(exportedCount()).toBe(before + 300);
      expectIntact(app.db);
    });

    /** The folders of recorded batches: the only thing allowed in the export folder. */
    function batchesOnDisk(): string[] {
      return (app.db.prepare('SELECT name FROM export_batches').pluck().all() as string[]).sort();
    }
  });
});
