import { api } from '../api';
import { ExportReadiness } from '../components/export/ExportReadiness';
import { ErrorBanner } from '../components/ErrorBanner';
import { InvoiceFacts } from '../components/invoices/InvoiceFacts';
import { InvoiceLines } from '../components/invoices/InvoiceLines';
import { InvoiceTaxes } from '../components/invoices/InvoiceTaxes';
import { InvoiceTotals } from '../components/invoices/InvoiceTotals';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { BuyerCard } from '../components/review/BuyerCard';
import { InvoiceHistory } from '../components/review/InvoiceHistory';
import { RelatedDocuments } from '../components/review/RelatedDocuments';
import { ReviewActions } from '../components/review/ReviewActions';
import { codesOf, useCodeNames } from '../components/review/useCodeNames';
import { StatusBadge } from '../components/StatusBadge';
import { KIND_LABELS } from '../format';
import { useQuery } from '../hooks/useQuery';

const REFRESH_ON = ['invoice.changed'] as const;

export function InvoiceDetail({ id, onBack }: { id: number; onBack: () => void }) {
  const detail = useQuery(() => api['invoices.get']({ id }), String(id), REFRESH_ON);
  const inv = detail.data?.id === id ? detail.data : undefined;
  // Buyer and classification change only while the document is under review.
  const editable = inv ? inv.status === 'draft' || inv.status === 'needs_review' : false;
  const names = useCodeNames(inv ? codesOf(inv.buyerAddress, inv.history) : []);

  return (
    <div className="screen" data-testid="screen-invoice-detail">
      <button type="button" className="back-link" data-testid="back-to-invoices" onClick={onBack}>
        ‹ All invoices
      </button>
      {inv ? (
        <>
          <PageHeader
            title={`${KIND_LABELS[inv.kind]} ${inv.number ?? `#${inv.id}`}`}
            subtitle={inv.buyerName ?? 'Walk-in customer'}
            actions={<StatusBadge status={inv.status} />}
          />
          {inv.status === 'needs_review' ? (
            <div className="banner banner-warning" role="note" data-testid="review-reason">
              <strong className="banner-title">Needs checking</strong>
              <span className="banner-message">{inv.approvalProblems[0] ?? inv.reviewReason}</span>
            </div>
          ) : null}
          <ErrorBanner error={detail.error} title="Could not refresh this invoice" onRetry={detail.reload} />
          <ReviewActions invoice={inv} onChanged={detail.reload} />
          <div className="detail-grid">
            <div className="detail-main">
              <InvoiceLines
                lines={inv.lines}
                currency={inv.currency}
                classify={{ invoiceId: inv.id, editable, onChanged: detail.reload }}
              />
              <InvoiceTaxes taxes={inv.taxes} currency={inv.currency} />
            </div>
            <div className="detail-side">
              <InvoiceTotals invoice={inv} />
              <RelatedDocuments invoice={inv} />
              <BuyerCard invoice={inv} editable={editable} onSaved={detail.reload} names={names} />
              <ExportReadiness invoice={inv} />
              <InvoiceFacts invoice={inv} />
            </div>
          </div>
          <InvoiceHistory history={inv.history} names={names} />
        </>
      ) : (
        <>
          <PageHeader title="Invoice" />
          <ErrorBanner error={detail.error} title="Could not load this invoice" onRetry={detail.reload} />
          {detail.loading ? <Loading label="Loading invoice…" /> : null}
        </>
      )}
    </div>
  );
}
