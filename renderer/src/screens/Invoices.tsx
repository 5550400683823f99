import { useCallback, useEffect, useState } from 'react';
import type { InvoiceSort } from '../../../shared/domain';
import { api } from '../api';
import { EmptyState } from '../components/EmptyState';
import { ErrorBanner } from '../components/ErrorBanner';
import { InvoiceFilters } from '../components/invoices/InvoiceFilters';
import { clearFilters, hasFilters, toListInput, type InvoiceQuery } from '../components/invoices/invoice-query';
import { InvoiceTable } from '../components/invoices/InvoiceTable';
import { SelectionBar } from '../components/invoices/SelectionBar';
import { useInvoiceWindows } from '../components/invoices/use-invoice-windows';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useQuery } from '../hooks/useQuery';

interface Props {
  query: InvoiceQuery;
  onQuery: (query: InvoiceQuery) => void;
  onOpen: (id: number) => void;
}

export function Invoices({ query, onQuery, onOpen }: Props) {
  const list = useInvoiceWindows(query);
  const square = useQuery(() => api['square.status'](), 'square.status');
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set());
  // A selection made under other filters would act on rows the owner can no longer see.
  const key = JSON.stringify(toListInput({ ...query, sort: 'issuedAt', dir: 'desc' }));
  useEffect(() => setSelected(new Set()), [key]);
  const onSort = useCallback((sort: InvoiceSort, dir: 'asc' | 'desc') => onQuery({ ...query, sort, dir }), [query, onQuery]);
  const filtered = hasFilters(query);
  const total = list.total;

  return (
    <div className="screen screen-fill" data-testid="screen-invoices">
      <PageHeader
        title="Invoices"
        subtitle="Invoices and credit notes made from your Square sales."
        actions={
          total !== null ? (
            <span className="count-pill" data-testid="invoice-total-count">
              {total.toLocaleString('en-GB')} {total === 1 ? 'document' : 'documents'}
            </span>
          ) : null
        }
      />
      {/* Nothing to filter in an empty book: the empty state alone says it better. */}
      {total === 0 && !filtered ? null : (
        <InvoiceFilters query={query} onChange={onQuery} locations={square.data?.locations ?? []} />
      )}
      <ErrorBanner error={list.error} title="Could not load invoices" onRetry={list.reload} />
      {total === null ? (
        list.loading ? <Loading label="Loading invoices…" /> : null
      ) : total === 0 && !filtered ? (
        <EmptyState title="No invoices yet">
          Invoices appear here as soon as Square sales come in. Connect Square and check the business details in
          Settings.
        </EmptyState>
      ) : total === 0 ? (
        <EmptyState title="No invoices match these filters">
          <button type="button" className="btn btn-secondary" onClick={() => onQuery(clearFilters(query))}>
            Clear filters
          </button>
        </EmptyState>
      ) : (
        <div className="card card-flush invoice-list">
          <InvoiceTable
            total={total}
            rowAt={list.rowAt}
            onRange={list.ensureRange}
            sort={query.sort}
            dir={query.dir}
            onSort={onSort}
            selected={selected}
            onSelectionChange={setSelected}
            onOpen={onOpen}
          />
          <SelectionBar count={selected.size} onClear={() => setSelected(new Set())} />
        </div>
      )}
    </div>
  );
}
