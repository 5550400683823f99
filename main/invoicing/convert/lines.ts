import type { Square } from 'square';
import { minorToDecimalString, toSafeMinor } from '../../../shared/money';
import type { InvoiceLineDraft } from './types';
import { isDecimalString, sum } from './decimal';
import { label, type Reconciler } from './reconcile';
import { combinedPercent, type TaxApplication, type TaxCatalog, type TaxedItem } from './taxes';

// Square line items (sale or return) → invoice lines, and Square service charges → document-level charges.
//
// Line amounts are Square's own: unit price = base_price_money, gross = gross_sales_money (gross_return_money on a
// return), discount = total_discount_money (item discounts AND the line's share of order-scoped discounts, which
// Square has already apportioned into applied_discounts), tax = total_tax_money (additive + inclusive),
// total = total_money. line extension = total − tax: net of discounts and of every tax, so that
//   Σ line extension + Σ charges (net of tax) + Σ tax = Σ line totals + Σ charge totals   (exactly).
// Discounts are therefore presented inside the lines, never as a document allowance (see sale.ts).

export interface ConvertedLine {
  draft: InvoiceLineDraft;
  item: TaxedItem;
  total: bigint;
  tax: bigint;
  discount: bigint;
}

export interface ConvertedCharge {
  name: string;
  /** Square's applied_money (what total_service_charge_money sums). */
  applied: bigint;
  tax: bigint;
  total: bigint;
  /** total − tax: what the charge adds to the tax-exclusive amount. */
  net: bigint;
  item: TaxedItem;
  /** Apportioned service charges live inside the lines they are apportioned to (see convertServiceCharges). */
  apportioned: boolean;
}

type AppliedTax = Pick<Square.OrderLineItemAppliedTax, 'taxUid' | 'appliedMoney'>;
type AppliedDiscount = Pick<Square.OrderLineItemAppliedDiscount, 'discountUid' | 'appliedMoney'>;
type AppliedServiceCharge = Pick<Square.OrderLineItemAppliedServiceCharge, 'serviceChargeUid' | 'appliedMoney'>;

/** The fields a sale line item and a return line item have in common. */
export interface LineSource {
  uid: string | null;
  name: string | null;
  variationName: string | null;
  catalogObjectId: string | null;
  quantity: string;
  quantityUnit?: Square.OrderQuantityUnit;
  note: string | null;
  itemType: string | null;
  modifiers: { name?: string | null; quantity?: string | null; basePriceMoney?: Square.Money; totalPriceMoney?: Square.Money }[];
  appliedTaxes: AppliedTax[];
  appliedDiscounts: AppliedDiscount[];
  appliedServiceCharges: AppliedServiceCharge[];
  basePriceMoney?: Square.Money;
  variationTotalPriceMoney?: Square.Money;
  grossMoney?: Square.Money;
  totalTaxMoney?: Square.Money;
  totalDiscountMoney?: Square.Money;
  totalServiceChargeMoney?: Square.Money;
  totalMoney?: Square.Money;
}

export function fromOrderLineItem(li: Square.OrderLineItem): LineSource {
  return {
    uid: li.uid ?? null,
    name: li.name ?? null,
    variationName: li.variationName ?? null,
    catalogObjectId: li.catalogObjectId ?? null,
    quantity: li.quantity,
    quantityUnit: li.quantityUnit,
    note: li.note ?? null,
    itemType: li.itemType ?? null,
    modifiers: li.modifiers ?? [],
    appliedTaxes: li.appliedTaxes ?? [],
    appliedDiscounts: li.appliedDiscounts ?? [],
    appliedServiceCharges: li.appliedServiceCharges ?? [],
    basePriceMoney: li.basePriceMoney,
    variationTotalPriceMoney: li.variationTotalPriceMoney,
    grossMoney: li.grossSalesMoney,
    totalTaxMoney: li.totalTaxMoney,
    totalDiscountMoney: li.totalDiscountMoney,
    totalServiceChargeMoney: li.totalServiceChargeMoney,
    totalMoney: li.totalMoney,
  };
}

export function fromReturnLineItem(li: Square.OrderReturnLineItem): LineSource {
  return {
    uid: li.sourceLineItemUid ?? li.uid ?? null,
    name: li.name ?? null,
    variationName: li.variationName ?? null,
    catalogObjectId: li.catalogObjectId ?? null,
    quantity: li.quantity,
    quantityUnit: li.quantityUnit,
    note: li.note ?? null,
    itemType: li.itemType ?? null,
    modifiers: li.returnModifiers ?? [],
    appliedTaxes: li.appliedTaxes ?? [],
    appliedDiscounts: li.appliedDiscounts ?? [],
    appliedServiceCharges: li.appliedServiceCharges ?? [],
    basePriceMoney: li.basePriceMoney,
    variationTotalPriceMoney: li.variationTotalPriceMoney,
    grossMoney: li.grossReturnMoney,
    totalTaxMoney: li.totalTaxMoney,
    totalDiscountMoney: li.totalDiscountMoney,
    totalServiceChargeMoney: li.totalServiceChargeMoney,
    totalMoney: li.totalMoney,
  };
}

