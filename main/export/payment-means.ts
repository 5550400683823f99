import type { InvoiceDocument } from '../invoicing/invoice-detail';
import type { SquareObjectsRepo } from '../square/square-objects-repo';

// payment_means from how Square was paid: a card (Square's own or a third-party terminal) is 48 Bank Card, cash is 10,
// anything else (gift card, wallet, bank transfer, "other") is ZZZ, mutually defined. A split sale lists each means
// once, in tender order. Nothing known (a sale whose Square objects are not stored) is ZZZ too.

const CODE: Readonly<Record<string, string>> = { CARD: '48', THIRD_PARTY_CARD: '48', CASH: '10' };
const code = (type: string | null | undefined) => (type ? (CODE[type] ?? 'ZZZ') : 'ZZZ');

export function paymentMeansOf(d: Pick<InvoiceDocument, 'sourceOrderId' | 'sourcePaymentId' | 'sourceRefundId'>, square: SquareObjectsRepo): string[] {
  const types: string[] = [];
  if (d.sourceRefundId) {
    const refund = square.refund(d.sourceRefundId);
    const payment = refund?.paymentId ? square.payment(refund.paymentId) : null;
    types.push(code(payment?.sourceType));
  } else if (d.sourceOrderId) {
    const order = square.order(d.sourceOrderId);
    for (const t of order?.tenders ?? []) types.push(code(t.type));
    if (!types.length) for (const p of square.paymentsForOrder(d.sourceOrderId)) types.push(code(p.sourceType));
  } else if (d.sourcePaymentId) {
    types.push(code(square.payment(d.sourcePaymentId)?.sourceType));
  }
  const unique = [...new Set(types)];
  return unique.length ? unique : ['ZZZ'];
}
