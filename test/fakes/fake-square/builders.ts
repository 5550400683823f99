import { newId } from './ids';
import type { OrderState, WireMoney, WireOrder, WirePayment, WireRefund } from './types';

// Helpers that build realistic Square objects (wire format) quickly, with Square's own arithmetic: line gross
// sales, order-scoped discounts and taxes applied per line (ADDITIVE on top, INCLUSIVE carved out), totals,
// net amounts and a tender pointing at the payment. All amounts are integers in the currency's minor unit.

export interface SaleLineInput {
  name: string;
  /** Unit price in minor units (cents, pence, yen). */
  unitPrice: number;
  /** Number or decimal string; default 1. */
  quantity?: number | string;
  variationName?: string;
  catalogObjectId?: string;
  note?: string;
}

export interface SaleTaxInput {
  name: string;
  /** e.g. 7.5 or '7.5'. */
  percentage: number | string;
  /** Default ADDITIVE. */
  type?: 'ADDITIVE' | 'INCLUSIVE';
  catalogObjectId?: string;
}

/** An order-scoped discount: a percentage, or a fixed amount spread over the lines pro rata. */
export interface SaleDiscountInput {
  name: string;
  percentage?: number | string;
  amount?: number;
}

export interface BuildOrderInput {
  id?: string;
  locationId: string;
  currency: string;
  /** Default COMPLETED. */
  state?: OrderState;
  lines: SaleLineInput[];
  taxes?: SaleTaxInput[];
  discounts?: SaleDiscountInput[];
  /** Tip in minor units (not a sale; carried on the tender and total_tip_money). */
  tip?: number;
  customerId?: string;
  referenceId?: string;
  /** RFC 3339; default: now (the put* call stamps updated_at). */
  createdAt?: string;
  /** Adds a tender for this payment (COMPLETED orders). */
  paymentId?: string;
  /** Tender / payment type; default CARD. */
  tenderType?: 'CARD' | 'CASH' | 'OTHER';
  /** source.name; default 'Square Point of Sale'. */
  sourceName?: string;
}

const money = (amount: number, currency: string): WireMoney => ({ amount, currency });

function pct(value: number | string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`fake square builders: bad percentage ${String(value)}`);
  return n;
}

/** Splits `total` over `weights` pro rata, rounding so the parts add up exactly (last part takes the rest). */
function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const parts = weights.map((w) => Math.round((total * w) / sum));
  const diff = total - parts.reduce((a, b) => a + b, 0);
  if (parts.length > 0) parts[parts.length - 1]! += diff;
  return parts;
}

