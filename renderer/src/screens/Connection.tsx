import { useState } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { ConnectionCard } from '../components/square/ConnectionCard';
import { LocationsCard } from '../components/square/LocationsCard';
import { NotConfigured } from '../components/square/NotConfigured';
import { PersonalTokenCard } from '../components/square/PersonalTokenCard';
import { useQuery } from '../hooks/useQuery';

// Sign-in progress, the outcome, a token refresh or a revocation all arrive as 'square.changed'; settings matter
// too, because the application ID and environment live there.
const REFRESH_ON = ['square.changed', 'settings.changed'] as const;

/** The Square screen: which Square account and locations the app works for. Only the contract, never a token. */
export function Connection() {
  const status = useQuery(() => api['square.status'](), 'square.status', REFRESH_ON);
  const [revokeHint, setRevokeHint] = useState<string>();
  const s = status.data;

  return (
    <div className="screen square-screen" data-testid="screen-square">
      <PageHeader title="Square" subtitle="The Square account and locations whose sales become e-invoices." />
      <ErrorBanner error={status.error} title="Could not read the Square connection" onRetry={status.reload} />
      {!s ? (
        status.loading ? <Loading label="Loading the Square connection…" /> : null
      ) : (
        <>
          {revokeHint && !s.connection ? (
            <div className="banner banner-info" role="status" data-testid="square-revoke-hint">
              <div className="banner-body">
                <strong className="banner-title">Disconnected from Square on this computer</strong>
                <span>{revokeHint}</span>
              </div>
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setRevokeHint(undefined)}>
                Dismiss
              </button>
            </div>
          ) : null}
          {s.configured ? null : <NotConfigured />}
          <ConnectionCard
            status={s}
            onChanged={status.reload}
            onDisconnected={setRevokeHint}
            onConnectStarted={() => setRevokeHint(undefined)}
          />
          {s.connection ? (
            // A new sign-in starts the card afresh: no stale error or unsaved ticks from before it.
            <LocationsCard
              key={`${s.connection.merchantId}@${s.connection.connectedAt}`}
              locations={s.locations}
              onChanged={status.reload}
            />
          ) : null}
          <PersonalTokenCard present={s.personalToken.present} onChanged={status.reload} />
        </>
      )}
    </div>
  );
}
