import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InvoiceSummary, Page, Stats } from '../../shared/domain';
import type { Settings } from '../../shared/settings';
import { createTempApp } from '../support/temp-app';
import { seedInvoices } from '../support/seed';

describe('contract dispatch (shared by IPC and HTTP)', () => {
  let app: ReturnType<typeof createTempApp>;
  beforeEach(() => {
    app = createTempApp();
  });
  afterEach(() => app.dispose());

  it('rejects bad input with a message and field naming the offending field', async () => {
    const cases: [string, unknown, string][] = [
      ['invoices.list', { page: 0 }, 'page'],
      ['invoices.list', { pageSize: 'ten' }, 'pageSize'],
      ['invoices.list', { status: ['paid'] }, 'status.0'],
      ['invoices.list', { from: '20-11-2026' }, 'from'],
      ['invoices.list', { from: '2026-11-21', to: '2026-11-20' }, 'from'],
      ['invoices.list', { colour: 'red' }, 'colour'],
      ['invoices.get', {}, 'id'],
      ['invoices.get', { id: -3 }, 'id'],
      ['settings.set', { businessTin: '123' }, 'businessTin'],
      ['settings.set', { invoicePrefix: 'INV-' }, 'invoicePrefix'],
      ['settings.set', { webhookPublicUrl: 'http://example.com' }, 'webhookPublicUrl'],
      ['settings.set', { apiSecret: 'x' }, 'apiSecret'],
      ['app.info', { extra: 1 }, 'extra'],
      ['stats.get', 'not an object', '(input)'],
    ];
    for (const [channel, input, field] of cases) {
      const result = await app.dispatch(channel, input);
      expect(result.ok, `${channel} ${JSON.stringify(input)}`).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.field).toBe(field);
      // The owner reads the message; the key and channel are for whoever helps them, behind "Details".
      expect(result.error.message).not.toContain(channel);
      expect(result.error.detail).toContain(field);
      expect(result.error.detail).toContain(channel);
    }
  });

  it('answers an unknown channel with not_found rather than throwing', async () => {
    const result = await app.dispatch('invoices.delete_all', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found', detail: 'Unknown channel "invoices.delete_all"' } });
    expect(result.ok === false && result.error.message).not.toContain('invoices.delete_all');
  });

  it('lists invoices with paging and filters by status, date and search', async () => {
    seedInvoices(app.db, [
      { number: 'INV1', status: 'draft', issueDate: '2026-11-01', buyerName: 'Ada Stores' },
      { number: 'INV2', status: 'approved', issueDate: '2026-11-10' },
      { number: 'INV3', status: 'needs_review', issueDate: '2026-11-20', buyerName: 'Bola 50% Off' },
    ]);
    const list = async (input: unknown) => {
      const r = await app.dispatch('invoices.list', input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as Page<InvoiceSummary>;
    };
    const all = await list(undefined);
    expect(all.total).toBe(3);
    expect(all.items.map((i) => i.number)).toEqual(['INV3', 'INV2', 'INV1']); // newest first
    expect((await list({ page: 2, pageSize: 2 })).items.map((i) => i.number)).toEqual(['INV1']);
    expect((await list({ status: ['draft', 'approved'] })).items.map((i) => i.number).sort()).toEqual(['INV1', 'INV2']);
    expect((await list({ from: '2026-11-05', to: '2026-11-15' })).items.map((i) => i.number)).toEqual(['INV2']);
    expect((await list({ search: 'ada' })).items.map((i) => i.number)).toEqual(['INV1']);
    // LIKE wildcards in the search text are literal.
    expect((await list({ search: '50%' })).items.map((i) => i.number)).toEqual(['INV3']);
    expect((await list({ search: '%' })).items.map((i) => i.number)).toEqual(['INV3']);
  });

  it('gets one invoice with lines and taxes, and not_found for a missing id', async () => {
    const [id] = seedInvoices(app.db, [{ number: 'INV9', netMinor: 20_000 }]);
    const got = await app.dispatch('invoices.get', { id });
    expect(got.ok).toBe(true);
    if (got.ok) {
      const inv = got.value as { number: string; payableMinor: number; lines: unknown[]; taxes: { taxMinor: number }[] };
      expect(inv.number).toBe('INV9');
      expect(inv.payableMinor).toBe(21_500);
      expect(inv.lines).toHaveLength(1);
      expect(inv.taxes[0]!.taxMinor).toBe(1_500);
    }
    const missing = await app.dispatch('invoices.get', { id: 424242 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found', field: 'id' } });
  });

  it('persists settings, returns defaults for unset keys and pushes settings.changed', async () => {
    const pushed: Settings[] = [];
    app.bus.on('settings.changed', (s) => pushed.push(s));
    const before = await app.dispatch('settings.get', {});
    expect(before).toMatchObject({ ok: true, value: { invoicePrefix: 'INV', invoiceTypeCode: '381' } });
    const set = await app.dispatch('settings.set', { businessName: 'Ada Stores', serviceId: 'AB12CD34' });
    expect(set).toMatchObject({ ok: true, value: { businessName: 'Ada Stores', serviceId: 'AB12CD34', invoicePrefix: 'INV' } });
    expect(pushed).toHaveLength(1);
    const after = await app.dispatch('settings.get', undefined);
    expect(after).toMatchObject({ ok: true, value: { businessName: 'Ada Stores', serviceId: 'AB12CD34' } });
  });

  it('reports stats from the database: counts by status, totals by currency net of credit notes', async () => {
    seedInvoices(app.db, [
      { number: 'A1', status: 'draft', netMinor: 10_000 },
      { number: 'A2', status: 'approved', netMinor: 20_000 },
      { number: 'C1', status: 'approved', kind: 'credit_note', netMinor: 2_000 },
      { number: 'V1', status: 'void', netMinor: 99_900 },
      { number: 'J1', status: 'draft', currency: 'JPY', netMinor: 1_000 },
    ]);
    const r = await app.dispatch('stats.get', {});
    expect(r.ok).toBe(true);
    const stats = (r as { value: Stats }).value;
    expect(stats.invoicesByStatus).toEqual({ draft: 2, needs_review: 0, approved: 2, exported: 0, void: 1 });
    expect(stats.invoiceCount).toBe(4);
    expect(stats.creditNoteCount).toBe(1);
    // USD: 10750 + 21500 − 2150 (credit note); the voided one is not a sale.
    expect(stats.totalsByCurrency).toEqual([
      { currency: 'JPY', count: 1, payableMinor: 1_075, taxMinor: 75 },
      { currency: 'USD', count: 3, payableMinor: 30_100, taxMinor: 2_100 },
    ]);
    expect(stats.inbox).toEqual({ pending: 0, processing: 0, done: 0, ignored: 0, dead: 0 });
  });
});
