import { useCallback, useRef, useState } from 'react';
import type { TransactionSort, TransactionView } from '../../../shared/transactions';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { CountPill } from '../components/CountPill';
import { ListStates } from '../components/ListStates';
import { PageHeader } from '../components/PageHeader';
import { TransactionFilters } from '../components/transactions/TransactionFilters';
import { TransactionPanel } from '../components/transactions/TransactionPanel';
import { txnKey } from '../components/transactions/TransactionRow';
import { TransactionTable } from '../components/transactions/TransactionTable';
import {
  clearTransactionFilters, EMPTY_TRANSACTION_QUERY, hasTransactionFilters, type TransactionQuery,
} from '../components/transactions/transaction-query';
import { useTransactionWindows } from '../components/transactions/use-transaction-windows';
import { useAction } from '../hooks/useAction';
import { useQuery } from '../hooks/useQuery';

interface Props {
  onOpenInvoice: (id: number) => void;
  /** Start with "only with a problem" ticked (a link from the dashboard). */
  problemOnly?: boolean;
}

/**
 * Square's payments and refunds as the app stored them, each with its invoice or credit note, and what went wrong
 * when it did not become one (with Retry). New sales appear at the top as they are stored (push events, no polling).
 */
export function Transactions({ onOpenInvoice, problemOnly = false }: Props) {
  const [query, setQuery] = useState<TransactionQuery>(() => ({ ...EMPTY_TRANSACTION_QUERY, problemOnly }));
  const list = useTransactionWindows(query);
  const square = useQuery(() => api['square.status'](), 'square.status');
  const [chosen, setChosen] = useState<TransactionView | null>(null);
  const filtered = hasTransactionFilters(query);
  const total = list.total;
  const onSort = useCallback((sort: TransactionSort, dir: 'asc' | 'desc') => setQuery((q) => ({ ...q, sort, dir })), []);
  // What Retry acts on: the row whose button was pressed, or the one open in the panel.
  const target = useRef<TransactionView | null>(null);
  const retry = useAction(
    {
      retry: async () => {
        const t = target.current;
        if (!t) return;
        const { retried } = await api['transactions.retry']({ kind: t.kind, id: t.id });
        return `Sent back to the queue (${retried} ${retried === 1 ? 'event' : 'events'}). The list updates when it is processed.`;
      },
    },
    list.reload,
  );
  const retryOne = (t: TransactionView) => {
    target.current = t;
    setChosen(t);
    retry.run('retry');
  };
  // The panel shows the freshest copy of the chosen row once a push has re-read the list.
  const fresh = chosen ? findShown(list.rowAt, total ?? 0, txnKey(chosen)) ?? chosen : null;

  return (
    <div className="screen screen-fill" data-testid="screen-transactions">
      <PageHeader
        title="Transactions"
        subtitle="Sales and refunds from Square as received, and the invoice or credit note made from each."
        actions={total !== null ? <CountPill count={total} one="transaction" many="transactions" testId="txn-total-count" /> : null}
      />
      {total === 0 && !filtered ? null : (
        <TransactionFilters query={query} onChange={setQuery} locations={square.data?.locations ?? []} />
      )}
      <ErrorBanner error={list.error} title="Could not load transactions" onRetry={list.reload} />
      <ErrorBanner error={retry.error} title="Could not retry" />
      {retry.notice ? (
        <div className="banner banner-info" role="status" data-testid="txn-notice">
          {retry.notice}
        </div>
      ) : null}
      <ListStates
        list={list}
        filtered={filtered}
        loadingLabel="Loading transactions…"
        emptyTitle="No transactions yet"
        emptyText={
          <>
            Sales and refunds appear here as soon as Square sends them. Connect Square on the Square screen; past sales
            come in with a sync.
          </>
        }
        noMatchTitle="No transactions match these filters"
        onClearFilters={() => setQuery(clearTransactionFilters(query))}
      >
        {(total) => (
          <div className="card card-flush invoice-list txn-list">
            <TransactionTable
              total={total}
              rowAt={list.rowAt}
              onRange={list.ensureRange}
              sort={query.sort}
              dir={query.dir}
              onSort={onSort}
              chosen={chosen ? txnKey(chosen) : null}
              onChoose={(t) => {
                retry.reset();
                setChosen(t);
              }}
              onOpenDocument={onOpenInvoice}
              onRetry={retryOne}
              busy={retry.pending !== null}
            />
            {fresh ? (
              <TransactionPanel
                txn={fresh}
                onClose={() => setChosen(null)}
                onOpenDocument={onOpenInvoice}
                onRetry={retryOne}
                retrying={retry.pending !== null}
              />
            ) : null}
          </div>
        )}
      </ListStates>
    </div>
  );
}

/** The row with this key among the windows loaded (the first few hundred are enough: the owner just clicked it). */
function findShown(rowAt: (i: number) => TransactionView | undefined, total: number, key: string): TransactionView | undefined {
  for (let i = 0; i < Math.min(total, 1000); i++) {
    const t = rowAt(i);
    if (t && txnKey(t) === key) return t;
  }
  return undefined;
}
