import { useCallback, useState } from 'react';
import type { InvoiceStatus } from '../../shared/domain';
import { api, ApiTokenError } from './api';
import { ErrorBanner } from './components/ErrorBanner';
import { SecretStoreBanner } from './components/SecretStoreBanner';
import { EMPTY_QUERY, type InvoiceQuery } from './components/invoices/invoice-query';
import { Sidebar } from './components/Sidebar';
import { useHashRoute, type Route, type ScreenName } from './hooks/useHashRoute';
import { useSidebarCollapsed } from './hooks/useSidebarCollapsed';
import { useQuery } from './hooks/useQuery';
import { Connection } from './screens/Connection';
import { Dashboard } from './screens/Dashboard';
import { Export } from './screens/Export';
import { FailedEvents } from './screens/FailedEvents';
import { InvoiceDetail } from './screens/InvoiceDetail';
import { InvoicePrint } from './screens/InvoicePrint';
import { Invoices } from './screens/Invoices';
import { Settings } from './screens/Settings';
import { Transactions } from './screens/Transactions';
import { Sync } from './screens/Sync';
import { Webhooks } from './screens/Webhooks';

export function App() {
  const [route, navigate] = useHashRoute();
  // Kept here, not in the Invoices screen, so filters and sort order survive opening an invoice and coming back.
  const [invoiceQuery, setInvoiceQuery] = useState<InvoiceQuery>(EMPTY_QUERY);
  const info = useQuery(() => api['app.info'](), 'app.info');
  const [collapsed, toggleSidebar] = useSidebarCollapsed();

  const active: ScreenName = route.screen === 'invoice' || route.screen === 'invoicePrint' ? 'invoices' : route.screen;
  const go = useCallback((screen: ScreenName) => navigate({ screen } as Route), [navigate]);
  const openInvoice = useCallback((id: number) => navigate({ screen: 'invoice', id }), [navigate]);
  const openStatus = useCallback(
    (status: InvoiceStatus) => {
      setInvoiceQuery({ ...EMPTY_QUERY, status });
      navigate({ screen: 'invoices' });
    },
    [navigate],
  );

  const screen =
    route.screen === 'dashboard' ? (
      <Dashboard onOpenStatus={openStatus} />
    ) : route.screen === 'invoices' ? (
      <Invoices
        query={invoiceQuery}
        onQuery={setInvoiceQuery}
        onOpen={openInvoice}
        onExport={(ids) => navigate({ screen: 'export', ids })}
      />
    ) : route.screen === 'export' ? (
      <Export
        key={route.ids?.join(',') ?? ''}
        ids={route.ids}
        runtime={info.data?.runtime}
        onOpen={openInvoice}
        onChooseByDate={() => navigate({ screen: 'export' })}
        onOpenSettings={() => navigate({ screen: 'settings' })}
      />
    ) : route.screen === 'invoice' ? (
      <InvoiceDetail key={route.id} id={route.id} onBack={() => navigate({ screen: 'invoices' })} />
    ) : route.screen === 'invoicePrint' ? (
      <InvoicePrint
        key={route.id}
        id={route.id}
        runtime={info.data?.runtime}
        onBack={() => navigate({ screen: 'invoice', id: route.id })}
      />
    ) : route.screen === 'transactions' ? (
      <Transactions key={route.problem ? 'problems' : 'all'} problemOnly={route.problem} onOpenInvoice={openInvoice} />
    ) : route.screen === 'events' ? (
      <FailedEvents />
    ) : route.screen === 'square' ? (
      <Connection />
    ) : route.screen === 'webhooks' ? (
      <Webhooks onOpenSquare={() => navigate({ screen: 'square' })} />
    ) : route.screen === 'sync' ? (
      <Sync />
    ) : (
      <Settings />
    );

  return (
    <div className={`layout${collapsed ? ' layout-collapsed' : ''}`}>
      <Sidebar active={active} onNavigate={go} info={info.data} collapsed={collapsed} onToggle={toggleSidebar} />
      <main className="content">
        {/* app.info is the first call. A token problem fails every call alike: say it once, instead of the screen. */}
        <ErrorBanner error={info.error} title="Cannot talk to the TaxPoynt core" onRetry={info.reload} />
        <SecretStoreBanner info={info.data} />
        {info.error instanceof ApiTokenError ? null : screen}
      </main>
    </div>
  );
}
