import type { Square } from 'square';
import { currencyExponent, toSafeMinor } from '../../../shared/money';
import type { InvoiceDraft, InvoiceLineDraft, InvoiceTaxDraft } from './types';
import { buyerFrom, type Buyer } from './buyer';
import { apportion, divRoundHalfEven, sum } from './decimal';
import { convertLine, convertServiceCharges, fromReturnLineItem, type ConvertedCharge, type ConvertedLine } from './lines';
import { Reconciler } from './reconcile';
import { convertSale, issueDateFor } from './sale';
import { groupTaxes, TaxCatalog, taxArithmeticReasons } from './taxes';
import { assertIdentities, documentTotals } from './totals';

// Square refund (PaymentRefund) → credit note. All amounts on the credit note are positive: it is a credit.
//
// Only COMPLETED refunds make a credit note; PENDING may still fail, REJECTED/FAILED never moved money → null.
//
// Lines come from, in order of preference:
// 1. An itemised return. Square records a POS itemised refund as a *return order* (refund.order_id) whose
//    `returns[]` reference the sale (`source_order_id`) and list return_line_items, return_taxes,
//    return_discounts, return_service_charges, return_tips and a rounding adjustment. Those become lines, tax
//    subtotals, charges, tip and rounding exactly as for a sale, reconciled against return_amounts and against the
//    refund amount (= payable + refunded tip).
// 2. The whole sale. When the refunded amount (less refunded tip) equals the original invoice's payable, the credit
//    note mirrors the original's lines, taxes, charges and rounding.
// 3. A partial amount. Square does not say which items an amount-only refund is for. The refund (tax-inclusive)
//    is apportioned over the original's tax subtotals in proportion to their tax-inclusive amounts (largest
//    remainder, so the parts add up exactly); each part's tax is its share of the original subtotal's tax
//    (half-even). One "Refund" line per subtotal. With a single tax treatment this is exact VAT arithmetic and the
//    credit note can be a draft; with mixed rates/exempt items the split is an assumption, so it needs review.
// Without any original breakdown the credit note is one "Refund" line without tax, for review.
//
// Tips: a refund's amount_money can include tip (Square lets a refund reach the payment's total_money = amount_money
// + tip_money). Decision for amount-only refunds: refunded money is first the sale (up to the payment's
// amount_money), then the tip (up to its tip_money); the tip part is tipMinor, outside VAT and payable, so
// payable + tipMinor = the refunded amount. A whole-payment refund therefore mirrors the invoice and credits the tip
// beside it. A refund smaller than the sale of a TIPPED payment is ambiguous — the shop may have given back the tip
// rather than goods, and the VAT differs — so it is credited as goods (the usual case, and never under-states
// the credit's tax from a guess) but marked needs_review for the owner to confirm. An itemised return says exactly
// which tip came back (return_tips), so it needs no guess. refund.app_fee_money is who funds the refund (the app
// developer's contribution), not what the buyer gets back: ignored.

export interface RefundInput {
  refund: Square.PaymentRefund;
  /** The refunded payment (refund.payment_id). */
  payment: Square.Payment | null;
  /** The order refund.order_id refers to: a return order (with `returns`) or, for some refunds, the sale order. */
  order: Square.Order | null;
  /** The invoice draft of the sale being refunded (stored or freshly converted), if the caller has it. */
  original: InvoiceDraft | null;
  timezone?: string;
  merchantId?: string | null;
  /** The refunded payment's customer, when there is no original to take the buyer from. */
  customer?: Square.Customer | null;
}

interface Body {
  lines: InvoiceLineDraft[];
  taxes: InvoiceTaxDraft[];
  allowance: bigint;
  charge: bigint;
  rounding: bigint;
  tip: bigint;
}

