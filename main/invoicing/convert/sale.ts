import type { Square } from 'square';
import { currencyExponent, toSafeMinor } from '../../../shared/money';
import type { InvoiceDraft, InvoiceLineDraft } from './types';
import { buyerFrom } from './buyer';
import { localDate } from './dates';
import { sum } from './decimal';
import { convertLine, convertServiceCharges, fromOrderLineItem, type LineContext } from './lines';
import { label, paymentLabel, Reconciler } from './reconcile';
import { groupTaxes, TaxCatalog, taxArithmeticReasons } from './taxes';
import { assertIdentities, documentTotals } from './totals';

// Square sale (an Order and its Payments, or a Payment without an Order) → invoice draft.
//
// Presentation decisions
// - Discounts stay inside the lines. Square apportions order-scoped discounts into each line's applied_discounts
//   and computes every tax on the discounted line amount, so the line is where the discount belongs for VAT; a
//   document-level allowance would need re-apportioning by tax category. allowanceTotalMinor is therefore 0 for
//   Square sales, and each line's discountMinor is its item discounts plus its share of order discounts.
// - Non-apportioned service charges (SUBTOTAL_PHASE taxable or not, TOTAL_PHASE) are document charges, net of
//   their own tax; apportioned ones are inside the lines (see lines.ts).
// - Tips are not sales and carry no VAT: tipMinor records them, and they are outside taxable, tax-inclusive and
//   payable amounts. Square puts the tip INSIDE the order's total (docs/square.md, "Tips"): order.total_money =
//   payable + order.total_tip_money; Tender.amount_money includes the tender's tip_money; Payment.amount_money
//   excludes it and Payment.total_money = amount_money + tip_money. Hence: order.total_money = payable + tip, and
//   payable = Σ COMPLETED payments' amount_money = Σ tenders' (amount_money − tip_money). The tip is the sum over
//   the payments (or tenders) that carry one, so tips on split tenders add up.
// - Cash change: a cash tender's cash_details (buyer_tendered_money, change_back_money) says what the buyer handed
//   over and got back; the change is not part of the sale and amount_money already excludes it, so it is never read.
// - Cash rounding: order.rounding_adjustment is taken to be part of order.total_money ("an adjustment to the total
//   of the order"): payable = tax-inclusive total + rounding.
//
// Status
// - null: the sale is not final — a PENDING/APPROVED payment, a DRAFT order, or an OPEN order without a COMPLETED
//   payment. The caller converts again when Square reports the change.
// - 'void': the order is CANCELED (and nothing was paid), or every payment is CANCELED/FAILED. The caller voids an
//   existing draft and otherwise stores nothing.
// - 'needs_review': any disagreement with Square's own figures, each as a reason.
// - 'draft': everything reconciles to the minor unit.

export interface SaleInput {
  order: Square.Order | null;
  /** Every payment of the order (≥ 1 when order is null). */
  payments: readonly Square.Payment[];
  /** IANA zone of the location, for issueDate. */
  timezone?: string;
  /** The order's/payment's customer, if the caller fetched it (Square objects only carry customer_id). */
  customer?: Square.Customer | null;
  /** Square objects do not carry the merchant id; the caller knows it from the connection. */
  merchantId?: string | null;
}

const NOT_FINAL = new Set(['PENDING', 'APPROVED']);
const DEAD = new Set(['CANCELED', 'FAILED']);

const statusOf = (p: Square.Payment) => (p.status ?? '').toUpperCase();
/** CANCELED / FAILED as the owner says it. */
const deadWord = (p: Square.Payment) => (statusOf(p) === 'FAILED' ? 'declined' : 'canceled');

