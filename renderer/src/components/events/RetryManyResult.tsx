import type { RetryOutcome } from '../../../../shared/transactions';

/** What a bulk retry did: how many went back to the queue, and each one that did not, with why. */
export function RetryManyResult({ results, onDismiss }: { results: RetryOutcome[]; onDismiss: () => void }) {
  const retried = results.filter((r) => r.outcome === 'retried').length;
  const left = results.filter((r): r is Extract<RetryOutcome, { reason: string }> => r.outcome !== 'retried');
  return (
    <div className={`banner ${left.length ? 'banner-warning' : 'banner-info'}`} role="status" data-testid="retry-many-result">
      <div className="banner-body">
        <strong className="banner-title">
          {retried} {retried === 1 ? 'event' : 'events'} sent back to the queue.
        </strong>
        <span className="banner-message">
          {left.length
            ? `${left.length} could not be retried:`
            : 'Each becomes an invoice as soon as Square answers; those that fail again come back to this list.'}
        </span>
        {left.length ? (
          <ul className="retry-many-left">
            {left.map((r) => (
              <li key={r.id}>
                Event {r.id}: {r.reason}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <button type="button" className="btn btn-secondary btn-small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
