import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvoiceDetail } from '../../shared/domain';
import { profileFromSettings } from '../../main/export/profile';
import { exportProblems, latestIssueDate } from '../../main/export/rules/index';
import { seedInvoices } from '../support/seed';
import { ACTOR, COMPLETE_PROFILE, exportWorld, type ExportWorld } from '../support/export-harness';

// Invalid documents block the whole export with sentences that name the document and the field, and nothing is
// exported: no invoice changes status, no batch is recorded, no file is left in the exports folder.

const NOW = Date.parse('2026-11-30T12:00:00Z');

describe('export rules block invalid documents', () => {
  let w: ExportWorld;
  afterEach(() => w.dispose());

  function world(ngn = 2, extra: Parameters<typeof seedInvoices>[1] = []): number[] {
    w = exportWorld();
    w.settings.update(COMPLETE_PROFILE);
    return seedInvoices(w.db, [
      ...Array.from({ length: ngn }, (_, i) => ({ number: `INV00000${i + 1}`, status: 'approved' as const, currency: 'NGN' })),
      ...extra,
    ]);
  }

  async function expectBlocked(ids: number[], pattern: RegExp): Promise<string[]> {
    const before = ids.map((id) => w.store.get(id)!.status);
    const r = await w.service({ now: () => NOW }).run({ ids }, 'nrs-json');
    expect(r.ok).toBe(false);
    const all = r.ok ? [] : [r.message, ...r.problems.flatMap((p) => p.problems)];
    expect(all.join('\n')).toMatch(pattern);
    expect(ids.map((id) => w.store.get(id)!.status)).toEqual(before);
    expect(before).not.toContain('exported');
    expect(w.service().list(1, 10).total).toBe(0);
    const root = join(w.dir, 'exports');
    expect(existsSync(root) ? readdirSync(root) : []).toEqual([]);
    return all;
  }

  it('a valid batch goes through (control)', async () => {
    const ids = world();
    const r = await w.service({ now: () => NOW }).run({ ids }, 'nrs-json');
    expect(r.ok).toBe(true);
  });

  it('B2B buyer without a TIN', async () => {
    const ids = world(1, [{ number: 'INV000009', status: 'draft', currency: 'NGN' }]);
    const id = ids[1]!;
    w.store.setBuyer(id, { name: 'Dangote Foods Ltd', tin: null, email: 'ap@dangote.ng', phone: null, address: null, kind: 'B2B' }, NOW, ACTOR);
    w.store.approve(id, NOW, ACTOR);
    const msgs = await expectBlocked(ids, /Invoice INV000009 is to a business \(B2B\): add the buyer's TIN/);
    // Only the bad one is named; the good one has no problems.
    expect(msgs.some((m) => m.includes('INV000001'))).toBe(false);
  });

  it('every invalid document is named, wherever it sits in the batch (the first problem does not end the checking)', async () => {
    w = exportWorld();
    w.settings.update(COMPLETE_PROFILE);
    const ids = seedInvoices(w.db, ['INV000001', 'INV000002', 'INV000003'].map((number) => ({ number, status: 'draft' as const, currency: 'NGN' })));
    for (const id of [ids[0]!, ids[2]!]) {
      w.store.setBuyer(id, { name: 'Dangote Foods Ltd', tin: null, email: 'ap@dangote.ng', phone: null, address: null, kind: 'B2B' }, NOW, ACTOR);
    }
    for (const id of ids) w.store.approve(id, NOW, ACTOR);
    const msgs = await expectBlocked(ids, /Invoice INV000001 is to a business/);
    expect(msgs.join('\n')).toMatch(/Invoice INV000003 is to a business/);
    expect(msgs.some((m) => m.includes('INV000002'))).toBe(false);
  });

  it('a buyer TIN that is not a TIN', async () => {
    const ids = world(1, [{ number: 'INV000009', status: 'draft', currency: 'NGN' }]);
    w.store.setBuyer(ids[1]!, { name: 'Dangote Foods Ltd', tin: '12345', email: 'ap@dangote.ng', phone: null, address: null, kind: 'B2B' }, NOW, ACTOR);
    w.store.approve(ids[1]!, NOW, ACTOR);
    await expectBlocked(ids, /Invoice INV000009: the buyer's TIN 12345 is not a TIN/);
  });

  it('an unclassified line without a default classification', async () => {
    const ids = world();
    w.settings.update({ defaultClassificationKind: '', defaultClassificationCode: '', defaultClassificationCategory: '' });
    await expectBlocked(ids, /Invoice INV000001, line 1 \(Item for INV000001\) is not classified/);
  });

  it('a document in another currency without a naira rate for its date', async () => {
    const ids = world(1, [{ number: 'INV000007', status: 'approved', currency: 'USD', issueDate: '2026-11-02' }]);
    await expectBlocked(ids, /Invoice INV000007 is in USD: add the naira exchange rate for USD on 2026-11-02/);
    w.service().setMappings({ exchangeRates: [{ currency: 'USD', date: '2026-11-02', rate: '1480.5' }] });
    expect((await w.service({ now: () => NOW }).run({ ids }, 'csv')).ok).toBe(true);
  });

  it('an incomplete business profile', async () => {
    const ids = world();
    w.settings.update({ businessId: '', businessLga: '' });
    await expectBlocked(ids, /Settings: fill in the Business ID \(the UUID on your MBS dashboard\), business LGA before exporting/);
  });

  it('an issue date in the future', async () => {
    const ids = world(0, [{ number: 'INV000003', status: 'approved', currency: 'NGN', issueDate: '2026-12-05' }]);
    await expectBlocked(ids, /Invoice INV000003: its issue date 2026-12-05 is in the future/);
  });

  it('a document that is not approved', async () => {
    const ids = world(0, [{ number: 'INV000004', status: 'draft', currency: 'NGN' }]);
    await expectBlocked(ids, /Invoice INV000004 is draft: only approved documents are exported/);
  });

  it('settings.set refuses codes outside the NRS lists at the field (LGA of another state, unknown type code)', () => {
    w = exportWorld();
    // Membership is checked by the contract handler through profileCodeProblems; here the rule itself.
    const p = profileFromSettings({ ...w.settings.getAll(), ...COMPLETE_PROFILE, businessLga: 'NG-AB-ABA', invoiceTypeCode: '999' } as never);
    const d = { ...fakeDetail() };
    const problems = exportProblems(d, p, ctx());
    expect(problems.join(' ')).toMatch(/type code 999 in Settings is not an NRS invoice type/);
  });
});

function ctx(over: Partial<Parameters<typeof exportProblems>[2]> = {}): Parameters<typeof exportProblems>[2] {
  return {
    latestIssueDate: latestIssueDate(NOW), rateFor: () => null, paymentMeans: ['48'], original: null,
    classificationFor: () => ({ kind: 'service', code: '5610', category: 'Restaurants' }), ...over,
  };
}

/** A valid approved NGN invoice as the store returns it, to break one field at a time. */
function fakeDetail(): InvoiceDetail {
  return {
    id: 7, kind: 'invoice', number: 'INV000007', irn: 'INV000007-AB12CD34-20261120', status: 'approved', currency: 'NGN',
    issueDate: '2026-11-20', issuedAt: '2026-11-20T10:00:00Z', buyerName: null, payableMinor: 107_500, taxTotalMinor: 7_500,
    locationId: null, sourceKey: 'order:X', reviewReason: null, lineExtensionMinor: 100_000, allowanceTotalMinor: 0,
    chargeTotalMinor: 0, taxExclusiveMinor: 100_000, taxInclusiveMinor: 107_500, tipMinor: 0, roundingMinor: 0,
    buyerEmail: null, buyerPhone: null, buyerTin: null, buyerAddress: null, buyerKind: 'B2C', buyerKindChosen: false,
    buyerEdited: false, sourcePaymentId: null, sourceOrderId: 'X', sourceRefundId: null, originalInvoiceId: null,
    createdAt: '', updatedAt: '', original: null, creditNotes: [], netAfterCreditsMinor: 107_500, approvalProblems: [], history: [],
    lines: [{ lineNo: 1, name: 'Jollof rice', description: null, sku: null, quantity: '2', unitPriceMinor: 50_000, grossMinor: 100_000,
      discountMinor: 0, taxMinor: 7_500, lineExtensionMinor: 100_000, totalMinor: 107_500, taxPercent: '7.5', classification: null }],
    taxes: [{ name: 'VAT', category: 'STANDARD_VAT', percent: '7.5', taxType: 'ADDITIVE', taxableMinor: 100_000, taxMinor: 7_500 }],
  };
}

describe('export rules (pure): arithmetic, IRN, credit notes', () => {
  const p = profileFromSettings({ ...COMPLETE_PROFILE, invoiceTypeCode: '381', creditNoteTypeCode: '380', invoicePrefix: 'INV' } as never);
  const run = (d: InvoiceDetail, over = {}) => exportProblems(d, p, ctx(over)).join('\n');

  it('a valid document has no problems', () => {
    expect(run(fakeDetail())).toBe('');
  });

  it.each([
    [{ lineExtensionMinor: 100_001, taxExclusiveMinor: 100_001, taxInclusiveMinor: 107_501, payableMinor: 107_501 }, /lines add up to a different amount/],
    [{ chargeTotalMinor: 5 }, /amount before tax is not the line total less discounts plus charges/],
    [{ taxInclusiveMinor: 107_499, payableMinor: 107_499 }, /amount with tax is not the amount before tax plus the tax/],
    [{ taxTotalMinor: 7_400, taxInclusiveMinor: 107_400, payableMinor: 107_400 }, /tax lines do not add up to its tax total/],
    [{ payableMinor: 107_505 }, /amount to pay is not the amount with tax plus cash rounding/],
  ])('breaks %o', (patch, msg) => {
    expect(run({ ...fakeDetail(), ...patch })).toMatch(msg);
  });

  it('tax = taxable × percent within 0.01 (one kobo is fine, two are not)', () => {
    const d = fakeDetail();
    const tax = (t: number) => ({ ...d, taxTotalMinor: t, taxInclusiveMinor: 100_000 + t, payableMinor: 100_000 + t,
      lines: [{ ...d.lines[0]!, taxMinor: t }], taxes: [{ ...d.taxes[0]!, taxMinor: t }] });
    expect(run(tax(7_501))).toBe('');
    expect(run(tax(7_502))).toMatch(/the tax "VAT" is not 7.5% of its taxable amount/);
  });

  it('IRN must carry the number, the Service ID and the issue date', () => {
    expect(run({ ...fakeDetail(), irn: 'INV000007-ZZ99ZZ99-20261120' })).toMatch(/carries Service ID ZZ99ZZ99, not yours \(AB12CD34\)/);
    expect(run({ ...fakeDetail(), irn: 'INV000007-AB12CD34-20261121' })).toMatch(/does not carry its issue date 2026-11-20/);
    expect(run({ ...fakeDetail(), irn: 'INV-7-AB12CD34-20261120' })).toMatch(/is not of the form number-ServiceID-date/);
    expect(run({ ...fakeDetail(), irn: null })).toBe(''); // computed from number, Service ID and date at export
  });

  it('credit notes need their original reported, with an IRN', () => {
    const cn: InvoiceDetail = { ...fakeDetail(), kind: 'credit_note', number: 'INVCN000001', irn: 'INVCN000001-AB12CD34-20261120', originalInvoiceId: 3 };
    expect(run(cn)).toMatch(/Credit note INVCN000001: the invoice it refunds .* is not in the app yet|cannot name the original's IRN/);
    expect(run(cn, { original: { irn: 'INV000003-AB12CD34-20261101', issueDate: '2026-11-01', reported: false } })).toMatch(/export the invoice it refunds \(#3\) first, or in the same batch/);
    expect(run(cn, { original: { irn: 'INV000003-AB12CD34-20261101', issueDate: '2026-11-01', reported: true } })).toBe('');
  });

  it('codes must be in the NRS lists: HS code, tax category', () => {
    expect(run(fakeDetail(), { classificationFor: () => ({ kind: 'goods', code: '9999.99', category: 'x' }) })).toMatch(/line 1 \(Jollof rice\): 9999.99 is not in the NRS list of HS codes/);
    const d = fakeDetail();
    expect(run({ ...d, taxes: [{ ...d.taxes[0]!, category: 'OTHER' }] })).toMatch(/the tax "VAT" has no NRS tax category/);
  });
});
