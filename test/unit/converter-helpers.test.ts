import { serialization } from 'square';
import { describe, expect, it } from 'vitest';
import {
  apportion,
  convertSale,
  decimalToString,
  divRoundHalfEven,
  groupTaxes,
  isValidTimeZone,
  localDate,
  normalizeDecimalString,
  parseDecimal,
  sumDecimalStrings,
} from '../../main/invoicing/convert/index';
import { TaxCatalog } from '../../main/invoicing/convert/taxes';
import { localTime } from '../../main/export/local-time';
import { Reconciler } from '../../main/invoicing/convert/reconcile';

describe('exact decimals', () => {
  it('parses and normalises Square decimal strings', () => {
    expect(parseDecimal('1.50')).toEqual({ units: 150n, scale: 2 });
    expect(parseDecimal('-0.25')).toEqual({ units: -25n, scale: 2 });
    expect(parseDecimal('.5')).toEqual({ units: 5n, scale: 1 });
    expect(normalizeDecimalString('7.50')).toBe('7.5');
    expect(normalizeDecimalString('8.000')).toBe('8');
    expect(normalizeDecimalString('0.0')).toBe('0');
    expect(decimalToString({ units: -5n, scale: 3 })).toBe('-0.005');
    expect(sumDecimalStrings(['7.5', '2', '0.125'])).toBe('9.625');
    for (const bad of ['', '1e3', '1,5', 'abc', '1.2.3']) expect(() => parseDecimal(bad)).toThrow(RangeError);
  });

  it('rounds half to even, like Square, for both signs', () => {
    expect(divRoundHalfEven(585n, 10n)).toBe(58n); // 58.5 → 58 (Square forum: 0.585 → 0.58)
    expect(divRoundHalfEven(5n, 2n)).toBe(2n); // 2.5 → 2
    expect(divRoundHalfEven(7n, 2n)).toBe(4n); // 3.5 → 4
    expect(divRoundHalfEven(-5n, 2n)).toBe(-2n);
    expect(divRoundHalfEven(-7n, 2n)).toBe(-4n);
    expect(divRoundHalfEven(2848_5n, 10n)).toBe(2848n);
    expect(divRoundHalfEven(11n, -4n)).toBe(-3n); // -2.75
    expect(() => divRoundHalfEven(1n, 0n)).toThrow(RangeError);
  });

  it('apportions exactly, largest remainder, deterministic ties', () => {
    expect(apportion(320n, [2500n, 425n, 275n])).toEqual([250n, 43n, 27n]);
    expect(apportion(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    expect(apportion(-10n, [1n, 1n, 1n])).toEqual([-4n, -3n, -3n]);
    expect(apportion(7n, [0n, 0n])).toEqual([7n, 0n]);
    expect(apportion(0n, [])).toEqual([]);
    expect(() => apportion(1n, [-1n, 2n])).toThrow(RangeError);
    const parts = apportion(1_000_003n, [3n, 7n, 11n, 13n, 17n]);
    expect(parts.reduce((a, b) => a + b, 0n)).toBe(1_000_003n);
  });
});

describe('dates', () => {
  it('takes the calendar date in the location zone', () => {
    expect(localDate('2024-06-30T23:30:00Z', 'Europe/London')).toBe('2024-07-01');
    expect(localDate('2024-06-30T23:30:00Z', 'UTC')).toBe('2024-06-30');
    expect(localDate('2024-05-04T03:30:00.123Z', 'America/New_York')).toBe('2024-05-03');
    expect(localDate('2024-05-04T01:30:00+02:00', 'UTC')).toBe('2024-05-03');
    expect(isValidTimeZone('Africa/Lagos')).toBe(true);
    expect(isValidTimeZone('Nowhere/Special')).toBe(false);
    expect(() => localDate('yesterday', 'UTC')).toThrow(RangeError);
    expect(() => localDate('2024-05-04T01:30:00Z', 'Nowhere/Special')).toThrow(RangeError);
  });

  it('agrees with Intl at every instant, across daylight-saving changes and odd offsets, for the date and the clock time', () => {
    // Offsets are looked up once per quarter hour (zone-offset.ts): compare with Intl itself, minute by minute
    // around each zone's changes of 2024 and at random instants, and the export's clock time with it.
    const zones = ['Africa/Lagos', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Pacific/Kiritimati', 'UTC'];
    const formats = new Map(zones.map((timeZone) => [timeZone, new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })]));
    const intl = (ms: number, timeZone: string) => {
      const parts = formats.get(timeZone)!.formatToParts(new Date(ms));
      const get = (t: string) => parts.find((p) => p.type === t)!.value;
      return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}:${get('second')}` };
    };
    const instants: number[] = [];
    // Daylight-saving changes of 2024 fall on these UTC days for the zones above (±1 day around each).
    for (const day of ['2024-03-10', '2024-03-31', '2024-04-07', '2024-09-29', '2024-10-06', '2024-10-27', '2024-11-03']) {
      const start = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
      for (let m = 0; m < 3 * 24 * 60; m += 7) instants.push(start + m * 60_000 + 29_999);
    }
    let seed = 11;
    for (let i = 0; i < 500; i++) instants.push(Date.UTC(1995, 0, 1) + Math.floor(((seed = (seed * 48271) % 2147483647) / 2147483647) * 40 * 365 * 86_400_000));
    instants.push(Date.UTC(1850, 5, 1, 12, 0, 7), Date.UTC(9999, 11, 31, 23, 59, 59));
    for (const zone of zones) {
      for (const ms of instants) {
        const iso = new Date(ms).toISOString();
        const want = intl(ms, zone);
        expect(localDate(iso, zone), `${iso} in ${zone}`).toBe(want.date);
        expect(localTime(iso, zone), `${iso} in ${zone}`).toBe(want.time);
      }
    }
  });
});

describe('tax subtotals', () => {
  it('groups by type, rate and name; untaxed items are one EXEMPT subtotal; categories', () => {
    const rec = new Reconciler('USD');
    const cat = new TaxCatalog(
      [
        { uid: 'a', name: 'GST', type: 'ADDITIVE', percentage: '5.0' },
        { uid: 'b', name: 'PST', type: 'ADDITIVE', percentage: '5' },
        { uid: 'c', name: 'GST', type: 'ADDITIVE', percentage: '5' },
        { uid: 'z', name: 'Zero', type: 'INCLUSIVE', percentage: '0' },
        { uid: 'f', name: 'Levy', type: 'ADDITIVE', percentage: null },
      ],
      rec,
    );
    const t = (uid: string, amount: bigint) => ({ tax: cat.get(uid, 'test'), amount });
    const groups = groupTaxes([
      { net: 1000n, taxes: [t('a', 50n), t('b', 50n)] },
      { net: 200n, taxes: [t('c', 10n)] },
      { net: 300n, taxes: [t('z', 0n)] },
      { net: 400n, taxes: [] },
      { net: 100n, taxes: [t('f', 25n)] },
    ]);
    expect(groups).toEqual([
      { name: 'GST', category: 'STANDARD_VAT', percent: '5', taxType: 'ADDITIVE', taxableMinor: 1200, taxMinor: 60 },
      { name: 'PST', category: 'STANDARD_VAT', percent: '5', taxType: 'ADDITIVE', taxableMinor: 1000, taxMinor: 50 },
      { name: 'Zero', category: 'ZERO_RATED', percent: '0', taxType: 'INCLUSIVE', taxableMinor: 300, taxMinor: 0 },
      { name: 'Levy', category: 'OTHER', percent: null, taxType: 'ADDITIVE', taxableMinor: 100, taxMinor: 25 },
      { name: 'Exempt', category: 'EXEMPT', percent: '0', taxType: 'ADDITIVE', taxableMinor: 400, taxMinor: 0 },
    ]);
    expect(rec.reasons).toEqual([]);
    cat.get('missing', 'Line 9');
    expect(rec.reasons.join(' ')).toMatch(/^Line 9 carries a tax that the sale does not list/);
  });
});

describe('guards', () => {
  const order = {
    id: 'O1',
    location_id: 'L1',
    state: 'COMPLETED',
    created_at: '2024-01-01T10:00:00Z',
    closed_at: '2024-01-01T10:00:00Z',
    line_items: [{ uid: 'a', name: 'Thing', quantity: '1', base_price_money: { amount: 100, currency: 'USD' }, gross_sales_money: { amount: 100, currency: 'USD' }, total_money: { amount: 100, currency: 'USD' } }],
    total_money: { amount: 100, currency: 'USD' },
  };
  const parse = (raw: unknown) => {
    const r = serialization.Order.parse(raw, { unrecognizedObjectKeys: 'passthrough' });
    if (!r.ok) throw new Error('bad');
    return r.value;
  };

  it('an untaxed order with tenders but no payments is a draft with an EXEMPT subtotal', () => {
    const d = convertSale({ order: parse({ ...order, tenders: [{ id: 'T', type: 'CASH', amount_money: { amount: 100, currency: 'USD' } }] }), payments: [] });
    expect(d?.status).toBe('draft');
    expect(d?.taxes).toEqual([{ name: 'Exempt', category: 'EXEMPT', percent: '0', taxType: 'ADDITIVE', taxableMinor: 100, taxMinor: 0 }]);
  });

  it('a completed order with no payment at all needs review', () => {
    expect(convertSale({ order: parse(order), payments: [] })?.reviewReasons).toContainEqual(expect.stringMatching(/^No payment was found for this sale\. Check/));
  });

  it('amounts beyond 2^53 minor units are refused, never rounded', () => {
    const huge = { amount: 2 ** 53 + 2, currency: 'USD' };
    const raw = { ...order, line_items: [{ ...order.line_items[0], total_money: huge, gross_sales_money: huge }], total_money: huge, tenders: [{ id: 'T', type: 'CASH', amount_money: huge }] };
    expect(() => convertSale({ order: parse(raw), payments: [] })).toThrow(RangeError);
  });

  it('an order without any timestamp cannot be dated', () => {
    const { created_at: _c, closed_at: _d, ...undated } = order;
    expect(() => convertSale({ order: parse(undated), payments: [] })).toThrow(/timestamp/);
  });

  it('an exchange (a sale order that also returns items) is flagged', () => {
    const d = convertSale({ order: parse({ ...order, returns: [{ uid: 'r', source_order_id: 'OLD' }], tenders: [{ id: 'T', type: 'CASH', amount_money: { amount: 100, currency: 'USD' } }] }), payments: [] });
    expect(d?.status).toBe('needs_review');
    expect(d?.reviewReasons.join(' ')).toMatch(/exchange/);
  });
});
