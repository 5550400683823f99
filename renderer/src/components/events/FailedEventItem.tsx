import type { FailedEventView } from '../../../../shared/transactions';
import { eventDetails, eventFacts, eventTitle } from './event-words';

interface Props {
  event: FailedEventView;
  selected: boolean;
  onSelect: (id: number, selected: boolean) => void;
  onRetry: (id: number) => void;
  onIgnore: (id: number) => void;
  /** An action is running (every button waits for it). */
  busy: boolean;
}

/** One dead letter: what it was, why it failed in words, the technical text behind Details, Retry and Ignore. */
export function FailedEventItem({ event: e, selected, onSelect, onRetry, onIgnore, busy }: Props) {
  const title = eventTitle(e.summary);
  return (
    <li className={`failed-event${selected ? ' is-selected' : ''}`} data-testid="failed-event" data-event-id={e.id}>
      <input
        type="checkbox"
        className="checkbox"
        checked={selected}
        aria-label={`Select ${title}`}
        data-testid="failed-event-select"
        onChange={(ev) => onSelect(e.id, ev.target.checked)}
      />
      <div className="failed-event-body">
        <div className="failed-event-title" data-testid="failed-event-title">{title}</div>
        <div className="failed-event-facts">{eventFacts(e).join(' · ')}</div>
        <p className="failed-event-reason" data-testid="failed-event-reason">{e.reason}</p>
        <details className="tech-details">
          <summary data-testid="failed-event-details">Details</summary>
          <pre data-testid="failed-event-detail-text">{eventDetails(e)}</pre>
        </details>
      </div>
      <div className="failed-event-actions">
        <button type="button" className="btn btn-primary btn-small" data-testid="failed-event-retry" disabled={busy} onClick={() => onRetry(e.id)}>
          Retry
        </button>
        <button type="button" className="btn btn-secondary btn-small" data-testid="failed-event-ignore" disabled={busy} onClick={() => onIgnore(e.id)}>
          Ignore
        </button>
      </div>
    </li>
  );
}
