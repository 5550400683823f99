import { useState } from 'react';
import type { InvoiceStatus } from '../../../../shared/domain';
import { api } from '../../api';
import { useQuery } from '../../hooks/useQuery';
import { ErrorBanner } from '../ErrorBanner';
import { Loading } from '../Loading';
import { CurrencyTotals } from './CurrencyTotals';
import { InboxQueue } from './InboxQueue';
import { PipelineHealth } from './PipelineHealth';
import { StatusCounts } from './StatusCounts';

const REFRESH_ON = ['stats.changed', 'invoice.changed'] as const;

/** The developer's numbers (pipeline timings, the event inbox, all-time counts), kept out of the owner's way. */
export function AdvancedPanel({ onOpenStatus }: { onOpenStatus: (status: InvoiceStatus) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="card advanced-panel" data-testid="dash-advanced" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary data-testid="dash-advanced-toggle">Advanced: invoicing pipeline, event inbox and all-time totals</summary>
      {/* Loaded only while open: nobody pays for numbers nobody looks at. */}
      {open ? <AdvancedNumbers onOpenStatus={onOpenStatus} /> : null}
    </details>
  );
}

function AdvancedNumbers({ onOpenStatus }: { onOpenStatus: (status: InvoiceStatus) => void }) {
  const stats = useQuery(() => api['stats.get'](), 'stats', REFRESH_ON);
  const s = stats.data;
  return (
    <div className="advanced-body">
      <ErrorBanner error={stats.error} title="Could not load the statistics" onRetry={stats.reload} />
      {!s ? (
        stats.loading ? <Loading /> : null
      ) : (
        <div className="dashboard-grid">
          <PipelineHealth pipeline={s.pipeline} />
          <StatusCounts counts={s.invoicesByStatus} onOpenStatus={onOpenStatus} />
          <InboxQueue inbox={s.inbox} lastEventAt={s.lastEventAt} />
          <CurrencyTotals totals={s.totalsByCurrency} invoiceCount={s.invoiceCount} creditNoteCount={s.creditNoteCount} />
        </div>
      )}
    </div>
  );
}
