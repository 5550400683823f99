import type { InvoicePrintView } from '../../../../shared/print';
import { QrImage } from './QrImage';

/**
 * The NRS reference: the IRN in text and as a QR code. Signed, the code holds the IRN encrypted for the NRS; not
 * signed, it holds the plain IRN and the paper says so. Without an IRN there is neither, and the paper says that too.
 */
export function PrintIrn({ view }: { view: InvoicePrintView }) {
  const { invoice, qr } = view;
  if (!invoice.irn || !qr) {
    return (
      <section className="print-irn print-irn-missing" data-testid="print-no-irn" aria-label="NRS reference">
        <p className="print-strong">No IRN yet</p>
        <p>
          This document has no invoice reference number (IRN) from the NRS e-invoicing scheme yet, so it has no QR
          code.
        </p>
      </section>
    );
  }
  return (
    <section className="print-irn" aria-label="NRS reference">
      <QrImage payload={qr.payload} signed={qr.signed} />
      <div className="print-irn-text">
        <h2 className="print-label">IRN</h2>
        <p className="print-irn-value" data-testid="print-irn">
          {invoice.irn}
        </p>
        {qr.signed ? (
          <p data-testid="print-signed">The QR code is signed with the business’s NRS keys.</p>
        ) : (
          <p className="print-unsigned" data-testid="print-unsigned" role="note">
            Not signed: this QR code holds the plain IRN, not one signed with the business’s NRS keys.
          </p>
        )}
      </div>
    </section>
  );
}
