import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialization, type Square } from 'square';
import { describe, expect, it } from 'vitest';
import { convertRefund, convertSale, identityViolations } from '../../main/invoicing/convert/index';
import type { InvoiceDraft } from '../../main/invoicing/convert/types';
import type { Expected } from '../fixtures/square/build-fixtures';
import { expectOwnerReadable } from '../support/review-reasons';

// Every Square fixture (wire JSON, see test/fixtures/square/build-fixtures.ts) converts to the invoice an accountant
// expects, and every draft satisfies the identities the converter guarantees:
//   I1  Σ lines.lineExtension = lineExtension                  I2  line: lineExtension = total − tax
//   I3  taxExclusive = lineExtension − allowances + charges     I4  taxTotal = Σ taxes.tax
//   I5  taxInclusive = taxExclusive + taxTotal                 I6  payable = taxInclusive + rounding
//   I7  Σ taxes.taxable = taxExclusive when no item carries two taxes
//   I8  'draft' ⇒ payable = Square's order total_money − total_tip_money (Square's total includes tips)
//       = Σ COMPLETED payments' amount_money = Σ tenders' (amount_money − tip_money), taxTotal = Square's
//       total_tax_money, Σ line discounts = total_discount_money, tip = Σ completed payments' tip_money = Σ
//       tenders' tip_money, and every tax subtotal passes FIRS's tax = taxable × percent (± one minor unit)
//   I9  credit notes: kind credit_note, sourceKey refund:<id>, originalSourceKey = the sale's sourceKey, no
//       negative amounts except rounding.

const dir = join(import.meta.dirname, '../fixtures/square');
const opts = { unrecognizedObjectKeys: 'passthrough' as const };

interface RefundCase {
  description: string;
  refund: unknown;
  order: unknown;
  expected: Expected | null;
}
interface Fixture {
  description: string;
  timezone: string;
  order: Record<string, unknown> | null;
  payments: Record<string, unknown>[];
  expected: Expected | null;
  refunds?: RefundCase[];
}

function parsed<T>(schema: { parse(raw: unknown, o: typeof opts): { ok: true; value: T } | { ok: false; errors: unknown[] } }, raw: unknown): T {
  const r = schema.parse(raw, opts);
  if (!r.ok) throw new Error(`fixture does not parse: ${JSON.stringify(r.errors)}`);
  return r.value;
}
const parseOrder = (raw: unknown): Square.Order => parsed(serialization.Order, raw);
const parsePayment = (raw: unknown): Square.Payment => parsed(serialization.Payment, raw);
const parseRefund = (raw: unknown): Square.PaymentRefund => parsed(serialization.PaymentRefund, raw);

const files = readdirSync(dir)
  .filter((f) => /^\d\d-.*\.json$/.test(f))
  .sort();
const fixtures = files.map((f) => ({ file: f, fx: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture }));

const amount = (m: unknown): bigint => BigInt((m as { amount?: number } | undefined)?.amount ?? 0);

/** I1–I7, checked independently of the converter's own identityViolations(). */
function assertIdentities(d: InvoiceDraft, singleTaxPerItem: boolean): void {
  const big = (n: number) => BigInt(n);
  for (const v of [d.lineExtensionMinor, d.allowanceTotalMinor, d.chargeTotalMinor, d.taxExclusiveMinor, d.taxTotalMinor, d.taxInclusiveMinor, d.tipMinor, d.roundingMinor, d.payableMinor]) {
    expect(Number.isSafeInteger(v)).toBe(true);
  }
  expect(d.lines.reduce((a, l) => a + big(l.lineExtensionMinor), 0n)).toBe(big(d.lineExtensionMinor)); // I1
  for (const l of d.lines) expect(big(l.lineExtensionMinor)).toBe(big(l.totalMinor) - big(l.taxMinor)); // I2
  expect(big(d.taxExclusiveMinor)).toBe(big(d.lineExtensionMinor) - big(d.allowanceTotalMinor) + big(d.chargeTotalMinor)); // I3
  expect(d.taxes.reduce((a, t) => a + big(t.taxMinor), 0n)).toBe(big(d.taxTotalMinor)); // I4
  expect(big(d.taxInclusiveMinor)).toBe(big(d.taxExclusiveMinor) + big(d.taxTotalMinor)); // I5
  expect(big(d.payableMinor)).toBe(big(d.taxInclusiveMinor) + big(d.roundingMinor)); // I6
  if (singleTaxPerItem && d.taxes.length > 0) expect(d.taxes.reduce((a, t) => a + big(t.taxableMinor), 0n)).toBe(big(d.taxExclusiveMinor)); // I7
  expect(identityViolations(d)).toEqual([]);
  if (d.status === 'needs_review') expect(d.reviewReasons.length).toBeGreaterThan(0);
  if (d.status === 'draft') {
    expect(d.reviewReasons).toEqual([]);
    for (const t of d.taxes) {
      if (t.percent === null) continue;
      // FIRS: tax = taxable × percent within one minor unit, in exact integers: |100·tax − taxable·p| ≤ 100
      const [w = '0', f = ''] = t.percent.split('.');
      const scale = 10n ** BigInt(f.length);
      const p = BigInt(`${w}${f}`);
      const diff = big(t.taxMinor) * 100n * scale - big(t.taxableMinor) * p;
      expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(100n * scale);
    }
  }
}

