import { rmSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { Square } from 'square';
import { openDatabase, type Db } from '../../main/platform/db/open';
import { BatchCommitter } from '../../main/pipeline/batch-committer';
import type { Fetched } from '../../main/pipeline/fetched';
import { draftInHand } from '../../main/pipeline/draft-in-hand';
import { packFetched, unpackFetched, type PackedBatch } from '../../main/pipeline/wire-crossing';
import { InboxStore } from '../../main/inbox/inbox-store';
import { SettingsRepo } from '../../main/platform/settings/settings-repo';
import { SquareObjectsRepo } from '../../main/square/square-objects-repo';
import { fromWire } from '../../main/square/wire';
import { buildOrder, buildPayment } from '../fakes/fake-square/index';
import { tempDir } from '../support/temp-app';

// A sale's draft is converted where its objects were fetched (the main thread) and the commit uses it only when
// storing those objects changed nothing it was made from; otherwise the commit converts from the stored versions,
// so newest still wins. What must hold: the same invoice either way, and no draft of stale objects ever written.

const AT = Date.parse('2026-03-02T12:00:00Z');
const MARK = 'Converted in hand';

function wireOrder(quantity: number, version: number) {
  const wire = buildOrder({
    id: 'O1', locationId: 'L1', currency: 'NGN', createdAt: '2026-03-02T10:00:00.000Z', paymentId: 'P1', tenderType: 'CARD',
    lines: [{ name: 'Jollof rice', unitPrice: 250_000, quantity }], taxes: [{ name: 'VAT', percentage: '7.5' }],
  });
  return { ...JSON.parse(JSON.stringify(wire)), version, updated_at: `2026-03-02T1${version}:00:00.000Z` };
}

/** A sale as the main thread fetches it: the order and its payment, both from Square. */
function sale(quantity = 2, version = 1): Fetched {
  const wire = wireOrder(quantity, version);
  const order = fromWire.order(wire);
  const payment = fromWire.payment(JSON.parse(JSON.stringify(buildPayment({ id: 'P1', order: wire, createdAt: '2026-03-02T10:00:00.000Z' }))));
  return { payment, order, payments: [payment], merchantId: 'M1' };
}

/** Through a real MessagePort, as a batch reaches the writer thread (objects of a sale with its draft in hand as stand-ins). */
function crossed(f: Fetched): Fetched {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(packFetched([f]));
  const got = receiveMessageOnPort(port2)!.message as PackedBatch;
  port1.close();
  return unpackFetched(got)[0]!;
}

interface InvoiceRow { source_key: string; payable_minor: number; buyer_name: string | null }

describe('the draft converted in hand', () => {
  const dirs: string[] = [];
  const dbs: Db[] = [];
  afterEach(() => {
    dbs.splice(0).forEach((d) => d.close());
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });
  const open = () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = openDatabase(dir);
    dbs.push(db);
    const committer = new BatchCommitter(db, new InboxStore(db));
    const settings = new SettingsRepo(db);
    const objects = new SquareObjectsRepo(db);
    return {
      db,
      objects,
      store: (f: Fetched) => db.transaction(() => committer.storeSale(f, AT, settings.getAll()))(),
      inHand: (f: Fetched) => draftInHand(f, (l) => objects.locationTimezone(l)),
      invoice: () => db.prepare('SELECT source_key, payable_minor, buyer_name FROM invoices').get() as InvoiceRow | undefined,
      rows: () => ({
        invoices: db.prepare('SELECT * FROM invoices').all(),
        lines: db.prepare('SELECT * FROM invoice_lines').all(),
        taxes: db.prepare('SELECT * FROM invoice_taxes').all(),
      }),
    };
  };
  /** The draft in hand, marked so the test can tell whether the commit wrote it. */
  const marked = (f: Fetched, inHand: NonNullable<Fetched['inHand']>): Fetched => ({ ...f, inHand: { ...inHand, draft: { ...inHand.draft!, buyerName: MARK } } });

  it('writes the same invoice, lines and taxes as converting in the commit', () => {
    const a = open();
    const b = open();
    const f = sale();
    const inHand = a.inHand(f);
    expect(inHand?.paymentIds).toEqual(['P1']);
    a.store({ ...f, inHand: inHand! });
    b.store(f);
    expect(a.rows()).toEqual(b.rows());
    expect(a.invoice()).toMatchObject({ source_key: 'order:O1', payable_minor: 537_500 });
  });

  it('crossed to the writer thread, stores Square’s objects and writes the same rows; if it no longer holds, the stored versions are converted', () => {
    const a = open();
    const b = open();
    const f = sale();
    a.store(crossed({ ...f, inHand: a.inHand(f)! }));
    b.store(f);
    expect(a.rows()).toEqual(b.rows());
    expect(a.db.prepare('SELECT raw_json FROM square_orders').pluck().all()).toEqual(b.db.prepare('SELECT raw_json FROM square_orders').pluck().all());
    expect(a.db.prepare('SELECT raw_json FROM square_payments').pluck().all()).toEqual(b.db.prepare('SELECT raw_json FROM square_payments').pluck().all());

    const c = open();
    c.objects.upsertOrder(sale(3, 2).order!, AT);
    const late = sale(2, 1);
    c.store(crossed(marked(late, c.inHand(late)!)));
    expect(c.invoice()).toMatchObject({ payable_minor: 806_250 });
    expect(c.invoice()?.buyer_name).not.toBe(MARK);
  });

  it('is what the commit writes when storing the objects changed nothing', () => {
    const app = open();
    const f = sale();
    app.store(marked(f, app.inHand(f)!));
    expect(app.invoice()?.buyer_name).toBe(MARK);
  });

  it('is not written when a newer version of the order was stored first: the stored one is converted', () => {
    const app = open();
    // Version 2 (3 plates) stored by another batch's commit, just before this one ...
    app.objects.upsertOrder(sale(3, 2).order!, AT);
    // ... whose event carried version 1 (2 plates), converted in hand before that.
    const late = sale(2, 1);
    app.store(marked(late, app.inHand(late)!));
    expect(app.invoice()).toMatchObject({ payable_minor: 806_250 });
    expect(app.invoice()?.buyer_name).not.toBe(MARK);
  });

  it('is not written when the order has a payment stored that was not in hand (a split tender), nor when the time zone differs', () => {
    const app = open();
    const other = fromWire.payment(JSON.parse(JSON.stringify(buildPayment({ id: 'P0', locationId: 'L1', currency: 'NGN', amount: 100, createdAt: '2026-03-02T10:00:00.000Z' }))));
    app.objects.upsertPayment({ ...other, orderId: 'O1' } as Square.Payment, AT);
    const f = sale();
    app.store(marked(f, app.inHand(f)!));
    expect(app.invoice()?.buyer_name).not.toBe(MARK);

    const zone = open();
    const g = sale();
    const inHand = zone.inHand(g)!;
    zone.store(marked(g, { ...inHand, timezone: 'Africa/Lagos' }));
    expect(zone.invoice()?.buyer_name).not.toBe(MARK);
  });

  it('is made only for a plain sale: not for refunds, customer changes or events set aside', () => {
    const app = open();
    const f = sale();
    expect(app.inHand({ ...f, refund: { id: 'R1', paymentId: 'P1' } as Square.PaymentRefund })).toBeUndefined();
    expect(app.inHand({ payments: [], merchantId: 'M1', customerChange: { id: 'C1' } as Square.Customer })).toBeUndefined();
    expect(app.inHand({ ...f, ignored: true, setAside: 'another seller' })).toBeUndefined();
    expect(app.inHand({ payments: [], merchantId: 'M1' })).toBeUndefined();
  });
});