function earliest(timestamps: (string | null | undefined)[]): string | undefined {
  const valid = timestamps.filter((t): t is string => !!t && Number.isFinite(Date.parse(t)));
  return valid.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

/** issueDate in the location's zone; an unknown zone falls back to UTC with a review reason. */
export function issueDateFor(issuedAt: string, timezone: string, rec: Reconciler): string {
  try {
    return localDate(issuedAt, timezone);
  } catch (err) {
    if (timezone !== 'UTC' && err instanceof RangeError && !/RFC 3339/.test(err.message)) {
      rec.note(`The shop's time zone "${timezone}" is not known, so the invoice is dated in UTC.`, "Check the location's time zone in Square, then correct the issue date or accept it.");
      return localDate(issuedAt, 'UTC');
    }
    throw err;
  }
}

export function convertSale(input: SaleInput): InvoiceDraft | null {
  const timezone = input.timezone ?? 'UTC';
  if (!input.order) return convertPaymentWithoutOrder(input, timezone);
  const order = input.order;
  if (!order.id) throw new Error('Square order without an id');
  const payments = input.payments;

  const completed = payments.filter((p) => statusOf(p) === 'COMPLETED');
  const pending = payments.filter((p) => NOT_FINAL.has(statusOf(p)));
  const dead = payments.filter((p) => DEAD.has(statusOf(p)));
  const unknown = payments.filter((p) => !completed.includes(p) && !pending.includes(p) && !dead.includes(p));

  let voidReason: string | null = null;
  if (order.state === 'CANCELED' && completed.length === 0) voidReason = 'The sale was canceled in Square';
  else if (payments.length > 0 && dead.length === payments.length) {
    voidReason = `Every payment for the sale was ${[...new Set(dead.map(deadWord))].join(' or ')}`;
  }
  if (!voidReason) {
    if (pending.length > 0) return null; // an authorised card payment may still be captured or voided
    if (order.state === 'DRAFT') return null;
    if (completed.length === 0 && order.state !== 'COMPLETED') return null; // OPEN and nothing paid yet
  }

  const currency =
    order.totalMoney?.currency ?? order.lineItems?.[0]?.totalMoney?.currency ?? completed[0]?.amountMoney?.currency ?? payments[0]?.amountMoney?.currency;
  if (!currency) throw new Error(`Square order ${order.id}: cannot tell its currency`);
  currencyExponent(currency); // validates the code
  const rec = new Reconciler(currency);

  const issuedAt = order.closedAt ?? earliest(completed.map((p) => p.createdAt)) ?? order.createdAt ?? earliest(payments.map((p) => p.createdAt));
  if (!issuedAt) throw new Error(`Square order ${order.id}: no timestamp to date the invoice`);
  const issueDate = issueDateFor(issuedAt, timezone, rec);

  // Lines, charges, taxes.
  const taxes = new TaxCatalog(order.taxes, rec);
  const ctx: LineContext = {
    rec,
    taxes,
    discountNames: new Map((order.discounts ?? []).flatMap((d) => (d.uid ? [[d.uid, d.name?.trim() || 'Discount'] as const] : []))),
    serviceChargeNames: new Map((order.serviceCharges ?? []).flatMap((s) => (s.uid ? [[s.uid, s.name?.trim() || 'Service charge'] as const] : []))),
  };
  const lines = (order.lineItems ?? []).map((li, i) => convertLine(fromOrderLineItem(li), i, ctx));
  const charges = convertServiceCharges(order.serviceCharges, taxes, rec);
  const docCharges = charges.filter((c) => !c.apportioned);
  const taxDrafts = groupTaxes([...lines.map((l) => l.item), ...docCharges.map((c) => c.item)]);
  taxArithmeticReasons(taxDrafts, rec);
  if (lines.length === 0) rec.note('The sale has no items.');
  if ((order.returns ?? []).length > 0) {
    rec.note('The sale also takes items back (an exchange): the invoice shows only the items sold, and the returned ones need a credit note.');
  }

  const rounding = rec.amount(order.roundingAdjustment?.amountMoney, 'the cash rounding');
  const tenders = order.tenders ?? [];
  // The tip: Σ over the payments (or, without payments, the tenders) — each tender of a split sale has its own.
  const tip =
    payments.length > 0
      ? sum(completed.map((p) => rec.amount(p.tipMoney, `the tip on ${paymentLabel(p)}`)))
      : tenders.length > 0
        ? sum(tenders.map((t) => rec.amount(t.tipMoney, 'a tip')))
        : rec.amount(order.totalTipMoney, 'the tip');

  const totals = documentTotals({
    lines: lines.map((l) => l.draft),
    taxes: taxDrafts,
    allowance: 0n,
    charge: sum(docCharges.map((c) => c.net)),
    tip,
    rounding,
  });
  const payable = BigInt(totals.payableMinor);

  // Square's own order totals. The order total includes the tip (see top), the invoice's payable does not.
  rec.expectEqual(
    'the sale total',
    rec.required(order.totalMoney, 'the sale total'),
    payable + tip,
    tip !== 0n ? `its items, service charges, taxes and rounding (${rec.fmt(payable)}) plus the tip (${rec.fmt(tip)})` : 'its items, service charges, taxes and rounding',
  );
  rec.expectEqual('the total tax', rec.optional(order.totalTaxMoney, 'the total tax'), BigInt(totals.taxTotalMinor), 'the taxes on its items and service charges');
  rec.expectEqual('the total discount', rec.optional(order.totalDiscountMoney, 'the total discount'), sum(lines.map((l) => l.discount)), 'the discounts on its items');
  rec.expectEqual('the total of the service charges', rec.optional(order.totalServiceChargeMoney, 'the service charges'), sum(charges.map((c) => c.applied)), 'its service charges one by one');
  if (payments.length > 0 || tenders.length > 0) {
    rec.expectEqual('the total tip', rec.optional(order.totalTipMoney, 'the total tip'), tip, 'the tips on its payments');
  }
  reconcileTaxAndDiscountRollups(order, rec);

  // What the buyer paid, without tips.
  if (payments.length > 0) {
    const paid = sum(completed.map((p) => rec.required(p.amountMoney, `the amount of ${paymentLabel(p)}`)));
    rec.expectEqual('the amount paid (without tips)', paid, payable, "the sale's items, service charges, taxes and rounding");
    for (const p of completed) {
      const name = paymentLabel(p);
      if (p.orderId && p.orderId !== order.id) rec.note(`${name} belongs to a different sale in Square.`);
      if (p.locationId && order.locationId && p.locationId !== order.locationId) rec.note(`${name} was taken at a different location than the sale.`);
      const total = rec.optional(p.totalMoney, `the total of ${name}`);
      const parts = rec.amount(p.amountMoney, `the amount of ${name}`) + rec.amount(p.tipMoney, `the tip on ${name}`);
      rec.expectEqual(`the total of ${name}`, total, parts, 'its amount and its tip');
    }
  } else if (tenders.length > 0) {
    // A tender's amount includes its tip (see top); cash change is outside it.
    const paid = sum(tenders.map((t) => rec.amount(t.amountMoney, 'a payment') - rec.amount(t.tipMoney, 'a tip')));
    rec.expectEqual('the amount paid (without tips)', paid, payable, "the sale's items, service charges, taxes and rounding");
  } else if (payable !== 0n) {
    rec.note('No payment was found for this sale.');
  }
  for (const p of unknown) rec.note(`${paymentLabel(p)} is in a state the app does not recognise.`);
  if (order.state === 'CANCELED') rec.note('The sale was canceled in Square, but it was paid.');

  const draft: InvoiceDraft = {
    kind: 'invoice',
    sourceKey: `order:${order.id}`,
    status: voidReason ? 'void' : rec.reasons.length ? 'needs_review' : 'draft',
    reviewReasons: voidReason ? [voidReason] : rec.reasons,
    currency,
    issueDate,
    issuedAt,
    ...totals,
    ...buyerFrom({ customer: input.customer, order, payments }),
    merchantId: input.merchantId ?? null,
    locationId: order.locationId ?? null,
    sourcePaymentId: (completed[0] ?? payments[0])?.id ?? tenders[0]?.paymentId ?? tenders[0]?.id ?? null,
    sourceOrderId: order.id,
    sourceRefundId: null,
    sourceVersion: order.version !== undefined && order.version !== null ? String(order.version) : (order.updatedAt ?? null),
    originalSourceKey: null,
    lines: lines.map((l) => l.draft),
    taxes: taxDrafts,
  };
  return assertIdentities(draft);
}

/** order.taxes[].applied_money and order.discounts[].applied_money against the sums of their applications. */
function reconcileTaxAndDiscountRollups(order: Square.Order, rec: Reconciler): void {
  const taxSums = new Map<string, bigint>();
  const discountSums = new Map<string, bigint>();
  const add = (m: Map<string, bigint>, uid: string, amount: Square.Money | undefined) =>
    m.set(uid, (m.get(uid) ?? 0n) + rec.amount(amount, 'an amount on an item'));
  for (const li of order.lineItems ?? []) {
    for (const at of li.appliedTaxes ?? []) add(taxSums, at.taxUid, at.appliedMoney);
    for (const ad of li.appliedDiscounts ?? []) add(discountSums, ad.discountUid, ad.appliedMoney);
  }
  for (const sc of order.serviceCharges ?? []) {
    if (sc.treatmentType === 'APPORTIONED_TREATMENT' || (sc.calculationPhase ?? '').startsWith('APPORTIONED')) continue;
    for (const at of sc.appliedTaxes ?? []) add(taxSums, at.taxUid, at.appliedMoney);
  }
  (order.taxes ?? []).forEach((t, i) => {
    const what = label('tax', t.name, i);
    const square = rec.optional(t.appliedMoney, what);
    if (t.uid) rec.expectEqual(what, square, taxSums.get(t.uid) ?? 0n, 'its amounts on the items and service charges');
  });
  (order.discounts ?? []).forEach((d, i) => {
    const what = label('discount', d.name, i);
    const square = rec.optional(d.appliedMoney, what);
    if (d.uid) rec.expectEqual(what, square, discountSums.get(d.uid) ?? 0n, 'its amounts on the items');
  });
}

/**
 * A payment with no order (legacy / unlinked payments; CreatePayment without order_id normally gets an order from
 * Square). There is no itemisation and no tax breakdown, so the draft has one line ("Sale", receipt number) for
 * amount_money, no tax subtotals, and is ALWAYS 'needs_review': a VAT invoice with an unknown tax treatment must not
 * go out unread. Tips are recorded in tipMinor as usual.
 */
function convertPaymentWithoutOrder(input: SaleInput, timezone: string): InvoiceDraft | null {
  const payment = input.payments[0];
  if (!payment) throw new Error('convertSale needs an order or at least one payment');
  if (!payment.id) throw new Error('Square payment without an id');
  const status = statusOf(payment);
  if (NOT_FINAL.has(status)) return null;

  const currency = payment.amountMoney?.currency ?? payment.totalMoney?.currency;
  if (!currency) throw new Error(`Square payment ${payment.id}: cannot tell its currency`);
  currencyExponent(currency);
  const rec = new Reconciler(currency);
  const issuedAt = payment.createdAt ?? payment.updatedAt;
  if (!issuedAt) throw new Error(`Square payment ${payment.id}: no timestamp to date the invoice`);
  const issueDate = issueDateFor(issuedAt, timezone, rec);

  const name = paymentLabel(payment);
  // amount_money is the sale, the tip is outside it: total_money = amount_money + tip_money (see top).
  const amount = rec.required(payment.amountMoney, `the amount of ${name}`);
  const tip = rec.amount(payment.tipMoney, `the tip on ${name}`);
  rec.expectEqual(`the total of ${name}`, rec.optional(payment.totalMoney, `the total of ${name}`), amount + tip, 'its amount and its tip');
  rec.note(
    'Square has no itemised sale for this payment, so the invoice has one line and no tax breakdown.',
    'Confirm the VAT treatment in Square, then correct the invoice or accept it as it is.',
  );
  if (input.payments.length > 1) rec.note(`Several payments came without an itemised sale; this invoice covers only ${name}.`);
  if (status !== 'COMPLETED' && !DEAD.has(status)) rec.note(`${name} is in a state the app does not recognise.`);

  const description = [payment.receiptNumber ? `Square receipt ${payment.receiptNumber}` : null, payment.note?.trim() || null].filter(Boolean).join('; ');
  const line: InvoiceLineDraft = {
    name: 'Sale',
    description: description || null,
    sku: null,
    quantity: '1',
    unitPriceMinor: toSafeMinor(amount),
    grossMinor: toSafeMinor(amount),
    discountMinor: 0,
    taxMinor: 0,
    lineExtensionMinor: toSafeMinor(amount),
    totalMinor: toSafeMinor(amount),
    taxPercent: null,
    sourceUid: null,
  };
  const totals = documentTotals({ lines: [line], taxes: [], allowance: 0n, charge: 0n, tip, rounding: 0n });
  const voidReason = DEAD.has(status) ? `The payment was ${deadWord(payment)}` : null;
  const draft: InvoiceDraft = {
    kind: 'invoice',
    sourceKey: `payment:${payment.id}`,
    status: voidReason ? 'void' : 'needs_review',
    reviewReasons: voidReason ? [voidReason] : rec.reasons,
    currency,
    issueDate,
    issuedAt,
    ...totals,
    ...buyerFrom({ customer: input.customer, payments: [payment] }),
    merchantId: input.merchantId ?? null,
    locationId: payment.locationId ?? null,
    sourcePaymentId: payment.id,
    sourceOrderId: null,
    sourceRefundId: null,
    sourceVersion: payment.updatedAt ?? payment.createdAt ?? null,
    originalSourceKey: null,
    lines: [line],
    taxes: [],
  };
  return assertIdentities(draft);
}