export function buildOrder(input: BuildOrderInput): WireOrder & { id: string } {
  const cur = input.currency;
  const id = input.id ?? newId.order();
  const taxes = (input.taxes ?? []).map((t) => ({ ...t, uid: newId.lineUid(), type: t.type ?? 'ADDITIVE', pct: pct(t.percentage) }));
  const discounts = (input.discounts ?? []).map((d) => ({ ...d, uid: newId.lineUid() }));

  const lines = input.lines.map((l) => {
    const qty = l.quantity === undefined ? '1' : String(l.quantity);
    const gross = Math.round(l.unitPrice * Number(qty));
    return { input: l, uid: newId.lineUid(), qty, gross, discounts: [] as number[], taxes: [] as number[] };
  });

  // Discounts, each spread over every line.
  const discountTotals = discounts.map((d) => {
    let parts: number[];
    if (d.percentage !== undefined) parts = lines.map((l) => Math.round((l.gross * pct(d.percentage!)) / 100));
    else parts = allocate(Math.min(d.amount ?? 0, lines.reduce((a, l) => a + l.gross, 0)), lines.map((l) => l.gross));
    lines.forEach((l, i) => l.discounts.push(parts[i] ?? 0));
    return parts.reduce((a, b) => a + b, 0);
  });

  // Taxes on each line's discounted amount.
  const inclusivePct = taxes.filter((t) => t.type === 'INCLUSIVE').reduce((a, t) => a + t.pct, 0);
  for (const l of lines) {
    const taxable = l.gross - l.discounts.reduce((a, b) => a + b, 0);
    const inclusiveTotal = inclusivePct > 0 ? Math.round(taxable - taxable / (1 + inclusivePct / 100)) : 0;
    const inclusiveParts = allocate(
      inclusiveTotal,
      taxes.map((t) => (t.type === 'INCLUSIVE' ? t.pct : 0)),
    );
    taxes.forEach((t, i) => {
      l.taxes.push(t.type === 'INCLUSIVE' ? (inclusiveParts[i] ?? 0) : Math.round((taxable * t.pct) / 100));
    });
  }

  const lineItems = lines.map((l) => {
    const discount = l.discounts.reduce((a, b) => a + b, 0);
    const tax = l.taxes.reduce((a, b) => a + b, 0);
    const additive = l.taxes.reduce((a, v, i) => a + (taxes[i]!.type === 'ADDITIVE' ? v : 0), 0);
    const total = l.gross - discount + additive;
    return {
      uid: l.uid,
      name: l.input.name,
      quantity: l.qty,
      item_type: 'ITEM',
      ...(l.input.variationName ? { variation_name: l.input.variationName } : {}),
      ...(l.input.catalogObjectId ? { catalog_object_id: l.input.catalogObjectId, catalog_version: 1 } : {}),
      ...(l.input.note ? { note: l.input.note } : {}),
      base_price_money: money(l.input.unitPrice, cur),
      variation_total_price_money: money(l.gross, cur),
      gross_sales_money: money(l.gross, cur),
      total_discount_money: money(discount, cur),
      total_tax_money: money(tax, cur),
      total_service_charge_money: money(0, cur),
      total_money: money(total, cur),
      ...(taxes.length
        ? { applied_taxes: taxes.map((t, i) => ({ uid: newId.lineUid(), tax_uid: t.uid, applied_money: money(l.taxes[i] ?? 0, cur) })) }
        : {}),
      ...(discounts.length
        ? {
            applied_discounts: discounts.map((d, i) => ({
              uid: newId.lineUid(),
              discount_uid: d.uid,
              applied_money: money(l.discounts[i] ?? 0, cur),
            })),
          }
        : {}),
    };
  });

  const sum = (f: (li: (typeof lineItems)[number]) => number): number => lineItems.reduce((a, li) => a + f(li), 0);
  const tip = input.tip ?? 0;
  const taxTotal = sum((li) => li.total_tax_money.amount);
  const discountTotal = sum((li) => li.total_discount_money.amount);
  // Square's order total is what is collected: lines (after discounts, with additive tax) plus the tip.
  const total = sum((li) => li.total_money.amount) + tip;
  const state = input.state ?? 'COMPLETED';
  const createdAt = input.createdAt;

  const order: WireOrder & { id: string } = {
    id,
    location_id: input.locationId,
    source: { name: input.sourceName ?? 'Square Point of Sale' },
    ...(input.customerId ? { customer_id: input.customerId } : {}),
    ...(input.referenceId ? { reference_id: input.referenceId } : {}),
    line_items: lineItems,
    ...(taxes.length
      ? {
          taxes: taxes.map((t, i) => ({
            uid: t.uid,
            name: t.name,
            type: t.type,
            percentage: String(t.percentage),
            ...(t.catalogObjectId ? { catalog_object_id: t.catalogObjectId } : {}),
            applied_money: money(lines.reduce((a, l) => a + (l.taxes[i] ?? 0), 0), cur),
            scope: 'ORDER',
          })),
        }
      : {}),
    ...(discounts.length
      ? {
          discounts: discounts.map((d, i) => ({
            uid: d.uid,
            name: d.name,
            ...(d.percentage !== undefined
              ? { type: 'FIXED_PERCENTAGE', percentage: String(d.percentage) }
              : { type: 'FIXED_AMOUNT', amount_money: money(d.amount ?? 0, cur) }),
            applied_money: money(discountTotals[i] ?? 0, cur),
            scope: 'ORDER',
          })),
        }
      : {}),
    net_amounts: {
      total_money: money(total, cur),
      tax_money: money(taxTotal, cur),
      discount_money: money(discountTotal, cur),
      tip_money: money(tip, cur),
      service_charge_money: money(0, cur),
    },
    total_money: money(total, cur),
    total_tax_money: money(taxTotal, cur),
    total_discount_money: money(discountTotal, cur),
    total_tip_money: money(tip, cur),
    total_service_charge_money: money(0, cur),
    net_amount_due_money: money(state === 'COMPLETED' ? 0 : total, cur),
    state,
    ...(createdAt ? { created_at: createdAt } : {}),
    ...(state === 'COMPLETED' || state === 'CANCELED' ? { closed_at: createdAt ?? new Date().toISOString() } : {}),
  };

  // A paid order carries its tender, COMPLETED or still OPEN (e.g. a pickup not yet collected), as Square does.
  if ((state === 'COMPLETED' || state === 'OPEN') && input.paymentId) {
    const type = input.tenderType ?? 'CARD';
    order.tenders = [
      {
        id: input.paymentId,
        location_id: input.locationId,
        transaction_id: id,
        ...(createdAt ? { created_at: createdAt } : {}),
        amount_money: money(total, cur),
        ...(tip ? { tip_money: money(tip, cur) } : {}),
        type,
        ...(type === 'CARD'
          ? { card_details: { status: 'CAPTURED', card: { card_brand: 'VISA', last_4: '1111' }, entry_method: 'EMV' } }
          : {}),
        ...(type === 'CASH'
          ? { cash_details: { buyer_tendered_money: money(total, cur), change_back_money: money(0, cur) } }
          : {}),
        payment_id: input.paymentId,
      },
    ];
  }
  return order;
}

