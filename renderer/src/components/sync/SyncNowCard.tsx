import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../../shared/sync';
import { formatDateTime, formatRelative } from '../../format';
import { lastRunText } from './sync-text';

interface Props {
  status: SyncStatus;
  busy: boolean;
  onSyncNow: () => void;
}

/** Sync now, what the last pass found, and when each selected location was last synced. */
/** Re-renders every `ms` so "2 min ago" stays true between pushes (a clock, not a request). */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export function SyncNowCard({ status, busy, onSyncNow }: Props) {
  const running = status.running || busy;
  const now = useNow(30_000);
  return (
    <section className="card sync-card" data-testid="sync-now-card" aria-labelledby="sync-now-title">
      <div className="sync-card-head">
        <div>
          <h2 className="card-title" id="sync-now-title">
            Catch up with Square
          </h2>
          <p className="sync-lead" data-testid="sync-last-run" data-running={running}>
            {lastRunText(status)}
          </p>
          {status.lastRunAt ? (
            <p className="muted sync-small">
              Last completed check {formatRelative(status.lastRunAt, now)} ({formatDateTime(status.lastRunAt)})
              {status.nextRunAt ? <>; the next on its own at {formatDateTime(status.nextRunAt)}</> : null}.
            </p>
          ) : null}
        </div>
        <button type="button" className="btn btn-primary" data-testid="sync-now" disabled={running} onClick={onSyncNow}>
          {running ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
      {status.lastError && status.blocked && !running ? (
        <div className="banner banner-warning" role="status" data-testid="sync-blocked">
          <strong className="banner-title">Sync cannot run yet</strong>
          <span className="banner-message">{status.lastError}</span>
        </div>
      ) : null}
      {status.lastError && !status.blocked && !running ? (
        <div className="banner banner-warning" role="status" data-testid="sync-last-error">
          <strong className="banner-title">The last check did not finish</strong>
          <span className="banner-message">Check the connection on the Square screen, then press Sync now. Sales are not lost: the next check reads them.</span>
          <details className="sync-details">
            <summary>Details</summary>
            <code>{status.lastError}</code>
          </details>
        </div>
      ) : null}
      {/* A blocked check already says what to do; the empty table would only say it again. */}
      {status.blocked && !status.locations.length ? null : <LocationsTable status={status} now={now} />}
    </section>
  );
}

function LocationsTable({ status, now }: { status: SyncStatus; now: number }) {
  if (!status.locations.length) {
    return (
      <p className="muted sync-small" data-testid="sync-no-locations">
        No Square location is selected for invoicing. Choose one on the Square screen, and it will be synced here.
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table sync-locations" data-testid="sync-locations">
        <thead>
          <tr>
            <th scope="col">Location</th>
            <th scope="col">Last synced</th>
            <th scope="col">Newest sale read</th>
          </tr>
        </thead>
        <tbody>
          {status.locations.map((l) => (
            <tr key={l.id} data-testid="sync-location" data-location-id={l.id}>
              <td className="strong">{l.name}</td>
              <td data-testid="sync-location-last" data-synced-at={l.lastSyncedAt ?? ''}>
                {l.lastError ? (
                  <span className="sync-problem">Could not sync on the last try</span>
                ) : l.lastSyncedAt ? (
                  <span title={formatDateTime(l.lastSyncedAt)}>{formatRelative(l.lastSyncedAt, now)}</span>
                ) : (
                  <span className="muted">Not yet</span>
                )}
              </td>
              <td className="muted">{l.salesReadUntil ? formatDateTime(l.salesReadUntil) : 'None yet'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
