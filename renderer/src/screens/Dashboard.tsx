import { lazy, Suspense } from 'react';
import type { InvoiceStatus } from '../../../shared/domain';
import { api } from '../api';
import { AdvancedPanel } from '../components/dashboard/AdvancedPanel';
import { HealthLine } from '../components/dashboard/HealthLine';
import { SummaryCards } from '../components/dashboard/SummaryCards';
import type { CanOpen, OpenTarget } from '../components/dashboard/targets';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useQuery } from '../hooks/useQuery';

// The charting library is most of the dashboard's weight: it loads in its own file, after the numbers are shown.
const SalesChart = lazy(() => import('../components/dashboard/SalesChart').then((m) => ({ default: m.SalesChart })));

// Every change that can move a number or the health line is pushed; the dashboard never asks on a timer.
const REFRESH_ON = ['stats.changed', 'invoice.changed', 'square.changed', 'webhooks.changed', 'sync.changed', 'notifications.changed'] as const;

export function Dashboard({ onOpen, canOpen }: { onOpen: OpenTarget; canOpen: CanOpen }) {
  const summary = useQuery(() => api['dashboard.get'](), 'dashboard', REFRESH_ON);
  const s = summary.data;
  const openStatus = (status: InvoiceStatus) => onOpen({ screen: 'invoices', status });
  return (
    <div className="screen" data-testid="screen-dashboard">
      <PageHeader title="Dashboard" subtitle="Are sales coming in, and what needs you today." />
      <ErrorBanner error={summary.error} title="Could not load the dashboard" onRetry={summary.reload} />
      {!s ? (
        summary.loading ? <Loading /> : null
      ) : (
        <>
          <HealthLine health={s.health} onOpen={onOpen} canOpen={canOpen} />
          <SummaryCards s={s} onOpen={onOpen} canOpen={canOpen} />
          <Suspense fallback={<Loading />}>
            <SalesChart chart={s.chart} timeZone={s.timeZone} />
          </Suspense>
          <AdvancedPanel onOpenStatus={openStatus} />
        </>
      )}
    </div>
  );
}