function assertExpected(d: InvoiceDraft, e: Expected): void {
  expect(d.status, d.reviewReasons.join(' | ')).toBe(e.status);
  const keys = [
    'currency',
    'issueDate',
    'lineExtensionMinor',
    'allowanceTotalMinor',
    'chargeTotalMinor',
    'taxExclusiveMinor',
    'taxTotalMinor',
    'taxInclusiveMinor',
    'tipMinor',
    'roundingMinor',
    'payableMinor',
    'sourcePaymentId',
    'buyerEmail',
    'buyerName',
    'originalSourceKey',
  ] as const;
  for (const k of keys) if (e[k] !== undefined) expect(d[k], k).toBe(e[k]);
  if (e.lineCount !== undefined) expect(d.lines).toHaveLength(e.lineCount);
  if (e.taxes) {
    expect(d.taxes.map((t) => ({ category: t.category, percent: t.percent, taxType: t.taxType, taxableMinor: t.taxableMinor, taxMinor: t.taxMinor }))).toEqual(e.taxes);
  }
  for (const r of e.reasons ?? []) expect(d.reviewReasons.some((x) => new RegExp(r, 'i').test(x)), `a reason matching /${r}/ in ${JSON.stringify(d.reviewReasons)}`).toBe(true);
  if (d.status === 'needs_review') expectOwnerReadable(d.reviewReasons, d.sourceKey);
}

function singleTaxPerItem(order: Record<string, unknown> | null): boolean {
  const items = [...((order?.line_items as { applied_taxes?: unknown[] }[] | undefined) ?? []), ...((order?.service_charges as { applied_taxes?: unknown[] }[] | undefined) ?? [])];
  return items.every((i) => (i.applied_taxes?.length ?? 0) <= 1);
}

function convertFixture(fx: Fixture) {
  const order = fx.order ? parseOrder(fx.order) : null;
  const payments = fx.payments.map(parsePayment);
  return { order, payments, draft: convertSale({ order, payments, timezone: fx.timezone }) };
}

