import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { serialization, type Square } from 'square';
import type { Settings } from '../../shared/settings';
import { ExportService, type ExportDeps } from '../../main/export/export-service';
import { convertRefund, convertSale } from '../../main/invoicing/convert/index';
import { InvoiceStore } from '../../main/invoicing/invoice-store';
import { InvoiceWriter } from '../../main/invoicing/invoice-writer';
import { openDatabase, type Db } from '../../main/platform/db/open';
import { PushBus } from '../../main/platform/push-bus';
import { SettingsRepo } from '../../main/platform/settings/settings-repo';
import { SquareObjectsRepo } from '../../main/square/square-objects-repo';
import { tempDir } from './temp-app';

// A real export world for tests: a SQLite file in a temp folder, the app's own store, writer and export service, and
// the Square fixture corpus converted and stored as the pipeline would (no mocks of owned code).

export const ACTOR = 'owner@test-device' as const;

export const COMPLETE_PROFILE: Partial<Settings> = {
  businessName: 'Mama Put Kitchen Ltd',
  businessTin: '12345678-0001',
  businessId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  businessEmail: 'accounts@mamaput.ng',
  businessPhone: '+2348012345678',
  businessStreet: '12 Allen Avenue',
  businessCity: 'Ikeja',
  businessPostalZone: '100271',
  businessState: 'NG-LA',
  businessLga: 'NG-LA-IKE',
  serviceId: 'AB12CD34',
  defaultClassificationKind: 'service',
  defaultClassificationCode: '5610',
  defaultClassificationCategory: 'Restaurants and mobile food service activities',
};

export interface ExportWorld {
  dir: string;
  db: Db;
  store: InvoiceStore;
  settings: SettingsRepo;
  square: SquareObjectsRepo;
  bus: PushBus;
  service(extra?: Partial<ExportDeps>): ExportService;
  dispose(): void;
}

export function exportWorld(dir = tempDir('tp-export-')): ExportWorld {
  const db = openDatabase(dir);
  const store = new InvoiceStore(db);
  const settings = new SettingsRepo(db);
  const bus = new PushBus();
  return {
    dir, db, store, settings, bus, square: new SquareObjectsRepo(db),
    service: (extra = {}) => new ExportService({ db, store, bus, dataDir: dir, settings: () => settings.getAll(), actor: ACTOR, ...extra }),
    dispose() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const fixturesDir = join(import.meta.dirname, '../fixtures/square');
const opts = { unrecognizedObjectKeys: 'passthrough' as const };
function parsed<T>(schema: { parse(raw: unknown, o: typeof opts): { ok: true; value: T } | { ok: false; errors: unknown[] } }, raw: unknown): T {
  const r = schema.parse(raw, opts);
  if (!r.ok) throw new Error(`fixture does not parse: ${JSON.stringify(r.errors)}`);
  return r.value;
}

interface Fixture {
  timezone: string;
  order: unknown;
  payments: unknown[];
  refunds?: { refund: unknown; order: unknown }[];
}

/**
 * Every fixture converted and written through the app's writer (numbers and IRNs from the settings), its Square
 * objects stored; returns the ids written, per fixture file.
 */
export function loadCorpus(w: ExportWorld, now = Date.parse('2026-11-30T12:00:00Z')): Map<string, number[]> {
  const writer = new InvoiceWriter(w.db, w.store);
  const out = new Map<string, number[]>();
  const files = readdirSync(fixturesDir).filter((f) => /^\d\d-.*\.json$/.test(f)).sort();
  for (const file of files) {
    const fx = JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')) as Fixture;
    const ids: number[] = [];
    w.db.transaction(() => {
      const order = fx.order ? parsed<Square.Order>(serialization.Order, fx.order) : null;
      const payments = fx.payments.map((p) => parsed<Square.Payment>(serialization.Payment, p));
      if (order) w.square.upsertOrder(order, now);
      for (const p of payments) w.square.upsertPayment(p, now);
      const draft = convertSale({ order, payments, timezone: fx.timezone });
      if (draft) {
        const r = writer.write(draft, now);
        if (r.id !== null) ids.push(r.id);
      }
      for (const rc of fx.refunds ?? []) {
        const refund = parsed<Square.PaymentRefund>(serialization.PaymentRefund, rc.refund);
        const rOrder = rc.order ? parsed<Square.Order>(serialization.Order, rc.order) : null;
        w.square.upsertRefund(refund, now);
        if (rOrder) w.square.upsertOrder(rOrder, now);
        const payment = payments.find((p) => p.id === refund.paymentId) ?? null;
        const credit = convertRefund({ refund, payment, order: rOrder, original: draft, timezone: fx.timezone });
        if (credit) {
          const r = writer.write(credit, now);
          if (r.id !== null) ids.push(r.id);
        }
      }
    })();
    out.set(file, ids);
  }
  return out;
}

/** Approves every draft, and every needs_review document with a note (as an owner accepting it would). */
export function approveAll(w: ExportWorld, ids: Iterable<number>, now = Date.parse('2026-11-30T13:00:00Z')): number[] {
  const approved: number[] = [];
  for (const id of ids) {
    const d = w.store.get(id);
    if (!d || (d.status !== 'draft' && d.status !== 'needs_review')) continue;
    if (d.kind === 'credit_note' && d.originalInvoiceId === null) continue;
    w.store.approve(id, now, ACTOR, d.status === 'needs_review' ? 'Checked against the till roll' : undefined);
    approved.push(id);
  }
  return approved;
}

/** A naira rate for every non-NGN currency and issue date among `ids` (1 unit = 1500.25 NGN, whatever the currency). */
export function addRates(w: ExportWorld, ids: Iterable<number>): void {
  const rates = new Map<string, { currency: string; date: string; rate: string }>();
  for (const id of ids) {
    const d = w.store.get(id)!;
    if (d.currency !== 'NGN') rates.set(`${d.currency} ${d.issueDate}`, { currency: d.currency, date: d.issueDate, rate: '1500.25' });
  }
  w.service().setMappings({ exchangeRates: [...rates.values()] });
}
