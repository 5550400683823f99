import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { BackfillForm } from '../components/sync/BackfillForm';
import { BackfillProgressCard } from '../components/sync/BackfillProgressCard';
import { SyncNowCard } from '../components/sync/SyncNowCard';
import { useAction } from '../hooks/useAction';
import { useQuery } from '../hooks/useQuery';

/** Catch-up runs and backfill progress arrive as 'sync.changed'; a location chosen on the Square screen as 'square.changed'. */
const REFRESH_ON = ['sync.changed', 'square.changed'] as const;

/** The Sync screen: catch up with Square now, see when each location was last synced, and read past days again. */
export function Sync() {
  const status = useQuery(() => api['sync.status'](), 'sync.status', REFRESH_ON);
  const actions = useAction(
    {
      syncNow: async () => {
        await api['sync.run']();
      },
      cancel: async () => {
        await api['sync.cancel']();
      },
    },
    status.reload,
  );
  const s = status.data;
  const backfillRunning = s?.backfill?.state === 'running';

  return (
    <div className="screen sync-screen" data-testid="screen-sync">
      <PageHeader
        title="Sync"
        subtitle="Webhooks bring each sale the moment it happens. Sync fetches anything they missed, and can read past days again."
      />
      <ErrorBanner error={status.error} title="Could not read the sync status" onRetry={status.reload} />
      <ErrorBanner
        error={actions.error}
        title={actions.failed === 'cancel' ? 'Could not stop the backfill' : 'Could not sync with Square'}
      />
      {!s ? (
        status.loading ? <Loading label="Loading the sync status…" /> : null
      ) : (
        <>
          <SyncNowCard status={s} busy={actions.pending === 'syncNow'} onSyncNow={() => actions.run('syncNow')} />
          <section className="card sync-card" data-testid="backfill-card" aria-labelledby="backfill-title">
            <h2 className="card-title" id="backfill-title">
              Read past days
            </h2>
            <p className="sync-small muted">
              Fetches every sale and refund made on these days at the selected locations and invoices the ones not here
              yet. Sales already here are not made twice.
            </p>
            <BackfillForm
              running={backfillRunning}
              onStart={async (range) => {
                await api['sync.backfill'](range);
                status.reload();
              }}
            />
            {s.backfill ? (
              <BackfillProgressCard progress={s.backfill} cancelling={actions.pending === 'cancel'} onCancel={() => actions.run('cancel')} />
            ) : null}
          </section>
        </>
      )}
    </div>
  );
}