export interface LineContext {
  rec: Reconciler;
  taxes: TaxCatalog;
  /** discount uid → name, for descriptions. */
  discountNames: ReadonlyMap<string, string>;
  /** service charge uid → name, for descriptions of apportioned charges. */
  serviceChargeNames: ReadonlyMap<string, string>;
}

function defaultName(itemType: string | null): string {
  if (itemType === 'CUSTOM_AMOUNT') return 'Custom amount';
  if (itemType === 'GIFT_CARD') return 'Gift card';
  return 'Item';
}

function unitName(unit: Square.OrderQuantityUnit | undefined): string | null {
  const m = unit?.measurementUnit;
  if (!m) return null;
  const raw = m.customUnit?.abbreviation || m.customUnit?.name || m.weightUnit || m.volumeUnit || m.lengthUnit || m.areaUnit || m.timeUnit || m.genericUnit;
  if (!raw) return null;
  return String(raw).replace(/^(IMPERIAL|METRIC|GENERIC|TIME)_/, '').replace(/_/g, ' ').toLowerCase();
}

export function convertLine(src: LineSource, index: number, ctx: LineContext): ConvertedLine {
  const { rec } = ctx;
  const name = src.name?.trim() || defaultName(src.itemType);
  const what = label('item', src.name, index);
  const cur = rec.currency;
  const money = (amount: bigint) => minorToDecimalString(amount, cur);

  if (!isDecimalString(src.quantity)) rec.note(`${what} has a quantity the app cannot read ("${src.quantity}").`);

  const total = rec.required(src.totalMoney, `the total of ${what}`);
  const tax = rec.amount(src.totalTaxMoney, `the tax on ${what}`);
  const discount = rec.amount(src.totalDiscountMoney, `the discount on ${what}`);
  const lineServiceCharge = rec.amount(src.totalServiceChargeMoney, `the service charge on ${what}`);
  const unitPrice = rec.amount(src.basePriceMoney, `the unit price of ${what}`);
  const modifierTotals = src.modifiers.map((m, i) => rec.amount(m.totalPriceMoney, `${label('option', m.name, i)} of ${what}`));
  const variationTotal = rec.optional(src.variationTotalPriceMoney, `the price of ${what}`);
  const squareGross = rec.optional(src.grossMoney, `the gross price of ${what}`);

  const taxes: TaxApplication[] = src.appliedTaxes.map((at) => ({
    tax: ctx.taxes.get(at.taxUid, what),
    amount: rec.amount(at.appliedMoney, `a tax on ${what}`),
  }));
  const additive = sum(taxes.filter((t) => t.tax.type === 'ADDITIVE').map((t) => t.amount));
  const inclusive = sum(taxes.filter((t) => t.tax.type === 'INCLUSIVE').map((t) => t.amount));
  const appliedDiscounts = src.appliedDiscounts.map((ad) => ({
    name: ctx.discountNames.get(ad.discountUid) ?? 'Discount',
    amount: rec.amount(ad.appliedMoney, `a discount on ${what}`),
  }));
  const appliedCharges = src.appliedServiceCharges.map((sc) => ({
    name: ctx.serviceChargeNames.get(sc.serviceChargeUid) ?? 'Service charge',
    amount: rec.amount(sc.appliedMoney, `a service charge on ${what}`),
  }));

  // Square's own line arithmetic must hold; each failure names the line.
  if (taxes.length > 0 || tax !== 0n) {
    rec.expectEqual(`the tax on ${what}`, tax, sum(taxes.map((t) => t.amount)), 'its taxes one by one');
  }
  if (appliedDiscounts.length > 0 || discount !== 0n) {
    rec.expectEqual(`the discount on ${what}`, discount, sum(appliedDiscounts.map((d) => d.amount)), 'its discounts one by one');
  }
  if (appliedCharges.length > 0 || lineServiceCharge !== 0n) {
    rec.expectEqual(`the service charge on ${what}`, lineServiceCharge, sum(appliedCharges.map((c) => c.amount)), 'its service charges one by one');
  }
  // Gross: Square keeps inclusive tax inside gross sales in Europe/Australia but deducts it in the US, Canada and
  // Japan (OrderLineItem.gross_sales_money docs). Either convention is accepted; anything else is a reason.
  const gross = squareGross ?? (variationTotal ?? unitPrice) + sum(modifierTotals);
  if (squareGross !== undefined) {
    const euTotal = squareGross - discount + additive + lineServiceCharge;
    if (total !== euTotal && total !== euTotal + inclusive) {
      rec.note(
        `The total of ${what} is ${rec.fmt(total)} in Square, but its price ${rec.fmt(squareGross)} less discounts ` +
          `${rec.fmt(discount)}, plus tax added on top ${rec.fmt(additive)}` +
          `${lineServiceCharge ? ` and service charges ${rec.fmt(lineServiceCharge)}` : ''} comes to ${rec.fmt(euTotal)}.`,
      );
    }
    if (variationTotal !== undefined) {
      const itemsGross = variationTotal + sum(modifierTotals);
      if (squareGross !== itemsGross && squareGross !== itemsGross - inclusive) {
        rec.note(`The price of ${what} is ${rec.fmt(squareGross)} in Square, but its base price and options add up to ${rec.fmt(itemsGross)}.`);
      }
    }
  }

  const lineExtension = total - tax;
  const description: string[] = [];
  if (src.variationName?.trim()) description.push(src.variationName.trim());
  const unit = unitName(src.quantityUnit);
  if (unit) description.push(`unit: ${unit}`);
  src.modifiers.forEach((m, i) => {
    const qty = m.quantity && m.quantity !== '1' ? ` ×${m.quantity}` : '';
    description.push(`+ ${m.name?.trim() || 'modifier'}${qty} (${money(modifierTotals[i] ?? 0n)})`);
  });
  for (const d of appliedDiscounts) description.push(`${d.name} −${money(d.amount)}`);
  for (const c of appliedCharges) description.push(`incl. ${c.name} ${money(c.amount)}`);
  if (src.itemType === 'GIFT_CARD') description.push('gift card sale (not a supply of goods)');
  if (src.note?.trim()) description.push(src.note.trim());

  const draft: InvoiceLineDraft = {
    name,
    description: description.length ? description.join('; ') : null,
    sku: src.catalogObjectId ?? null,
    quantity: src.quantity,
    unitPriceMinor: toSafeMinor(unitPrice),
    grossMinor: toSafeMinor(gross),
    discountMinor: toSafeMinor(discount),
    taxMinor: toSafeMinor(tax),
    lineExtensionMinor: toSafeMinor(lineExtension),
    totalMinor: toSafeMinor(total),
    taxPercent: combinedPercent(taxes),
    sourceUid: src.uid,
  };
  return { draft, item: { net: lineExtension, taxes }, total, tax, discount };
}

