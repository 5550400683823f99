import { useEffect, useRef, useState } from 'react';
import type { RetryOutcome } from '../../../shared/transactions';
import { api } from '../api';
import { EmptyState } from '../components/EmptyState';
import { CountPill } from '../components/CountPill';
import { ErrorBanner } from '../components/ErrorBanner';
import { FailedEventItem } from '../components/events/FailedEventItem';
import { RetryManyResult } from '../components/events/RetryManyResult';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useAction } from '../hooks/useAction';
import { useQuery } from '../hooks/useQuery';

const PAGE_SIZE = 50;

/**
 * Events from Square the app gave up on after its own retries (dead letters): what each was about, why it failed in
 * words, Retry and Ignore one by one, or tick several and retry them together. Re-reads on push events only.
 */
export function FailedEvents() {
  const [page, setPage] = useState(1);
  const failed = useQuery(() => api['events.failed']({ page, pageSize: PAGE_SIZE }), `events.failed:${page}`, ['stats.changed']);
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set());
  const [outcome, setOutcome] = useState<RetryOutcome[] | null>(null);
  const items = failed.data?.items ?? [];
  const total = failed.data?.total ?? null;

  // Ticks only for events still on the page (a retried or ignored one leaves it).
  const shownIds = items.map((e) => e.id).join(',');
  useEffect(() => {
    const shown = new Set(shownIds.split(',').filter(Boolean).map(Number));
    setSelected((s) => new Set([...s].filter((id) => shown.has(id))));
  }, [shownIds]);
  // The last page can empty out under the owner's retries.
  useEffect(() => {
    if (total !== null && page > 1 && (page - 1) * PAGE_SIZE >= total) setPage(Math.max(1, Math.ceil(total / PAGE_SIZE)));
  }, [total, page]);

  // The event a Retry or Ignore button was pressed on.
  const one = useRef<number | null>(null);
  const act = useAction(
    {
      retry: async () => {
        if (one.current === null) return;
        await api['events.retry']({ id: one.current });
        setOutcome(null);
        return 'Sent back to the queue. It becomes an invoice as soon as Square answers; if it fails again it comes back here.';
      },
      ignore: async () => {
        if (one.current === null) return;
        await api['events.ignore']({ id: one.current });
        setOutcome(null);
        return 'Set aside. It stays in the app’s records but will not become an invoice.';
      },
      retrySelected: async () => {
        const { results } = await api['events.retryMany']({ ids: [...selected] });
        setOutcome(results);
        setSelected(new Set());
      },
    },
    failed.reload,
  );
  const start = (name: 'retry' | 'ignore', id: number) => {
    one.current = id;
    act.run(name);
  };

  const allTicked = items.length > 0 && items.every((e) => selected.has(e.id));
  const busy = act.pending !== null;

  return (
    <div className="screen" data-testid="screen-events">
      <PageHeader
        title="Failed events"
        subtitle="Sales and changes from Square that could not become invoices after several tries."
        actions={total !== null ? <CountPill count={total} one="failed event" many="failed events" testId="events-total-count" /> : null}
      />
      <ErrorBanner error={failed.error} title="Could not load the failed events" onRetry={failed.reload} />
      <ErrorBanner
        error={act.error}
        title={act.failed === 'ignore' ? 'Could not ignore the event' : 'Could not retry'}
      />
      {act.notice ? (
        <div className="banner banner-info" role="status" data-testid="events-notice">
          {act.notice}
        </div>
      ) : null}
      {outcome ? <RetryManyResult results={outcome} onDismiss={() => setOutcome(null)} /> : null}
      {total === null ? (
        failed.loading ? <Loading label="Loading failed events…" /> : null
      ) : total === 0 ? (
        <EmptyState title="No failed events">
          Everything Square sent has been processed. When an event cannot be processed after several tries, it is
          listed here with the reason and a way to retry it.
        </EmptyState>
      ) : (
        <div className="card card-flush failed-events">
          <div className="failed-events-bar">
            <label className="txn-check">
              <input
                type="checkbox"
                className="checkbox"
                checked={allTicked}
                data-testid="events-select-all"
                onChange={(e) => setSelected(e.target.checked ? new Set(items.map((i) => i.id)) : new Set())}
              />
              Select all on this page
            </label>
            <span className="failed-events-count" aria-live="polite" data-testid="events-selection-count">
              {selected.size ? `${selected.size} selected` : ''}
            </span>
            <button
              type="button"
              className="btn btn-primary btn-small"
              data-testid="events-retry-selected"
              disabled={!selected.size || busy}
              onClick={() => act.run('retrySelected')}
            >
              {act.pending === 'retrySelected' ? 'Retrying…' : 'Retry selected'}
            </button>
          </div>
          <ul className="failed-event-list">
            {items.map((e) => (
              <FailedEventItem
                key={e.id}
                event={e}
                selected={selected.has(e.id)}
                onSelect={(id, on) =>
                  setSelected((s) => {
                    const next = new Set(s);
                    if (on) next.add(id);
                    else next.delete(id);
                    return next;
                  })
                }
                onRetry={(id) => start('retry', id)}
                onIgnore={(id) => start('ignore', id)}
                busy={busy}
              />
            ))}
          </ul>
          {total > PAGE_SIZE ? (
            <div className="failed-events-pager">
              <button type="button" className="btn btn-secondary btn-small" disabled={page === 1} onClick={() => setPage(page - 1)}>
                Newer
              </button>
              <span>
                Page {page} of {Math.ceil(total / PAGE_SIZE)}
              </span>
              <button type="button" className="btn btn-secondary btn-small" disabled={page * PAGE_SIZE >= total} onClick={() => setPage(page + 1)}>
                Older
              </button>
            </div>
          ) : null}
        </div>
      )}
    </div>
  );
}
