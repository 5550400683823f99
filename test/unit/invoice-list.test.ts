import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSql } from '../../main/invoicing/invoice-reads';
import { amountCandidates } from '../../main/invoicing/amount-search';
import { contract } from '../../shared/contract';
import type { InvoiceSummary, Page } from '../../shared/domain';
import { createTempApp } from '../support/temp-app';
import { seedInvoices } from '../support/seed';

// invoices.list as the virtualized list uses it: sorted and filtered on the main side, searched by number, buyer,
// amount and item name, read in windows.

describe('invoices.list: sort, location, search and windows', () => {
  let app: ReturnType<typeof createTempApp>;
  const list = async (input: unknown) => {
    const r = await app.dispatch('invoices.list', input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as Page<InvoiceSummary>;
  };
  const numbers = async (input: unknown) => (await list(input)).items.map((i) => i.number);

  beforeEach(() => {
    app = createTempApp();
    // netMinor + 7.5 % VAT: 1,210,000 → payable 1,300,750 (₦13,007.50).
    seedInvoices(app.db, [
      { number: 'INV1', issueDate: '2026-11-01', buyerName: 'bola', netMinor: 2_000, locationId: 'LOC-A', itemName: 'Jollof rice' },
      { number: 'INV2', issueDate: '2026-11-02', buyerName: 'Ada', netMinor: 1_210_000, locationId: 'LOC-B', itemName: 'Suya platter' },
      { number: 'INV3', issueDate: '2026-11-03', buyerName: null, netMinor: 500, locationId: 'LOC-A', itemName: '100% Zobo_drink' },
      { number: 'INV4', issueDate: '2026-11-04', buyerName: 'Chidi', netMinor: 90_000, status: 'approved', itemName: 'Chapman' },
    ]);
  });
  afterEach(() => app.dispose());

  it('keeps the old inputs working: no input lists newest first', async () => {
    expect(await numbers(undefined)).toEqual(['INV4', 'INV3', 'INV2', 'INV1']);
    expect(await numbers({ page: 2, pageSize: 3 })).toEqual(['INV1']);
  });

  it('sorts by each column in both directions', async () => {
    expect(await numbers({ sort: 'issuedAt', dir: 'asc' })).toEqual(['INV1', 'INV2', 'INV3', 'INV4']);
    expect(await numbers({ sort: 'number', dir: 'desc' })).toEqual(['INV4', 'INV3', 'INV2', 'INV1']);
    expect(await numbers({ sort: 'payable', dir: 'desc' })).toEqual(['INV2', 'INV4', 'INV1', 'INV3']);
    expect(await numbers({ sort: 'payable', dir: 'asc' })).toEqual(['INV3', 'INV1', 'INV4', 'INV2']);
    // Buyers compare without case; walk-in sales (no buyer) come first going up.
    expect(await numbers({ sort: 'buyer', dir: 'asc' })).toEqual(['INV3', 'INV2', 'INV1', 'INV4']);
    expect(await numbers({ sort: 'status', dir: 'asc' })).toEqual(['INV4', 'INV1', 'INV2', 'INV3']);
  });

  it('invoices.ids: the ids of what the same filters list (for "approve all matching"); list-only keys are refused', async () => {
    const ids = async (input: unknown) => {
      const r = await app.dispatch('invoices.ids', input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as number[];
    };
    const idOf = async (input: unknown) => (await list(input)).items.map((i) => i.id).sort((a, b) => a - b);
    expect(await ids({})).toEqual(await idOf({}));
    expect(await ids({ locationId: 'LOC-A', status: ['draft'] })).toEqual(await idOf({ locationId: 'LOC-A', status: ['draft'] }));
    expect(await ids({ search: 'suya' })).toHaveLength(1);
    expect((await app.dispatch('invoices.ids', { page: 1 })).ok).toBe(false);
    expect((await app.dispatch('invoices.ids', { from: '2026-11-03', to: '2026-11-01' })).ok).toBe(false);
  });

  it('reads windows that neither repeat nor skip a row', async () => {
    const windows = await Promise.all([1, 2, 3, 4].map((page) => numbers({ sort: 'payable', dir: 'asc', page, pageSize: 1 })));
    expect(windows.flat()).toEqual(['INV3', 'INV1', 'INV4', 'INV2']);
    expect((await list({ page: 9, pageSize: 1 })).items).toEqual([]);
  });

  it('filters by location, together with the other filters', async () => {
    expect(await numbers({ locationId: 'LOC-A' })).toEqual(['INV3', 'INV1']);
    expect((await list({ locationId: 'LOC-A' })).total).toBe(2);
    expect(await numbers({ locationId: 'LOC-A', from: '2026-11-02' })).toEqual(['INV3']);
    expect(await numbers({ locationId: 'LOC-NONE' })).toEqual([]);
  });

  it('finds a payable amount typed as shown, as plain digits or in minor units', async () => {
    for (const typed of ['13,007.50', '₦13,007.50', 'NGN 13007.5', '1300750']) {
      expect(await numbers({ search: typed }), typed).toEqual(['INV2']);
    }
    // 0.21 + 7.5 % = 21.50 → "21.50" (2 decimals) and "2150" (minor units) both find INV1.
    expect(await numbers({ search: '21.50' })).toEqual(['INV1']);
    expect(await numbers({ search: '2150' })).toEqual(['INV1']);
  });

  it('finds item names, numbers and buyers, with LIKE wildcards taken literally', async () => {
    expect(await numbers({ search: 'suya' })).toEqual(['INV2']);
    expect(await numbers({ search: 'chapman' })).toEqual(['INV4']);
    expect(await numbers({ search: 'chidi' })).toEqual(['INV4']);
    expect(await numbers({ search: '100%' })).toEqual(['INV3']);
    expect(await numbers({ search: 'o_d' })).toEqual(['INV3']);
    expect(await numbers({ search: '%' })).toEqual(['INV3']);
    expect(await numbers({ search: 'nothing like this' })).toEqual([]);
  });

  it('refuses an unknown sort, direction or an empty location, naming the field', async () => {
    for (const [input, field] of [
      [{ sort: 'colour' }, 'sort'],
      [{ dir: 'up' }, 'dir'],
      [{ locationId: '' }, 'locationId'],
      [{ locationId: 'x'.repeat(65) }, 'locationId'],
    ] as const) {
      const r = await app.dispatch('invoices.list', input);
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', field } });
    }
  });

  it('walks an index for every sort and equality filter instead of sorting the table', () => {
    const plan = (input: object) => {
      const sql = listSql(contract['invoices.list'].input.parse(input));
      return (app.db.prepare(`EXPLAIN QUERY PLAN ${sql.rows}`).all({ ...sql.params, ...sql.window }) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    };
    const expected: [object, RegExp][] = [
      [{}, /USING INDEX invoices_list_issued/],
      [{ dir: 'asc' }, /USING INDEX invoices_list_issued/],
      [{ sort: 'number' }, /USING INDEX sqlite_autoindex_invoices_\d/],
      [{ sort: 'buyer' }, /USING INDEX invoices_list_buyer/],
      [{ sort: 'status' }, /USING INDEX invoices_list_status/],
      [{ sort: 'payable' }, /USING INDEX invoices_list_payable/],
      [{ status: ['needs_review'] }, /USING INDEX invoices_list_status \(status=\?\)/],
      [{ locationId: 'LOC-A' }, /USING INDEX invoices_list_location \(location_id=\?\)/],
      [{ kind: 'credit_note' }, /USING INDEX invoices_list_kind \(kind=\?\)/],
    ];
    for (const [input, index] of expected) {
      const detail = plan(input);
      expect(detail, JSON.stringify(input)).toMatch(index);
      expect(detail, JSON.stringify(input)).not.toMatch(/TEMP B-TREE/);
    }
  });
});

describe('amountCandidates', () => {
  it('reads typed amounts as minor units in every exponent, without floats', () => {
    expect(amountCandidates('13,007.50')).toEqual([1_300_750, 13_007_500, 130_075_000]);
    expect(amountCandidates('1300750')).toEqual([1_300_750, 130_075_000, 1_300_750_000, 13_007_500_000]);
    expect(amountCandidates('0.1')).toEqual([10, 100, 1000]);
    expect(amountCandidates('9007199254740.99')).toEqual([900_719_925_474_099, 9_007_199_254_740_990]);
  });

  it('is empty for text that is not an amount', () => {
    for (const text of ['INV-0001', 'ada', '1.2.3', '', '.', '12a', '1234567890123456']) expect(amountCandidates(text), text).toEqual([]);
  });
});
