import type { InvoiceStatus } from '../../../shared/domain';
import { api } from '../api';
import { CurrencyTotals } from '../components/dashboard/CurrencyTotals';
import { InboxQueue } from '../components/dashboard/InboxQueue';
import { PipelineHealth } from '../components/dashboard/PipelineHealth';
import { StatusCounts } from '../components/dashboard/StatusCounts';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { StatCard } from '../components/StatCard';
import { useQuery } from '../hooks/useQuery';

const REFRESH_ON = ['stats.changed', 'invoice.changed'] as const;

export function Dashboard({ onOpenStatus }: { onOpenStatus: (status: InvoiceStatus) => void }) {
  const stats = useQuery(() => api['stats.get'](), 'stats', REFRESH_ON);
  const s = stats.data;
  return (
    <div className="screen" data-testid="screen-dashboard">
      <PageHeader title="Dashboard" subtitle="Sales turned into e-invoices, at a glance." />
      <ErrorBanner error={stats.error} title="Could not load the statistics" onRetry={stats.reload} />
      {!s ? (
        stats.loading ? <Loading /> : null
      ) : (
        <>
          <div className="stat-grid">
            <StatCard label="Invoices" value={s.invoiceCount} testId="stat-invoices" tone="accent" />
            <StatCard label="Credit notes" value={s.creditNoteCount} testId="stat-credit-notes" />
            <StatCard
              label="Needs review"
              value={s.invoicesByStatus.needs_review}
              testId="stat-needs-review"
              tone={s.invoicesByStatus.needs_review > 0 ? 'warning' : 'default'}
              hint="documents waiting for you"
            />
            <StatCard
              label="Failed events"
              value={s.inbox.dead}
              testId="stat-dead"
              tone={s.inbox.dead > 0 ? 'danger' : 'default'}
              hint={`${s.inbox.pending + s.inbox.processing} in the queue`}
            />
          </div>
          <div className="dashboard-grid">
            <CurrencyTotals totals={s.totalsByCurrency} />
            <StatusCounts counts={s.invoicesByStatus} onOpenStatus={onOpenStatus} />
            <PipelineHealth pipeline={s.pipeline} />
            <InboxQueue inbox={s.inbox} lastEventAt={s.lastEventAt} />
          </div>
        </>
      )}
    </div>
  );
}
