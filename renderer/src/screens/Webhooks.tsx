import { useCallback } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { AddressCard } from '../components/webhooks/AddressCard';
import { EventCounts } from '../components/webhooks/EventCounts';
import { focusWhenShown } from '../components/webhooks/focus-when-shown';
import { usePollWhileVisible } from '../components/webhooks/hooks';
import { RefusalBanner } from '../components/webhooks/RefusalBanner';
import { SubscriptionCard } from '../components/webhooks/SubscriptionCard';
import { useQuery } from '../hooks/useQuery';

const REFRESH_ON = ['webhooks.changed'] as const;
const SETTINGS_ON = ['settings.changed'] as const;
/** Besides the push events: the tunnel's retry countdown and "since" times move without any event. */
const POLL_MS = 5_000;

/** The Webhooks screen: how Square's events reach this computer, whether they are verified, and what arrived. */
export function Webhooks({ onOpenSquare }: { onOpenSquare: () => void }) {
  const status = useQuery(() => api['webhooks.status'](), 'webhooks.status', REFRESH_ON);
  // The mode is a setting (chosen here); an environment variable may decide it instead.
  const settings = useQuery(() => api['settings.get'](), 'settings.get', SETTINGS_ON);
  const info = useQuery(() => api['app.info'](), 'app.info');
  const modeFromEnv = info.data?.settingsFromEnvironment.find((e) => e.key === 'webhookMode');
  const reloadAll = useCallback(() => {
    status.reload();
    settings.reload();
  }, [status.reload, settings.reload]);
  usePollWhileVisible(status.reload, POLL_MS);
  const openPersonalToken = useCallback(() => {
    onOpenSquare();
    focusWhenShown('square-personal-token');
  }, [onOpenSquare]);
  const s = status.data;

  return (
    <div className="screen webhooks-screen" data-testid="screen-webhooks">
      <PageHeader title="Webhooks" subtitle="How Square tells this computer about each sale the moment it happens." />
      <ErrorBanner error={status.error} title="Could not read the webhook status" onRetry={status.reload} />
      <ErrorBanner error={settings.error} title="Could not read the settings" onRetry={settings.reload} />
      {!s || !settings.data ? (
        status.loading ? <Loading label="Loading the webhook status…" /> : null
      ) : (
        <>
          <RefusalBanner reason={s.refusalReason} />
          <AddressCard status={s} settings={settings.data} modeFromEnv={modeFromEnv} onChanged={reloadAll} />
          <SubscriptionCard status={s} onChanged={status.reload} onOpenPersonalToken={openPersonalToken} />
          <EventCounts status={s} />
        </>
      )}
    </div>
  );
}
