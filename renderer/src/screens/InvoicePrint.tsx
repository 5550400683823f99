import type { AppInfo } from '../../../shared/domain';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Loading';
import { NoticeBanner } from '../components/NoticeBanner';
import { PrintSheet } from '../components/print/PrintSheet';
import { KIND_LABELS } from '../format';
import { useAction } from '../hooks/useAction';
import { useQuery } from '../hooks/useQuery';

const REFRESH_ON = ['invoice.changed', 'settings.changed'] as const;

interface Props {
  id: number;
  /** Save as PDF is offered only in the desktop app; the browser's own Print dialog saves PDFs there. */
  runtime: AppInfo['runtime'] | undefined;
  onBack: () => void;
}

/**
 * The printable invoice. Everything around the sheet (this toolbar, hints, the sidebar) is screen-only: print.css
 * hides it on paper and in the PDF.
 */
export function InvoicePrint({ id, runtime, onBack }: Props) {
  const view = useQuery(() => api['invoices.print']({ id }), String(id), REFRESH_ON);
  const data = view.data?.invoice.id === id ? view.data : undefined;
  const action = useAction({
    savePdf: async () => {
      const result = await api['invoices.savePdf']({ id });
      return result.saved ? `Saved as ${result.fileName ?? 'a PDF'}.` : undefined;
    },
  });

  const title = data ? `${KIND_LABELS[data.invoice.kind]} ${data.invoice.number ?? `#${data.invoice.id}`}` : 'Invoice';
  return (
    <div className="screen print-screen" data-testid="screen-invoice-print">
      <div className="print-toolbar no-print">
        <button type="button" className="back-link" data-testid="back-to-invoice" onClick={onBack}>
          ‹ Back to {title}
        </button>
        <div className="print-actions">
          <button type="button" className="btn btn-primary" data-testid="print-now" disabled={!data} onClick={() => window.print()}>
            Print
          </button>
          {runtime === 'electron' ? (
            <button className="btn btn-secondary" data-testid="print-save-pdf" {...action.button('savePdf', !data)}>
              {action.pending === 'savePdf' ? 'Saving…' : 'Save as PDF'}
            </button>
          ) : null}
        </div>
      </div>
      <div className="no-print print-hints">
        <ErrorBanner error={view.error} title="Could not load this invoice for printing" onRetry={view.reload} />
        <ErrorBanner error={action.error} title="Could not save the PDF" />
        <NoticeBanner notice={action.notice} testId="print-notice" />
        {data && (!data.shop.name || !data.shop.tin) ? (
          <div className="banner banner-warning" role="note" data-testid="print-shop-missing">
            <strong className="banner-title">Your business details are incomplete</strong>
            <span>
              Add the business name and TIN in <a href="#/settings">Settings</a> so they appear on the invoice.
            </span>
          </div>
        ) : null}
        {data?.unsignedReason ? (
          <div className="banner banner-warning" role="note" data-testid="print-unsigned-hint">
            <strong className="banner-title">QR code not signed</strong>
            <span>
              {data.unsignedReason} <a href="#/settings">Open Settings</a>
            </span>
          </div>
        ) : null}
        {data && !data.invoice.irn ? (
          <div className="banner banner-warning" role="note" data-testid="print-no-irn-hint">
            <strong className="banner-title">No IRN yet</strong>
            <span>
              An invoice gets its IRN when your NRS Service ID is set in <a href="#/settings">Settings</a>; sales
              recorded after that have one.
            </span>
          </div>
        ) : null}
      </div>
      {data ? <PrintSheet view={data} /> : view.loading ? <Loading label="Preparing the invoice…" /> : null}
    </div>
  );
}