describe('Square fixtures → invoices', () => {
  it('has at least 30 fixtures, each described', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    for (const { fx } of fixtures) expect(fx.description.length).toBeGreaterThan(10);
  });

  describe.each(fixtures)('$file', ({ fx }) => {
    it(`converts to the expected invoice — ${fx.description}`, () => {
      const { draft } = convertFixture(fx);
      if (fx.expected === null) {
        expect(draft).toBeNull();
        return;
      }
      expect(draft).not.toBeNull();
      const d = draft as InvoiceDraft;
      assertExpected(d, fx.expected);
      assertIdentities(d, singleTaxPerItem(fx.order));
      expect(d.kind).toBe('invoice');
      expect(d.originalSourceKey).toBeNull();
      if (fx.order) {
        expect(d.sourceKey).toBe(`order:${fx.order.id as string}`);
        expect(d.sourceOrderId).toBe(fx.order.id);
        expect(d.locationId).toBe(fx.order.location_id);
        expect(d.sourceVersion).toBe(fx.order.version !== undefined ? String(fx.order.version as number) : (fx.order.updated_at as string));
      } else {
        expect(d.sourceKey).toBe(`payment:${fx.payments[0]?.id as string}`);
      }
      expect(/^\d{4}-\d{2}-\d{2}$/.test(d.issueDate)).toBe(true);
    });

    if (fx.expected?.status === 'draft' && fx.order) {
      it("reconciles with Square's own totals to the minor unit (I8)", () => {
        const d = convertFixture(fx).draft as InvoiceDraft;
        const o = fx.order as Record<string, unknown>;
        const completed = fx.payments.filter((p) => p.status === 'COMPLETED');
        const tenders = (o.tenders as Record<string, unknown>[] | undefined) ?? [];
        expect(BigInt(d.payableMinor) + BigInt(d.tipMinor)).toBe(amount(o.total_money));
        expect(BigInt(d.tipMinor)).toBe(amount(o.total_tip_money));
        expect(BigInt(d.payableMinor)).toBe(completed.reduce((a, p) => a + amount(p.amount_money), 0n));
        expect(BigInt(d.tipMinor)).toBe(completed.reduce((a, p) => a + amount(p.tip_money), 0n));
        expect(BigInt(d.payableMinor)).toBe(tenders.reduce((a, t) => a + amount(t.amount_money) - amount(t.tip_money), 0n));
        expect(BigInt(d.tipMinor)).toBe(tenders.reduce((a, t) => a + amount(t.tip_money), 0n));
        expect(BigInt(d.taxTotalMinor)).toBe(amount(o.total_tax_money));
        expect(d.lines.reduce((a, l) => a + BigInt(l.discountMinor), 0n)).toBe(amount(o.total_discount_money));
        expect(d.lines.reduce((a, l) => a + BigInt(l.totalMinor), 0n) + BigInt(d.chargeTotalMinor) + BigInt(d.roundingMinor)).toBe(
          amount(o.total_money) - amount(o.total_tip_money) - ((o.service_charges as { total_tax_money?: unknown; treatment_type?: string }[] | undefined) ?? []).filter((s) => s.treatment_type !== 'APPORTIONED_TREATMENT').reduce((a, s) => a + amount(s.total_tax_money), 0n),
        );
      });
    }

    it('is pure: same input, same output; the input is not modified', () => {
      const order = fx.order ? parseOrder(fx.order) : null;
      const payments = fx.payments.map(parsePayment);
      const snapshot = JSON.stringify({ order, payments }, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
      const a = convertSale({ order, payments, timezone: fx.timezone });
      const b = convertSale({ order, payments, timezone: fx.timezone });
      expect(a).toEqual(b);
      expect(JSON.stringify({ order, payments }, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).toBe(snapshot);
    });

    for (const rc of fx.refunds ?? []) {
      it(`credit note: ${rc.description}`, () => {
        const { draft: original, payments } = convertFixture(fx);
        const refund = parseRefund(rc.refund);
        const payment = payments.find((p) => p.id === refund.paymentId) ?? null;
        const order = rc.order ? parseOrder(rc.order) : null;
        const credit = convertRefund({ refund, payment, order, original, timezone: fx.timezone });
        if (rc.expected === null) {
          expect(credit).toBeNull();
          return;
        }
        expect(credit).not.toBeNull();
        const c = credit as InvoiceDraft;
        assertExpected(c, rc.expected);
        assertIdentities(c, true);
        expect(c.kind).toBe('credit_note');
        expect(c.sourceKey).toBe(`refund:${refund.id}`);
        expect(c.sourceRefundId).toBe(refund.id);
        expect(c.originalSourceKey).toBe(original?.sourceKey);
        for (const v of [c.lineExtensionMinor, c.taxTotalMinor, c.taxInclusiveMinor, c.payableMinor, c.tipMinor]) expect(v).toBeGreaterThanOrEqual(0);
        for (const l of c.lines) expect(l.totalMinor).toBeGreaterThanOrEqual(0);
        // The credit note (plus any refunded tip) is exactly what Square refunded.
        if (c.status === 'draft') expect(BigInt(c.payableMinor) + BigInt(c.tipMinor)).toBe(amount((rc.refund as { amount_money: unknown }).amount_money));
        // Without the original draft the converter finds the same sale from the payment (and the sale order).
        const alone = convertRefund({ refund, payment, order, original: null, timezone: fx.timezone });
        expect(alone?.originalSourceKey).toBe(original?.sourceKey);
      });
    }
  });
});

// ---- behaviour beyond the fixtures ---------------------------------------------------------------------------

function fixture(name: string): Fixture {
  const f = fixtures.find((x) => x.file.startsWith(name));
  if (!f) throw new Error(`no fixture ${name}`);
  return structuredClone(f.fx);
}

describe('sale status rules', () => {
  it('a DRAFT order and an OPEN order without a completed payment make no invoice yet', () => {
    const fx = fixture('01-');
    const order = parseOrder({ ...fx.order, state: 'DRAFT' });
    expect(convertSale({ order, payments: fx.payments.map(parsePayment) })).toBeNull();
    const open = parseOrder({ ...fx.order, state: 'OPEN' });
    expect(convertSale({ order: open, payments: [] })).toBeNull();
  });

  it('a PENDING payment next to a completed one keeps the sale open (null)', () => {
    const fx = fixture('17-');
    const payments = fx.payments.map((p, i) => parsePayment(i === 1 ? { ...p, status: 'PENDING' } : p));
    expect(convertSale({ order: parseOrder(fx.order), payments })).toBeNull();
  });

  it('a COMPLETED order passed without payments reconciles against its tenders', () => {
    const fx = fixture('17-');
    const d = convertSale({ order: parseOrder(fx.order), payments: [], timezone: fx.timezone });
    expect(d?.status).toBe('draft');
    expect(d?.tipMinor).toBe(500);
  });

  it('a canceled order with a completed payment is not silently voided', () => {
    const fx = fixture('01-');
    const d = convertSale({ order: parseOrder({ ...fx.order, state: 'CANCELED' }), payments: fx.payments.map(parsePayment) });
    expect(d?.status).toBe('needs_review');
    expect(d?.reviewReasons.join(' ')).toMatch(/canceled/);
  });

  it('payments that do not cover the order total need review', () => {
    const fx = fixture('17-');
    const payments = fx.payments.slice(0, 1).map(parsePayment);
    const d = convertSale({ order: parseOrder(fx.order), payments, timezone: fx.timezone });
    expect(d?.status).toBe('needs_review');
    expect(d?.reviewReasons.join(' ')).toMatch(/amount paid \(without tips\) is USD 50\.00 in Square, but .* add up to USD 95\.27 \(USD 45\.27 less in Square\)/);
  });

  it('a payment of another order, or in another currency, needs review', () => {
    const fx = fixture('01-');
    const p = { ...fx.payments[0], order_id: 'SOMEOTHERORDER' };
    expect(convertSale({ order: parseOrder(fx.order), payments: [parsePayment(p)] })?.reviewReasons.join(' ')).toMatch(/receipt number PAY0 belongs to a different sale/);
    const q = { ...fx.payments[0], amount_money: { amount: 490, currency: 'CAD' } };
    expect(convertSale({ order: parseOrder(fx.order), payments: [parsePayment(q)] })?.reviewReasons.join(' ')).toMatch(/in CAD/);
  });

  it('a pending or canceled payment without an order: null or void', () => {
    const fx = fixture('26-');
    const payment = fx.payments[0] as Record<string, unknown>;
    expect(convertSale({ order: null, payments: [parsePayment({ ...payment, status: 'PENDING' })] })).toBeNull();
    expect(convertSale({ order: null, payments: [parsePayment({ ...payment, status: 'CANCELED' })] })?.status).toBe('void');
  });

  it('dates the invoice in the location time zone; an unknown zone falls back to UTC with a reason', () => {
    const fx = fixture('09-');
    const order = parseOrder(fx.order);
    const payments = fx.payments.map(parsePayment);
    expect(convertSale({ order, payments, timezone: 'Europe/London' })?.issueDate).toBe('2024-07-01');
    expect(convertSale({ order, payments })?.issueDate).toBe('2024-06-30'); // default UTC
    const bad = convertSale({ order, payments, timezone: 'Mars/Olympus_Mons' });
    expect(bad?.issueDate).toBe('2024-06-30');
    expect(bad?.status).toBe('needs_review');
    expect(bad?.reviewReasons.join(' ')).toMatch(/time zone/);
  });

  it('describes variations, modifiers, discounts and units on the line; quantity stays as Square sent it', () => {
    const d4 = convertFixture(fixture('04-')).draft as InvoiceDraft;
    expect(d4.lines[0]?.description).toBe('Large; + Oat milk (1.50); + Extra shot (2.00)');
    expect(d4.lines[0]?.grossMinor).toBe(1250);
    expect(d4.lines[0]?.unitPriceMinor).toBe(450);
    const d3 = convertFixture(fixture('03-')).draft as InvoiceDraft;
    expect(d3.lines[0]?.quantity).toBe('1.5');
    expect(d3.lines[0]?.description).toMatch(/unit: pound/);
    expect(d3.lines[0]?.sku).toBe('CVBEANS00000000000000003');
    const d7 = convertFixture(fixture('07-')).draft as InvoiceDraft;
    expect(d7.lines.map((l) => l.discountMinor)).toEqual([250, 43, 27]);
    expect(d7.lines[1]?.description).toMatch(/Happy hour 10% −0\.43/);
    expect(d7.allowanceTotalMinor).toBe(0);
    const d11 = convertFixture(fixture('11-')).draft as InvoiceDraft;
    expect(d11.lines[0]?.taxPercent).toBe('12');
    const d12 = convertFixture(fixture('12-')).draft as InvoiceDraft;
    expect(d12.lines.map((l) => l.taxPercent)).toEqual(['8.875', null, null]);
  });

  it('buyer details come from the objects Square gives, or from a passed Customer', () => {
    const fx = fixture('32-');
    const order = parseOrder(fx.order);
    const payments = fx.payments.map(parsePayment);
    const d = convertSale({ order, payments });
    expect(d).toMatchObject({ buyerName: 'Adaeze Okafor', buyerPhone: '+2348031234567', buyerEmail: null });
    const withCustomer = convertSale({ order, payments, customer: { givenName: 'Ada', familyName: 'Okafor', emailAddress: 'ada@example.ng', phoneNumber: '+2348000000000' }, merchantId: 'MERCHANT1' });
    expect(withCustomer).toMatchObject({ buyerName: 'Ada Okafor', buyerEmail: 'ada@example.ng', buyerPhone: '+2348000000000', merchantId: 'MERCHANT1' });
  });
});

describe('refund rules', () => {
  it('a refund bigger than the payment needs review', () => {
    const fx = fixture('21-');
    const { draft, payments } = convertFixture(fx);
    const refund = parseRefund({ ...(fx.refunds?.[1]?.refund as object), amount_money: { amount: 5000, currency: 'USD' } });
    const c = convertRefund({ refund, payment: payments[0] ?? null, order: null, original: draft });
    expect(c?.status).toBe('needs_review');
    expect(c?.reviewReasons.join(' ')).toMatch(/more than the payment/);
  });

  it('a refund without payment, order or original invoice is one untaxed line for review', () => {
    const fx = fixture('21-');
    const refund = parseRefund(fx.refunds?.[1]?.refund);
    const c = convertRefund({ refund, payment: null, order: null, original: null });
    expect(c?.status).toBe('needs_review');
    expect(c?.lines).toHaveLength(1);
    expect(c?.taxes).toEqual([]);
    expect(c?.originalSourceKey).toBeNull();
  });

  it('an itemised return whose refund was split over two payments needs review', () => {
    const fx = fixture('22-');
    const { draft, payments } = convertFixture(fx);
    const rc = fx.refunds?.[0] as RefundCase;
    const refund = parseRefund({ ...(rc.refund as object), amount_money: { amount: 1000, currency: 'USD' } });
    const c = convertRefund({ refund, payment: payments[0] ?? null, order: parseOrder(rc.order), original: draft });
    expect(c?.status).toBe('needs_review');
    expect(c?.payableMinor).toBe(1960);
    expect(c?.reviewReasons.join(' ')).toMatch(/refunded amount is USD 10\.00 in Square/);
  });

  it('a partial refund that includes tip takes the sale first, then the tip', () => {
    const fx = fixture('16-');
    const { draft, payments } = convertFixture(fx);
    const refund = parseRefund({ ...(fx.refunds?.[0]?.refund as object), amount_money: { amount: 3348, currency: 'USD' } });
    const c = convertRefund({ refund, payment: payments[0] ?? null, order: null, original: draft });
    expect(c).toMatchObject({ status: 'draft', payableMinor: 3048, tipMinor: 300 });
  });
});