export function convertRefund(input: RefundInput): InvoiceDraft | null {
  const { refund, payment, order } = input;
  if ((refund.status ?? '').toUpperCase() !== 'COMPLETED') return null;
  const timezone = input.timezone ?? 'UTC';

  const currency = refund.amountMoney?.currency ?? payment?.amountMoney?.currency ?? input.original?.currency;
  if (!currency) throw new Error(`Square refund ${refund.id}: cannot tell its currency`);
  currencyExponent(currency);
  const rec = new Reconciler(currency, 'credit note');
  const issuedAt = refund.createdAt ?? refund.updatedAt;
  if (!issuedAt) throw new Error(`Square refund ${refund.id}: no timestamp to date the credit note`);
  const issueDate = issueDateFor(issuedAt, timezone, rec);
  const refunded = rec.required(refund.amountMoney, 'the refunded amount');

  if (payment && refund.paymentId && payment.id !== refund.paymentId) rec.note('The refund was matched to a different payment than the one it refunds.');

  // The sale being credited.
  let original = input.original;
  if (!original && payment) {
    if (!payment.orderId) original = convertSale({ order: null, payments: [{ ...payment, status: 'COMPLETED' }], timezone });
    else if (order?.id === payment.orderId) original = convertSale({ order, payments: [{ ...payment, status: 'COMPLETED' }], timezone });
  }
  const isReturnOrder = !!order?.id && order.id === refund.orderId && (order.returns?.length ?? 0) > 0;
  const returnSources = isReturnOrder ? [...new Set((order.returns ?? []).map((r) => r.sourceOrderId).filter((x): x is string => !!x))] : [];
  const fromPayment = payment?.id ? (payment.orderId ? `order:${payment.orderId}` : `payment:${payment.id}`) : null;
  const fromReturns = returnSources.length === 1 ? `order:${returnSources[0]}` : null;
  const originalSourceKey = original?.sourceKey ?? fromPayment ?? fromReturns;
  if (!originalSourceKey) rec.note('The app cannot tell which sale this refund belongs to.');
  if (original) {
    if (original.kind !== 'invoice') rec.note('The document this refund was matched to is not an invoice.');
    if (original.currency !== currency) rec.note(`The original invoice is in ${original.currency}, but the refund is in ${currency}.`);
    if (original.status === 'void') rec.note('The invoice this refund credits is void.');
    if (fromPayment && original.sourceKey !== fromPayment) rec.note('The refunded payment belongs to a different sale than the invoice this refund was matched to.');
  }
  for (const src of returnSources) {
    if (originalSourceKey && `order:${src}` !== originalSourceKey) rec.note('The returned items come from a different sale than the refunded payment.');
  }

  const body = isReturnOrder ? itemisedReturn(order, refunded, rec) : amountOnly(input, original, refunded, rec);
  const totals = documentTotals(body);
  if (body.lines.length === 0 && refunded !== 0n && body.tip !== refunded) rec.note('The credit note has no items.');

  const buyer: Buyer = original
    ? {
      buyerName: original.buyerName, buyerEmail: original.buyerEmail, buyerPhone: original.buyerPhone,
      buyerTin: original.buyerTin, buyerAddress: original.buyerAddress, buyerCustomerId: original.buyerCustomerId,
    }
    : buyerFrom({ customer: input.customer, payments: payment ? [payment] : [] });
  const draft: InvoiceDraft = {
    kind: 'credit_note',
    sourceKey: `refund:${refund.id}`,
    status: rec.reasons.length ? 'needs_review' : 'draft',
    reviewReasons: rec.reasons,
    currency,
    issueDate,
    issuedAt,
    ...totals,
    ...buyer,
    merchantId: input.merchantId ?? original?.merchantId ?? null,
    locationId: refund.locationId ?? payment?.locationId ?? original?.locationId ?? null,
    sourcePaymentId: refund.paymentId ?? payment?.id ?? null,
    sourceOrderId: refund.orderId ?? null,
    sourceRefundId: refund.id,
    sourceVersion: refund.updatedAt ?? refund.createdAt ?? null,
    originalSourceKey,
    lines: body.lines,
    taxes: body.taxes,
  };
  return assertIdentities(draft);
}

