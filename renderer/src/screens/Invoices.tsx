import { useCallback, useEffect, useState } from 'react';
import type { InvoiceSort } from '../../../shared/domain';
import { api } from '../api';
import { CountPill } from '../components/CountPill';
import { ErrorBanner } from '../components/ErrorBanner';
import { InvoiceFilters } from '../components/invoices/InvoiceFilters';
import { clearFilters, hasFilters, toListInput, type InvoiceQuery } from '../components/invoices/invoice-query';
import { InvoiceTable } from '../components/invoices/InvoiceTable';
import { SelectionBar } from '../components/invoices/SelectionBar';
import { useInvoiceWindows } from '../components/invoices/use-invoice-windows';
import { ListStates } from '../components/ListStates';
import { PageHeader } from '../components/PageHeader';
import { useQuery } from '../hooks/useQuery';
import { useAction } from '../hooks/useAction';
import { BulkResult, type BulkOutcome } from '../components/invoices/BulkResult';
import { MAX_FILTER_IDS } from '../../../shared/contract';

interface Props {
  query: InvoiceQuery;
  onQuery: (query: InvoiceQuery) => void;
  onOpen: (id: number) => void;
  /** "Export selected": the Export screen, with the ticked documents. */
  onExport: (ids: number[]) => void;
}

export function Invoices({ query, onQuery, onOpen, onExport }: Props) {
  const list = useInvoiceWindows(query);
  const square = useQuery(() => api['square.status'](), 'square.status');
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set());
  // A selection made under other filters would act on rows the owner can no longer see.
  const key = JSON.stringify(toListInput({ ...query, sort: 'issuedAt', dir: 'desc' }));
  useEffect(() => setSelected(new Set()), [key]);
  const onSort = useCallback((sort: InvoiceSort, dir: 'asc' | 'desc') => onQuery({ ...query, sort, dir }), [query, onQuery]);
  const filtered = hasFilters(query);
  const total = list.total;
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  // "Approve all matching": the ids the filters match, fetched first so the owner confirms a known number.
  const [allIds, setAllIds] = useState<number[] | null>(null);
  useEffect(() => setAllIds(null), [key]);
  const bulk = useAction(
    {
      approveSelected: async () => {
        setOutcome(await api['invoices.approveMany']({ ids: [...selected] }));
        setSelected(new Set());
      },
      findAll: async () => {
        const { sort: _sort, dir: _dir, ...filter } = toListInput(query);
        const ids = await api['invoices.ids'](filter);
        setOutcome(null);
        if (!ids.length) return 'Nothing matches these filters.';
        setAllIds(ids);
      },
      approveAll: async () => {
        if (!allIds?.length) return;
        setOutcome(await api['invoices.approveMany']({ ids: allIds }));
        setAllIds(null);
        setSelected(new Set());
      },
    },
    list.reload,
  );
  const count = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'document' : 'documents'}`;

  return (
    <div className="screen screen-fill" data-testid="screen-invoices">
      <PageHeader
        title="Invoices"
        subtitle="Invoices and credit notes made from your Square sales."
        actions={
          total !== null ? (
            <>
              <CountPill count={total} one="document" many="documents" testId="invoice-total-count" />
              {total > 0 ? (
                <button className="btn btn-secondary btn-small" data-testid="approve-all" {...bulk.button('findAll', allIds !== null)}>
                  {bulk.pending === 'findAll' ? 'Counting…' : filtered ? 'Approve all matching…' : 'Approve all…'}
                </button>
              ) : null}
            </>
          ) : null
        }
      />
      {/* Nothing to filter in an empty book: the empty state alone says it better. */}
      {total === 0 && !filtered ? null : (
        <InvoiceFilters query={query} onChange={onQuery} locations={square.data?.locations ?? []} />
      )}
      <ErrorBanner error={list.error} title="Could not load invoices" onRetry={list.reload} />
      <ErrorBanner error={bulk.error} title={bulk.failed === 'findAll' ? 'Could not find the matching documents' : 'Could not approve'} />
      {bulk.notice ? (
        <div className="banner banner-info" role="status" data-testid="bulk-notice">
          {bulk.notice}
        </div>
      ) : null}
      {allIds ? (
        <div className="banner banner-info confirm-bulk" role="group" aria-labelledby="approve-all-question" data-testid="approve-all-confirm">
          <div className="banner-body">
            <strong className="banner-title" id="approve-all-question">
              Approve {filtered ? 'all ' : 'every one of the '}
              {count(allIds.length)}
              {filtered ? ' that match the filters' : ''}?
            </strong>
            <span className="banner-message">
              {total !== null && total > allIds.length
                ? `Only the first ${MAX_FILTER_IDS.toLocaleString('en-GB')} are approved at once; run it again for the rest. `
                : ''}
              Documents that cannot be approved yet (already approved, needing checks, missing buyer details) are left as
              they are and listed with the reason.
            </span>
          </div>
          <div className="confirm-actions">
            <button type="button" className="btn btn-secondary btn-small" disabled={bulk.pending !== null} onClick={() => setAllIds(null)}>
              Cancel
            </button>
            <button className="btn btn-primary btn-small" data-testid="approve-all-go" autoFocus {...bulk.button('approveAll')}>
              {bulk.pending === 'approveAll' ? 'Approving…' : `Approve ${count(allIds.length)}`}
            </button>
          </div>
        </div>
      ) : null}
      {outcome ? <BulkResult outcome={outcome} onOpen={onOpen} onDismiss={() => setOutcome(null)} /> : null}
      <ListStates
        list={list}
        filtered={filtered}
        loadingLabel="Loading invoices…"
        emptyTitle="No invoices yet"
        emptyText={
          <>
            Invoices appear here as soon as Square sales come in. Connect Square and check the business details in
            Settings.
          </>
        }
        noMatchTitle="No invoices match these filters"
        onClearFilters={() => onQuery(clearFilters(query))}
      >
        {(total) => (
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
            <SelectionBar count={selected.size} onClear={() => setSelected(new Set())}>
              <button className="btn btn-primary btn-small" data-testid="approve-selected" {...bulk.button('approveSelected')}>
                {bulk.pending === 'approveSelected' ? 'Approving…' : 'Approve selected'}
              </button>
              <button
                type="button"
                className="btn btn-secondary btn-small"
                data-testid="export-selected"
                disabled={bulk.pending !== null}
                onClick={() => onExport([...selected].sort((a, b) => a - b))}
              >
                Export selected…
              </button>
            </SelectionBar>
          </div>
        )}
      </ListStates>
    </div>
  );
}
