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
/** Besides the push events: the tunnel's retry countdown and "since" times move without any event. */
const POLL_MS = 5_000;

/** The Webhooks screen: how Square's events reach this computer, whether they are verified, and what arrived. */
export function Webhooks({ onOpenSquare }: { onOpenSquare: () => void }) {
  const status = useQuery(() => api['webhooks.status'](), 'webhooks.status', REFRESH_ON);
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
      {!s ? (
        status.loading ? <Loading label="Loading the webhook status…" /> : null
      ) : (
        <>
          <RefusalBanner reason={s.refusalReason} />
          <AddressCard status={s} onChanged={status.reload} />
          <SubscriptionCard status={s} onChanged={status.reload} onOpenPersonalToken={openPersonalToken} />
          <EventCounts status={s} />
        </>
      )}
    </div>
  );
}