/** Lines, taxes, charges, tips and rounding of a return order's `returns`, reconciled with Square's roll-ups. */
function itemisedReturn(order: Square.Order, refunded: bigint, rec: Reconciler): Body {
  const returns = order.returns ?? [];
  const taxes = new TaxCatalog(
    returns.flatMap((r) => r.returnTaxes ?? []),
    rec,
  );
  const ctx = {
    rec,
    taxes,
    discountNames: new Map(returns.flatMap((r) => r.returnDiscounts ?? []).flatMap((d) => (d.uid ? [[d.uid, d.name?.trim() || 'Discount'] as const] : []))),
    serviceChargeNames: new Map(returns.flatMap((r) => r.returnServiceCharges ?? []).flatMap((s) => (s.uid ? [[s.uid, s.name?.trim() || 'Service charge'] as const] : []))),
  };
  const lines: ConvertedLine[] = [];
  const charges: ConvertedCharge[] = [];
  let rounding = 0n;
  let tip = 0n;
  let index = 0;
  returns.forEach((r, ri) => {
    const what = returns.length > 1 ? `return ${ri + 1}` : 'the return';
    const rLines = (r.returnLineItems ?? []).map((li) => convertLine(fromReturnLineItem(li), index++, ctx));
    const rCharges = convertServiceCharges(r.returnServiceCharges, taxes, rec);
    const rRounding = rec.amount(r.roundingAdjustment?.amountMoney, `the cash rounding of ${what}`);
    const rTip = sum((r.returnTips ?? []).map((t) => rec.amount(t.appliedMoney, `the tip given back in ${what}`)));
    const docCharges = rCharges.filter((c) => !c.apportioned);
    const rTax = sum(rLines.map((l) => l.tax)) + sum(docCharges.map((c) => c.tax));
    const rTotal = sum(rLines.map((l) => l.total)) + sum(docCharges.map((c) => c.total)) + rRounding;
    const amounts = r.returnAmounts;
    rec.expectEqual(`the total of ${what}`, rec.optional(amounts?.totalMoney, `the total of ${what}`), rTotal, 'its returned items, service charges and rounding');
    rec.expectEqual(`the tax on ${what}`, rec.optional(amounts?.taxMoney, `the tax on ${what}`), rTax, 'the taxes on its returned items');
    rec.expectEqual(`the discount on ${what}`, rec.optional(amounts?.discountMoney, `the discount on ${what}`), sum(rLines.map((l) => l.discount)), 'the discounts on its returned items');
    rec.expectEqual(`the service charges of ${what}`, rec.optional(amounts?.serviceChargeMoney, `the service charges of ${what}`), sum(rCharges.map((c) => c.applied)), 'its service charges one by one');
    rec.expectEqual(`the tip given back in ${what}`, rec.optional(amounts?.tipMoney, `the tip given back in ${what}`), rTip, 'its tips one by one');
    lines.push(...rLines);
    charges.push(...rCharges);
    rounding += rRounding;
    tip += rTip;
  });
  if ((order.lineItems ?? []).length > 0) rec.note('The return also sells new items (an exchange): the credit note covers only the returned items, and the new ones need an invoice.');
  const docCharges = charges.filter((c) => !c.apportioned);
  const taxDrafts = groupTaxes([...lines.map((l) => l.item), ...docCharges.map((c) => c.item)]);
  taxArithmeticReasons(taxDrafts, rec);
  const body: Body = {
    lines: lines.map((l) => l.draft),
    taxes: taxDrafts,
    allowance: 0n,
    charge: sum(docCharges.map((c) => c.net)),
    rounding,
    tip,
  };
  const payable = BigInt(documentTotals(body).payableMinor);
  if (returns.length > 1) {
    const agg = order.returnAmounts;
    rec.expectEqual('the total of the returns', rec.optional(agg?.totalMoney, 'the total of the returns'), payable, 'the returns one by one');
  }
  rec.expectEqual('the refunded amount', refunded, payable + tip, 'the returned items and the tip given back');
  if (refunded !== payable + tip) {
    rec.note(
      'When a return is refunded over several payments, Square records one refund per payment.',
      'Check the refunds of this return in Square and credit the returned items once, by hand.',
    );
  }
  return body;
}

/** "VAT 20%" stays as it is; "VAT" at 20 becomes "VAT 20%". */
function taxLabel(t: InvoiceTaxDraft): string {
  if (t.category === 'EXEMPT') return t.name;
  if (t.percent === null || t.name.replace(/\s/g, '').includes(`${t.percent}%`)) return t.name;
  return `${t.name} ${t.percent}%`;
}

function refundLine(name: string, description: string | null, amount: bigint, tax: bigint, additiveTax: bigint, percent: string | null): InvoiceLineDraft {
  return {
    name,
    description,
    sku: null,
    quantity: '1',
    unitPriceMinor: toSafeMinor(amount - additiveTax),
    grossMinor: toSafeMinor(amount - additiveTax),
    discountMinor: 0,
    taxMinor: toSafeMinor(tax),
    lineExtensionMinor: toSafeMinor(amount - tax),
    totalMinor: toSafeMinor(amount),
    taxPercent: percent,
    sourceUid: null,
  };
}

