// Square → invoice/credit-note converter. Pure functions: no I/O, no clock, integer minor units only.
export { convertSale, type SaleInput } from './sale';
export { convertRefund, type RefundInput } from './refund';
export { identityViolations, assertIdentities, documentTotals, type DocumentTotals } from './totals';
export { groupTaxes, taxCategory, combinedPercent, taxArithmeticReasons, TaxCatalog, type TaxDefinition, type TaxApplication, type TaxedItem } from './taxes';
export { localDate, isValidTimeZone, isRfc3339 } from './dates';
export {
  parseDecimal,
  normalizeDecimalString,
  decimalToString,
  sumDecimalStrings,
  divRoundHalfEven,
  apportion,
  isDecimalString,
  type Decimal,
} from './decimal';
export { buyerFrom, customerIdOf, type Buyer } from './buyer';
export { addressOf, e164Phone, tinOf } from './buyer-fields';
export { Reconciler } from './reconcile';
export type { InvoiceDraft, InvoiceLineDraft, InvoiceTaxDraft } from './types';