type ServiceChargeLike = Pick<
  Square.OrderServiceCharge,
  'uid' | 'name' | 'type' | 'appliedMoney' | 'amountMoney' | 'totalMoney' | 'totalTaxMoney' | 'appliedTaxes' | 'calculationPhase' | 'treatmentType'
>;

export function isApportioned(sc: Pick<ServiceChargeLike, 'calculationPhase' | 'treatmentType'>): boolean {
  return sc.treatmentType === 'APPORTIONED_TREATMENT' || (sc.calculationPhase ?? '').startsWith('APPORTIONED');
}

/**
 * Service charges. SUBTOTAL_PHASE (taxable or not) and TOTAL_PHASE charges are document-level charges:
 * net = total_money − total_tax_money, their taxes join the tax subtotals. Apportioned charges
 * (APPORTIONED_TREATMENT / APPORTIONED_* phases) are already spread by Square into the lines' total_money and
 * taxed there, so they stay inside those lines (named in the line description) and are not charged twice.
 */
export function convertServiceCharges(scs: readonly ServiceChargeLike[] | null | undefined, taxes: TaxCatalog, rec: Reconciler): ConvertedCharge[] {
  return (scs ?? []).map((sc, i) => {
    const name = sc.name?.trim() || (sc.type === 'AUTO_GRATUITY' ? 'Auto gratuity' : 'Service charge');
    const what = label('service charge', sc.name, i);
    const applied = sc.appliedMoney ? rec.amount(sc.appliedMoney, `the amount of ${what}`) : rec.required(sc.amountMoney, `the amount of ${what}`);
    const tax = rec.amount(sc.totalTaxMoney, `the tax on ${what}`);
    const apps: TaxApplication[] = (sc.appliedTaxes ?? []).map((at) => ({
      tax: taxes.get(at.taxUid, what),
      amount: rec.amount(at.appliedMoney, `a tax on ${what}`),
    }));
    const additive = sum(apps.filter((a) => a.tax.type === 'ADDITIVE').map((a) => a.amount));
    const squareTotal = rec.optional(sc.totalMoney, `the total of ${what}`);
    const total = squareTotal ?? applied + additive;
    if (apps.length > 0 || tax !== 0n) rec.expectEqual(`the tax on ${what}`, tax, sum(apps.map((a) => a.amount)), 'its taxes one by one');
    // Inclusive tax is inside applied_money already; only additive tax comes on top.
    rec.expectEqual(`the total of ${what}`, squareTotal, applied + additive, 'its amount and the tax added on top');
    const net = total - tax;
    return { name, applied, tax, total, net, item: { net, taxes: apps }, apportioned: isApportioned(sc) };
  });
}
