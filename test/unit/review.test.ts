import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../shared/contract';
import type { InvoiceDetail } from '../../shared/domain';
import type { ApproveOutcome } from '../../shared/review';
import { InvoiceStore } from '../../main/invoicing/invoice-store';
import { InvoiceWriter } from '../../main/invoicing/invoice-writer';
import type { InvoiceDraft } from '../../main/invoicing/convert/types';
import { createTempApp } from '../support/temp-app';
import { seedDocument, seedInvoices } from '../support/seed';

// The owner's review through the contract, as both transports call it: each change validated, recorded in the
// invoice's history with who/when/before/after, and refused in words where the invoice's state does not allow it.

const BUYER = {
  name: 'Chukwu Catering Ltd', tin: '12345678-0001', email: 'accounts@chukwu.ng', phone: '+2348012345678',
  address: { street: '12 Allen Avenue', city: 'Ikeja', postalZone: '100271', country: 'NG', state: 'NG-LA', lga: 'NG-LA-IKE' },
  kind: null,
};

describe('invoice review', () => {
  let app: ReturnType<typeof createTempApp>;
  beforeEach(() => {
    app = createTempApp();
  });
  afterEach(() => app.dispose());

  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = (await app.dispatch(channel, input)) as ApiResult<T>;
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value;
  };
  const refusal = async (channel: string, input: unknown) => {
    const r = await app.dispatch(channel, input);
    if (r.ok) throw new Error(`${channel} was accepted`);
    return r.error;
  };
  const auditRows = () => (app.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

  it('edits the buyer: B2B follows from the TIN, the history keeps before → after, the owner is this device', async () => {
    const [id] = seedInvoices(app.db, [{ number: 'INV1' }]);
    const after = await call<InvoiceDetail>('invoices.buyer.set', { id, buyer: BUYER });
    expect(after).toMatchObject({
      buyerName: 'Chukwu Catering Ltd', buyerTin: '12345678-0001', buyerEmail: 'accounts@chukwu.ng',
      buyerPhone: '+2348012345678', buyerKind: 'B2B', buyerKindChosen: false, buyerEdited: true,
      buyerAddress: BUYER.address,
    });
    const entry = after.history.at(-1)!;
    expect(entry).toMatchObject({ action: 'invoice.buyer.changed', actor: expect.stringMatching(/^owner@.+/) });
    expect(entry.detail).toMatchObject({ before: { name: null, tin: null }, after: { name: 'Chukwu Catering Ltd', tin: '12345678-0001' } });

    // The owner may say B2C even with a TIN.
    const chosen = await call<InvoiceDetail>('invoices.buyer.set', { id, buyer: { ...BUYER, kind: 'B2C' } });
    expect(chosen).toMatchObject({ buyerKind: 'B2C', buyerKindChosen: true });
  });

  it('refuses a bad TIN, phone, email or code at the field, and saves nothing', async () => {
    const [id] = seedInvoices(app.db, [{ number: 'INV1', buyerName: 'Walk-in' }]);
    const before = auditRows();
    const cases: [unknown, string, RegExp][] = [
      [{ ...BUYER, tin: '1234567-0001' }, 'buyer.tin', /8 digits, a hyphen and 4 digits/],
      [{ ...BUYER, phone: '08012345678' }, 'buyer.phone', /\+ and the country code/],
      [{ ...BUYER, email: 'not-an-email' }, 'buyer.email', /email address/],
      [{ ...BUYER, address: { ...BUYER.address, state: 'NG-XX' } }, 'buyer.address.state', /not a Nigerian state/],
      [{ ...BUYER, address: { ...BUYER.address, lga: 'NG-KN-ABC' } }, 'buyer.address.lga', /not an LGA/],
      [{ ...BUYER, address: { ...BUYER.address, lga: 'NG-AB-ANO' } }, 'buyer.address.lga', /Aba North is not in Lagos/],
      [{ ...BUYER, address: { ...BUYER.address, state: null, lga: null } }, 'buyer.address.state', /state and LGA/],
    ];
    for (const [buyer, field, message] of cases) {
      const error = await refusal('invoices.buyer.set', { id, buyer });
      expect(error, field).toMatchObject({ code: 'invalid_input', field });
      expect(error.message).toMatch(message);
    }
    expect(auditRows()).toBe(before);
    expect((await call<InvoiceDetail>('invoices.get', { id })).buyerName).toBe('Walk-in');
  });

  it('classifies a line with a code from the NRS lists and keeps it when Square sends a newer version', async () => {
    const store = new InvoiceStore(app.db);
    const writer = new InvoiceWriter(app.db, store);
    const draft = saleDraft('1');
    const id = app.db.transaction(() => writer.write(draft, 1_000).id!)();
    const classified = await call<InvoiceDetail>('invoices.line.classify', {
      id, lineNo: 1, classification: { kind: 'goods', code: '1006.30', category: 'Rice' },
    });
    expect(classified.lines[0]!.classification).toEqual({ kind: 'goods', code: '1006.30', category: 'Rice' });
    const refused = await refusal('invoices.line.classify', { id, lineNo: 1, classification: { kind: 'goods', code: '9999.99', category: 'x' } });
    expect(refused).toMatchObject({ code: 'invalid_input', field: 'classification.code' });
    await call('invoices.buyer.set', { id, buyer: { ...BUYER, tin: null, kind: null } });

    // Square sends version 2 (price changed): the owner's classification and buyer survive.
    app.db.transaction(() => writer.write({ ...saleDraft('2'), buyerName: 'From Square' }, 2_000))();
    const after = await call<InvoiceDetail>('invoices.get', { id });
    expect(after.lines[0]!.unitPriceMinor).toBe(2_000);
    expect(after.lines[0]!.classification).toEqual({ kind: 'goods', code: '1006.30', category: 'Rice' });
    expect(after.buyerName).toBe('Chukwu Catering Ltd');
  });

  it('approves a draft, reopens it, voids it with a reason; the history shows each step', async () => {
    const [id] = seedInvoices(app.db, [{ number: 'INV1' }]);
    expect((await call<InvoiceDetail>('invoices.get', { id })).approvalProblems).toEqual([]);
    expect((await call<InvoiceDetail>('invoices.approve', { id })).status).toBe('approved');
    expect(await refusal('invoices.buyer.set', { id, buyer: BUYER })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/reopen it/) });
    expect((await call<InvoiceDetail>('invoices.reopen', { id })).status).toBe('draft');
    const voided = await call<InvoiceDetail>('invoices.void', { id, reason: 'Test sale rung up by mistake' });
    expect(voided.status).toBe('void');
    expect(voided.history.map((h) => [h.action, h.detail?.before, h.detail?.after])).toEqual([
      ['invoice.created', undefined, undefined],
      ['invoice.approved', 'draft', 'approved'],
      ['invoice.reopened', 'approved', 'draft'],
      ['invoice.voided', 'draft', 'void'],
    ]);
    expect(voided.history.at(-1)!.detail?.note).toBe('Test sale rung up by mistake');
    expect(await refusal('invoices.approve', { id })).toMatchObject({ code: 'conflict', message: 'A void invoice cannot be approved.' });
    expect(await refusal('invoices.reopen', { id })).toMatchObject({ code: 'conflict' });
  });

  it('approves a needs_review invoice only when the owner accepts it with a note, which the history keeps', async () => {
    const store = new InvoiceStore(app.db);
    const id = seedDocument(store, {
      kind: 'invoice', sourceKey: 'order:R1', number: 'INV7', status: 'needs_review', currency: 'NGN',
      reviewReason: "Square's total differs from the items by ₦3.00", issueDate: '2026-11-20', issuedAt: '2026-11-20T10:00:00Z',
      lines: [{ name: 'Jollof', quantity: '1', unitPriceMinor: 150_000, grossMinor: 150_000, taxMinor: 11_250 }], taxes: [],
    });
    const problems = (await call<InvoiceDetail>('invoices.get', { id })).approvalProblems;
    expect(problems).toEqual([expect.stringMatching(/differs from the items by ₦3\.00.*use "Approve as it is" and say why\./)]);
    expect(await refusal('invoices.approve', { id })).toMatchObject({ code: 'conflict' });
    expect(await refusal('invoices.approve', { id, acceptNote: '' })).toMatchObject({ code: 'invalid_input', field: 'acceptNote' });
    const approved = await call<InvoiceDetail>('invoices.approve', { id, acceptNote: 'Counted the till: the items are right' });
    expect(approved.status).toBe('approved');
    expect(approved.history.slice(-2).map((h) => h.action)).toEqual(['invoice.accepted', 'invoice.approved']);
    expect(approved.history.at(-2)!.detail).toMatchObject({ note: 'Counted the till: the items are right' });
    // Reopened, it goes back to review: the mismatch still stands.
    expect((await call<InvoiceDetail>('invoices.reopen', { id })).status).toBe('needs_review');
  });

  it('asks a business buyer for name, TIN and email before approval', async () => {
    const [id] = seedInvoices(app.db, [{ number: 'INV1' }]);
    await call('invoices.buyer.set', { id, buyer: { name: 'Ada Ltd', tin: null, email: null, phone: null, address: null, kind: 'B2B' } });
    const error = await refusal('invoices.approve', { id });
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/business buyer \(B2B\) needs a TIN, email address/) });
  });

  it('bulk-approves 500 in one go, with a result per invoice', async () => {
    const ids = seedInvoices(app.db, Array.from({ length: 500 }, (_, i) => ({ number: `INV${i + 1}`, status: i % 100 === 0 ? ('needs_review' as const) : ('draft' as const) })));
    const out = await call<{ results: ApproveOutcome[]; approved: number }>('invoices.approveMany', { ids });
    expect(out.approved).toBe(495);
    expect(out.results).toHaveLength(500);
    expect(out.results.filter((r) => !r.approved).map((r) => r.number)).toEqual(['INV1', 'INV101', 'INV201', 'INV301', 'INV401']);
    expect(out.results.find((r) => r.number === 'INV1')!.reasons[0]).toMatch(/did not match the sale in Square\. To approve it as it is, use "Approve as it is" and say why\.$/);
    const counts = app.db.prepare('SELECT status, count(*) AS n FROM invoices GROUP BY status ORDER BY status').all();
    expect(counts).toEqual([{ status: 'approved', n: 495 }, { status: 'needs_review', n: 5 }]);
  });

  it('keeps an exported invoice read-only in the store itself, pointing to a credit note', async () => {
    const [id] = seedInvoices(app.db, [{ number: 'INV1', status: 'exported' }]);
    const before = auditRows();
    for (const [channel, input] of [
      ['invoices.buyer.set', { id, buyer: BUYER }],
      ['invoices.void', { id, reason: 'wrong customer' }],
      ['invoices.reopen', { id }],
      ['invoices.line.classify', { id, lineNo: 1, classification: { kind: 'service', code: '5610', category: 'Restaurants' } }],
    ] as const) {
      expect(await refusal(channel, input), channel).toMatchObject({ code: 'conflict', message: expect.stringMatching(/exported.*credit note/) });
    }
    // The pipeline cannot overwrite it either, even by calling the store directly.
    const store = new InvoiceStore(app.db);
    expect(() => store.void(id!, 'order:x', 'canceled', 1)).toThrow(/exported/);
    expect(auditRows()).toBe(before);
  });

  it('links a credit note and its original both ways, with the net after refunds', async () => {
    const store = new InvoiceStore(app.db);
    const line = (amount: number) => [{ name: 'Suya', quantity: '1', unitPriceMinor: amount, grossMinor: amount, taxMinor: 0 }];
    const doc = { currency: 'NGN', issueDate: '2026-11-20', issuedAt: '2026-11-20T10:00:00Z', taxes: [] };
    const original = seedDocument(store, { ...doc, kind: 'invoice', sourceKey: 'order:O1', number: 'INV10', status: 'approved', lines: line(100_000) });
    seedDocument(store, { ...doc, kind: 'credit_note', sourceKey: 'refund:R1', number: 'INVCN1', status: 'draft', originalInvoiceId: original, lines: line(30_000) });
    seedDocument(store, { ...doc, kind: 'credit_note', sourceKey: 'refund:R2', number: 'INVCN2', status: 'void', originalInvoiceId: original, lines: line(50_000) });
    const inv = await call<InvoiceDetail>('invoices.get', { id: original });
    expect(inv.creditNotes.map((c) => [c.number, c.status, c.payableMinor])).toEqual([['INVCN1', 'draft', 30_000], ['INVCN2', 'void', 50_000]]);
    expect(inv.netAfterCreditsMinor).toBe(70_000); // the void one does not count
    const credit = await call<InvoiceDetail>('invoices.get', { id: inv.creditNotes[0]!.id });
    expect(credit.original).toMatchObject({ id: original, number: 'INV10' });
  });

  it('searches the NRS code lists for pickers', async () => {
    expect(await call('codes.search', { list: 'lgas', query: 'ikeja', state: 'NG-LA' })).toEqual([{ code: 'NG-LA-IKE', name: 'Ikeja' }]);
    const hs = await call<{ code: string }[]>('codes.search', { list: 'hs', query: '1006.3' });
    expect(hs.map((h) => h.code)).toEqual(['1006.30']);
    expect((await call<unknown[]>('codes.search', { list: 'states', query: '' })).length).toBe(37);
  });
});

function saleDraft(version: string): InvoiceDraft {
  const price = version === '1' ? 1_000 : 2_000;
  return {
    kind: 'invoice', sourceKey: 'order:ORDER1', status: 'draft', reviewReasons: [], currency: 'NGN',
    issueDate: '2026-11-20', issuedAt: '2026-11-20T10:00:00Z', lineExtensionMinor: price, allowanceTotalMinor: 0,
    chargeTotalMinor: 0, taxExclusiveMinor: price, taxTotalMinor: 0, taxInclusiveMinor: price, tipMinor: 0,
    roundingMinor: 0, payableMinor: price, buyerName: null, buyerEmail: null, buyerPhone: null, buyerTin: null,
    buyerAddress: null, buyerCustomerId: null, merchantId: 'M1',
    locationId: 'L1', sourcePaymentId: null, sourceOrderId: 'ORDER1', sourceRefundId: null, sourceVersion: version,
    originalSourceKey: null,
    lines: [{
      name: 'Rice', description: null, sku: null, quantity: '1', unitPriceMinor: price, grossMinor: price, discountMinor: 0,
      taxMinor: 0, lineExtensionMinor: price, totalMinor: price, taxPercent: null, sourceUid: 'LINE-A',
    }],
    taxes: [],
  };
}
