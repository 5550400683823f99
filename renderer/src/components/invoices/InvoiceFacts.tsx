import type { ReactNode } from 'react';
import type { InvoiceDetail } from '../../../../shared/domain';
import { formatDate, formatDateTime } from '../../format';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children ?? <span className="muted">—</span>}</dd>
    </div>
  );
}

/** When and where from: dates, IRN and the Square objects the document was made from (the buyer has its own card). */
export function InvoiceFacts({ invoice }: { invoice: InvoiceDetail }) {
  return (
    <section className="card">
      <h2 className="card-title">Details</h2>
      <dl className="facts" data-testid="detail-facts">
        <Fact label="Issue date">{formatDate(invoice.issueDate)}</Fact>
        <Fact label="Issued at">{formatDateTime(invoice.issuedAt)}</Fact>
        <Fact label="Currency">{invoice.currency}</Fact>
        <Fact label="IRN">{invoice.irn ? <code>{invoice.irn}</code> : null}</Fact>
        <Fact label="Square order">{invoice.sourceOrderId ? <code>{invoice.sourceOrderId}</code> : null}</Fact>
        <Fact label="Square payment">{invoice.sourcePaymentId ? <code>{invoice.sourcePaymentId}</code> : null}</Fact>
        {invoice.sourceRefundId ? (
          <Fact label="Square refund">
            <code>{invoice.sourceRefundId}</code>
          </Fact>
        ) : null}
        <Fact label="Last updated">{formatDateTime(invoice.updatedAt)}</Fact>
      </dl>
    </section>
  );
}