export interface BuildPaymentInput {
  id?: string;
  /** The order it pays: amounts, location and order_id are taken from it. */
  order?: WireOrder;
  locationId?: string;
  currency?: string;
  /** Amount before tip, minor units (default: order total − tip). */
  amount?: number;
  tip?: number;
  /** Default COMPLETED. */
  status?: 'APPROVED' | 'PENDING' | 'COMPLETED' | 'CANCELED' | 'FAILED';
  /** Default CARD. */
  sourceType?: 'CARD' | 'CASH' | 'EXTERNAL' | 'WALLET' | 'BANK_ACCOUNT';
  customerId?: string;
  createdAt?: string;
}

export function buildPayment(input: BuildPaymentInput): WirePayment & { id: string } {
  const order = input.order;
  const locationId = input.locationId ?? order?.location_id;
  if (!locationId) throw new Error('buildPayment: give locationId or order');
  const currency = input.currency ?? order?.total_money?.currency;
  if (!currency) throw new Error('buildPayment: give currency or an order with total_money');
  const tip = input.tip ?? ((order?.total_tip_money as WireMoney | undefined)?.amount ?? 0);
  const amount = input.amount ?? (order?.total_money ? order.total_money.amount - tip : 0);
  const total = amount + tip;
  const id = input.id ?? newId.payment();
  const sourceType = input.sourceType ?? 'CARD';
  const status = input.status ?? 'COMPLETED';
  const customerId = input.customerId ?? order?.customer_id;
  const payment: WirePayment & { id: string } = {
    id,
    ...(input.createdAt ? { created_at: input.createdAt } : {}),
    amount_money: money(amount, currency),
    ...(tip ? { tip_money: money(tip, currency) } : {}),
    total_money: money(total, currency),
    approved_money: money(total, currency),
    status,
    source_type: sourceType,
    location_id: locationId,
    ...(order ? { order_id: order.id } : {}),
    ...(customerId ? { customer_id: customerId } : {}),
    receipt_number: newId.receiptNumber(id),
    receipt_url: `https://squareup.com/receipt/preview/${id}`,
    application_details: { square_product: 'SQUARE_POS', application_id: 'sq0idp-square-pos' },
    capabilities: ['EDIT_TIP_AMOUNT', 'REFUND'],
    delay_action: 'CANCEL',
  };
  if (sourceType === 'CARD') {
    payment.card_details = {
      status: status === 'FAILED' ? 'FAILED' : status === 'CANCELED' ? 'VOIDED' : status === 'COMPLETED' ? 'CAPTURED' : 'AUTHORIZED',
      card: { card_brand: 'VISA', last_4: '1111', exp_month: 12, exp_year: 2030, card_type: 'CREDIT', prepaid_type: 'NOT_PREPAID', bin: '411111' },
      entry_method: 'EMV',
      cvv_status: 'CVV_NOT_CHECKED',
      avs_status: 'AVS_NOT_CHECKED',
      statement_description: 'SQ *FAKE SHOP',
    };
    if (status === 'COMPLETED') {
      payment.processing_fee = [
        { effective_at: input.createdAt ?? new Date().toISOString(), type: 'INITIAL', amount_money: money(Math.round(total * 0.026) + (currency === 'JPY' ? 0 : 10), currency) },
      ];
    }
  } else if (sourceType === 'CASH') {
    payment.cash_details = { buyer_supplied_money: money(total, currency), change_back_money: money(0, currency) };
  } else if (sourceType === 'EXTERNAL') {
    payment.external_details = { type: 'OTHER', source: 'Fake external' };
  }
  return payment;
}

export interface BuildRefundInput {
  id?: string;
  payment: WirePayment;
  /** Minor units; default the whole payment total. */
  amount?: number;
  reason?: string;
  /** Default COMPLETED. */
  status?: 'PENDING' | 'COMPLETED' | 'REJECTED' | 'FAILED';
  createdAt?: string;
}

export function buildRefund(input: BuildRefundInput): WireRefund & { id: string } {
  const p = input.payment;
  const currency = p.total_money?.currency ?? p.amount_money?.currency;
  if (!currency) throw new Error('buildRefund: payment has no money');
  const amount = input.amount ?? p.total_money?.amount ?? 0;
  return {
    id: input.id ?? newId.refund(p.id),
    status: input.status ?? 'COMPLETED',
    location_id: p.location_id,
    amount_money: money(amount, currency),
    payment_id: p.id,
    ...(p.order_id ? { order_id: p.order_id } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
    destination_type: p.source_type ?? 'CARD',
    ...(input.createdAt ? { created_at: input.createdAt } : {}),
  };
}
