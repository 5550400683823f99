import { useCallback } from 'react';
import { api } from '../api';
import { EmptyState } from '../components/EmptyState';
import { ErrorBanner } from '../components/ErrorBanner';
import { InvoiceFilters } from '../components/invoices/InvoiceFilters';
import { EMPTY_QUERY, hasFilters, toListInput, type InvoiceQuery } from '../components/invoices/invoice-query';
import { InvoiceTable } from '../components/invoices/InvoiceTable';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { useQuery } from '../hooks/useQuery';

// stats.changed is also what the client sends after a dropped push connection comes back.
const REFRESH_ON = ['invoice.changed', 'stats.changed'] as const;

interface Props {
  query: InvoiceQuery;
  onQuery: (query: InvoiceQuery) => void;
  onOpen: (id: number) => void;
}

export function Invoices({ query, onQuery, onOpen }: Props) {
  const input = toListInput(query);
  const list = useQuery(() => api['invoices.list'](input), JSON.stringify(input), REFRESH_ON);
  const page = list.data;
  const setPage = useCallback((p: number) => onQuery({ ...query, page: p }), [query, onQuery]);
  const filtered = hasFilters(query);

  return (
    <div className="screen" data-testid="screen-invoices">
      <PageHeader
        title="Invoices"
        subtitle="Invoices and credit notes made from your Square sales."
        actions={
          page ? (
            <span className="count-pill" data-testid="invoice-total-count">
              {page.total} {page.total === 1 ? 'document' : 'documents'}
            </span>
          ) : null
        }
      />
      {/* Nothing to filter in an empty book: the empty state alone says it better. */}
      {page && page.total === 0 && !filtered ? null : <InvoiceFilters query={query} onChange={onQuery} />}
      <ErrorBanner error={list.error} title="Could not load invoices" onRetry={list.reload} />
      {!page ? (
        list.loading ? <Loading label="Loading invoices…" /> : null
      ) : page.total === 0 && !filtered ? (
        <EmptyState title="No invoices yet">
          Invoices appear here as soon as Square sales come in. Connect Square and check the business details in
          Settings.
        </EmptyState>
      ) : page.items.length === 0 ? (
        <EmptyState title="No invoices match these filters">
          <button type="button" className="btn btn-secondary" onClick={() => onQuery(EMPTY_QUERY)}>
            Clear filters
          </button>
        </EmptyState>
      ) : (
        <div className={`card card-flush${list.loading ? ' is-refreshing' : ''}`}>
          <InvoiceTable items={page.items} onOpen={onOpen} />
          <Pager page={page.page} pageSize={page.pageSize} total={page.total} onPage={setPage} />
        </div>
      )}
    </div>
  );
}
