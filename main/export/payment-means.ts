import type { InvoiceDocument } from '../invoicing/invoice-detail';
import type { SquareFacts } from './square-facts';

// payment_means from how Square was paid: a card (Square's own or a third-party terminal) is 48 Bank Card, cash is 10,
// anything else (gift card, wallet, bank transfer, "other") is ZZZ, mutually defined. A split sale lists each means
// once, in tender order. Nothing known (a sale whose Square objects are not stored) is ZZZ too.

const CODE: Readonly<Record<string, string>> = { CARD: '48', THIRD_PARTY_CARD: '48', CASH: '10' };
const code = (type: string | null | undefined) => (type ? (CODE[type] ?? 'ZZZ') : 'ZZZ');

export function paymentMeansOf(d: Pick<InvoiceDocument, 'sourceOrderId' | 'sourcePaymentId' | 'sourceRefundId'>, square: SquareFacts): string[] {
  let types: (string | null)[] = [];
  if (d.sourceRefundId) types = [square.refundPaymentSource(d.sourceRefundId)];
  else if (d.sourceOrderId) {
    types = square.orderTenderTypes(d.sourceOrderId);
    if (!types.length) types = square.orderPaymentSources(d.sourceOrderId);
  } else if (d.sourcePaymentId) types = [square.paymentSource(d.sourcePaymentId)];
  const unique = [...new Set(types.map(code))];
  return unique.length ? unique : ['ZZZ'];
}
