import type { InvoicePrintView } from '../../../../shared/print';

/** The buyer as the invoice records it; a sale without one is to a walk-in customer. */
export function PrintBuyer({ view }: { view: InvoicePrintView }) {
  const { invoice, buyerAddressLines } = view;
  return (
    <section className="print-buyer" data-testid="print-buyer" aria-label="Buyer">
      <h2 className="print-label">{invoice.kind === 'credit_note' ? 'Refunded to' : 'Bill to'}</h2>
      <p className="print-strong">{invoice.buyerName ?? 'Walk-in customer'}</p>
      {invoice.buyerTin ? <p>TIN {invoice.buyerTin}</p> : null}
      {buyerAddressLines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {invoice.buyerPhone ? <p>{invoice.buyerPhone}</p> : null}
      {invoice.buyerEmail ? <p>{invoice.buyerEmail}</p> : null}
    </section>
  );
}
