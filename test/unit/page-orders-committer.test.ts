import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/platform/db/open';
import { BatchCommitter } from '../../main/pipeline/batch-committer';
import { PageOrdersCommitter } from '../../main/pipeline/page-orders-committer';
import { InboxStore } from '../../main/inbox/inbox-store';
import { CustomersRepo } from '../../main/square/customers-repo';
import { parseCustomerWire } from '../../main/square/customer-wire';
import { fromWire } from '../../main/square/wire';
import { buildOrder, type BuildOrderInput } from '../fakes/fake-square/index';
import { tempDir } from '../support/temp-app';

// A backfill's orders whose tenders settle the sale are invoiced straight from their SearchOrders page, with no inbox
// event each (issue 18). What must hold: the same invoice the event path makes, a page read twice changes nothing,
// and whatever this path cannot finish (a customer to fetch, an order that fails to store) is handed back untouched.

const AT = Date.parse('2026-03-02T12:00:00Z');

function order(id: string, extra: Partial<BuildOrderInput> = {}) {
  const wire = buildOrder({
    id, locationId: 'L1', currency: 'NGN', createdAt: '2026-03-02T10:00:00.000Z', paymentId: `P-${id}`, tenderType: 'CARD',
    lines: [{ name: 'Jollof rice', unitPrice: 250_000, quantity: 2 }], taxes: [{ name: 'VAT', percentage: '7.5' }], ...extra,
  });
  return fromWire.order(JSON.parse(JSON.stringify({ ...wire, version: 1, updated_at: '2026-03-02T10:00:00.000Z' })));
}

interface InvoiceRow { number: string; source_key: string; payable_minor: number; buyer_name: string | null; updated_at: number }

describe('invoicing a backfill page’s orders without inbox events', () => {
  const dirs: string[] = [];
  let db: Db;
  afterEach(() => {
    db?.close();
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });
  const open = () => {
    const dir = tempDir();
    dirs.push(dir);
    db = openDatabase(dir);
    return new PageOrdersCommitter(db, new BatchCommitter(db, new InboxStore(db)));
  };
  const invoices = () => db.prepare('SELECT number, source_key, payable_minor, buyer_name, updated_at FROM invoices ORDER BY number').all() as InvoiceRow[];

  it('invoices each order from its tenders in one transaction, gapless, storing the order and no inbox row', () => {
    const page = open();
    const out = page.commit([order('O1'), order('O2'), order('O3', { tenderType: 'CASH' })], 'M1', AT);
    expect(out.map((o) => o.ok && !o.already && o.invoices.map((i) => i.outcome))).toEqual([['created'], ['created'], ['created']]);
    // 2 × ₦2,500.00 + 7.5 % VAT = ₦5,375.00, to the kobo.
    expect(invoices().map((r) => [r.number, r.source_key, r.payable_minor])).toEqual([
      ['INV000001', 'order:O1', 537_500], ['INV000002', 'order:O2', 537_500], ['INV000003', 'order:O3', 537_500],
    ]);
    expect(db.prepare('SELECT id FROM square_orders ORDER BY id').pluck().all()).toEqual(['O1', 'O2', 'O3']);
    expect(db.prepare('SELECT count(*) FROM webhook_inbox').pluck().get()).toBe(0);
  });

  it('a page read again changes nothing; a newer version of an order updates its invoice', () => {
    const page = open();
    page.commit([order('O1'), order('O2')], 'M1', AT);
    const before = invoices();
    const again = page.commit([order('O1'), order('O2')], 'M1', AT + 60_000);
    expect(again).toEqual([{ ok: true, invoices: [], already: true }, { ok: true, invoices: [], already: true }]);
    expect(invoices()).toEqual(before);

    const newer = fromWire.order({ ...JSON.parse(JSON.stringify(buildOrder({
      id: 'O2', locationId: 'L1', currency: 'NGN', createdAt: '2026-03-02T10:00:00.000Z', paymentId: 'P-O2', tenderType: 'CARD',
      lines: [{ name: 'Jollof rice', unitPrice: 250_000, quantity: 3 }], taxes: [{ name: 'VAT', percentage: '7.5' }],
    }))), version: 2, updated_at: '2026-03-02T11:00:00.000Z' });
    const [changed] = page.commit([newer], 'M1', AT + 120_000);
    expect(changed).toMatchObject({ ok: true, already: false, invoices: [{ outcome: 'updated' }] });
    expect(invoices().map((r) => [r.number, r.payable_minor])).toEqual([['INV000001', 537_500], ['INV000002', 806_250]]);
  });

  it('leaves an order whose customer is not stored here to the event path; a stored customer becomes the buyer', () => {
    const page = open();
    new CustomersRepo(db).upsert(parseCustomerWire({ id: 'C-KNOWN', given_name: 'Ada', family_name: 'Obi', version: 1, updated_at: '2026-03-01T00:00:00.000Z' }), AT);
    const out = page.commit([order('O1', { customerId: 'C-NEW' }), order('O2', { customerId: 'C-KNOWN' })], 'M1', AT);
    expect(out[0]).toMatchObject({ ok: false });
    expect(out[1]).toMatchObject({ ok: true, invoices: [{ outcome: 'created' }] });
    // Nothing of the first was written: the event path stores it with its customer once fetched.
    expect(invoices().map((r) => [r.source_key, r.buyer_name])).toEqual([['order:O2', 'Ada Obi']]);
    expect(db.prepare('SELECT id FROM square_orders').pluck().all()).toEqual(['O2']);
  });

  it('an order that fails to store is handed back with the reason; the others of the page are invoiced', () => {
    const page = open();
    db.exec(`CREATE TEMP TRIGGER refuse_o2 BEFORE INSERT ON invoices WHEN NEW.source_key = 'order:O2'
      BEGIN SELECT RAISE(ABORT, 'the disk refused this one'); END`);
    const out = page.commit([order('O1'), order('O2'), order('O3')], 'M1', AT);
    expect(out.map((o) => o.ok)).toEqual([true, false, true]);
    expect(out[1]).toEqual({ ok: false, reason: 'the disk refused this one' });
    // Its order row went with it (a savepoint each), and numbering has no gap.
    expect(db.prepare('SELECT id FROM square_orders ORDER BY id').pluck().all()).toEqual(['O1', 'O3']);
    expect(invoices().map((r) => [r.number, r.source_key])).toEqual([['INV000001', 'order:O1'], ['INV000002', 'order:O3']]);
  });
});