/** A refund without itemisation: tip split, then whole-sale mirror or pro-rata apportionment (see top). */
function amountOnly(input: RefundInput, original: InvoiceDraft | null, refunded: bigint, rec: Reconciler): Body {
  const { payment, refund } = input;
  let goodsCap: bigint;
  let tipCap: bigint;
  if (payment) {
    goodsCap = rec.amount(payment.amountMoney, 'the refunded payment');
    tipCap = rec.amount(payment.tipMoney, 'the tip on the refunded payment');
  } else if (original) {
    goodsCap = BigInt(original.payableMinor);
    tipCap = BigInt(original.tipMinor);
  } else {
    goodsCap = refunded;
    tipCap = 0n;
  }
  let tip = refunded > goodsCap ? refunded - goodsCap : 0n;
  if (tip > tipCap) {
    rec.note(`The refund of ${rec.fmt(refunded)} is more than the payment (${rec.fmt(goodsCap)} plus a tip of ${rec.fmt(tipCap)}).`);
    tip = tipCap;
  }
  const goods = refunded - tip;
  if (tipCap > 0n && goods < goodsCap) {
    rec.note(
      `The sale had a tip of ${rec.fmt(tipCap)}, and Square does not say whether this refund of ${rec.fmt(refunded)} gave back items or the tip: ` +
        'the credit note treats it as items, with their tax.',
      'Check in Square what was refunded, then correct the credit note or accept it as it is.',
    );
  }
  const name = refund.reason?.trim() ? `Refund: ${refund.reason.trim()}` : 'Refund';
  const of = original ? `refund of ${original.sourceKey}` : null;

  if (!original) {
    rec.note('There is no original invoice to take the tax from, so the tax on this refund is unknown.', 'Confirm the VAT treatment, then correct the credit note or accept it as it is.');
    return { lines: [refundLine(name, of, goods, 0n, 0n, null)], taxes: [], allowance: 0n, charge: 0n, rounding: 0n, tip };
  }
  const payable = BigInt(original.payableMinor);
  if (goods > payable) rec.note(`The refund (${rec.fmt(goods)} without tip) is more than the original invoice (${rec.fmt(payable)}).`);
  if (original.taxes.length === 0 && original.lines.length > 0) {
    rec.note('The original sale has no tax breakdown.', 'Confirm the VAT treatment of this refund, then correct the credit note or accept it as it is.');
  }

  if (goods === payable) {
    // The whole sale comes back: mirror it.
    return {
      lines: original.lines.map((l) => ({ ...l })),
      taxes: original.taxes.map((t) => ({ ...t })),
      allowance: BigInt(original.allowanceTotalMinor),
      charge: BigInt(original.chargeTotalMinor),
      rounding: BigInt(original.roundingMinor),
      tip,
    };
  }

  const inclusive = BigInt(original.taxInclusiveMinor);
  const groups = original.taxes;
  if (inclusive <= 0n || groups.length === 0) {
    return { lines: [refundLine(name, of ? `partial ${of}` : null, goods, 0n, 0n, null)], taxes: [], allowance: 0n, charge: 0n, rounding: 0n, tip };
  }
  const partitioned = sum(groups.map((g) => BigInt(g.taxableMinor))) === BigInt(original.taxExclusiveMinor);
  if (groups.length > 1) {
    rec.note(
      `This partial refund is of a sale with ${groups.length} tax rates (${groups.map(taxLabel).join(', ')}), so its tax was split ` +
        'in proportion to them.',
      'Check in Square which items were refunded, then correct the credit note or accept it as it is.',
    );
  }

  if (partitioned) {
    // Every item carried at most one tax: the subtotals partition the sale, so split the refund over them.
    const weights = groups.map((g) => BigInt(g.taxableMinor) + BigInt(g.taxMinor));
    const parts = apportion(goods, weights.map((w) => (w < 0n ? 0n : w)));
    const lines: InvoiceLineDraft[] = [];
    const taxes: InvoiceTaxDraft[] = [];
    groups.forEach((g, i) => {
      const part = parts[i] ?? 0n;
      const w = weights[i] ?? 0n;
      const tax = w > 0n ? divRoundHalfEven(part * BigInt(g.taxMinor), w) : 0n;
      const additive = g.taxType === 'ADDITIVE' ? tax : 0n;
      const label = g.category === 'EXEMPT' ? 'items without tax' : `items taxed ${taxLabel(g)}`;
      lines.push(refundLine(name, [of ? `partial ${of}` : null, `share of ${label}`].filter(Boolean).join('; '), part, tax, additive, g.category === 'EXEMPT' ? null : g.percent));
      taxes.push({ ...g, taxableMinor: toSafeMinor(part - tax), taxMinor: toSafeMinor(tax) });
    });
    return { lines, taxes, allowance: 0n, charge: 0n, rounding: 0n, tip };
  }

  // Some items carried several taxes: scale every subtotal by the refunded share, one line.
  rec.note('Some items of the original sale carry several taxes, so each tax on this partial refund is its share of the original.');
  const taxes = groups.map((g) => ({
    ...g,
    taxableMinor: toSafeMinor(divRoundHalfEven(goods * BigInt(g.taxableMinor), inclusive)),
    taxMinor: toSafeMinor(divRoundHalfEven(goods * BigInt(g.taxMinor), inclusive)),
  }));
  const tax = sum(taxes.map((t) => BigInt(t.taxMinor)));
  const additive = sum(taxes.filter((t) => t.taxType === 'ADDITIVE').map((t) => BigInt(t.taxMinor)));
  return { lines: [refundLine(name, of ? `partial ${of}` : null, goods, tax, additive, null)], taxes, allowance: 0n, charge: 0n, rounding: 0n, tip };
}
