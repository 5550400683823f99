import type { WebhookStatus } from '../../../../shared/webhooks';
import { api } from '../../api';
import { useAction } from '../../hooks/useAction';
import { ErrorBanner, ErrorDetails } from '../ErrorBanner';
import { CopyableUrl } from './CopyableUrl';
import { Fact, When } from './Fact';
import { SignatureKeyForm } from './SignatureKeyForm';
import { useNow } from './hooks';
import { formatCountdown, SUBSCRIPTION_MODE_LABELS, SUBSCRIPTION_STATE_LABELS } from './webhook-text';

interface Props {
  status: WebhookStatus;
  onChanged: () => void;
  /** Opens the Square screen at its personal access token form. */
  onOpenPersonalToken: () => void;
}

/** Square's webhook subscription: kept by the app (personal access token) or by the owner (manual key). */
export function SubscriptionCard({ status, onChanged, onOpenPersonalToken }: Props) {
  const { pending, error, button } = useAction(
    {
      sync: async () => {
        await api['webhooks.subscription.sync']();
      },
    },
    onChanged,
  );
  const sub = status.subscription;
  const manual = sub.mode === 'manual';
  const off = status.mode === 'off';
  // After a failure Square may get over, the app tries again by itself: when, counted down.
  const retryAt = !off && sub.state === 'error' ? (sub.nextRetryAt ?? null) : null;
  const now = useNow(retryAt !== null);

  return (
    <section className="card" data-testid="webhook-subscription">
      <div className="card-head">
        <h2 className="card-title">Square subscription</h2>
        <div className="badge-row">
          <span className="badge sub-mode" data-testid="webhook-subscription-mode" data-mode={sub.mode}>
            {SUBSCRIPTION_MODE_LABELS[sub.mode]}
          </span>
          {off ? (
            <span className="badge sub-unknown" data-testid="webhook-subscription-state" data-state="not_needed">
              Not needed
            </span>
          ) : (
            <span className={`badge sub-${sub.state}`} data-testid="webhook-subscription-state" data-state={sub.state}>
              {SUBSCRIPTION_STATE_LABELS[sub.state]}
            </span>
          )}
        </div>
      </div>

      {off ? (
        <p className="sub-message" data-testid="webhook-subscription-off">
          {status.modeChosen
            ? 'Not needed while webhooks are off: Square sends nothing, so there is nothing to keep up to date.'
            : 'Not needed until you choose how events arrive: Square sends nothing meanwhile, so there is nothing to keep up to date.'}
          {manual ? null : ' Your personal access token is saved; the app uses it as soon as webhooks are on.'}
        </p>
      ) : sub.message ? (
        <div className={`sub-message sub-message-${sub.state}`} data-testid="webhook-subscription-message">
          {sub.message}
          {sub.detail ? <ErrorDetails detail={sub.detail} /> : null}
        </div>
      ) : null}
      <ErrorBanner error={error} title="Could not update the subscription" />

      <dl className="facts webhook-facts">
        <Fact label="Kept by">
          {manual ? 'You, in the Square Developer Dashboard' : 'This app, with your personal access token'}
        </Fact>
        <Fact label="Subscription" testId="webhook-subscription-id">
          {sub.subscriptionId ? <code>{sub.subscriptionId}</code> : <span className="muted">none known</span>}
        </Fact>
        <Fact label="Signature key" testId="webhook-signature-key">
          <span data-present={status.signatureKeyPresent}>
            {status.signatureKeyPresent ? (
              'Saved in the keychain'
            ) : off ? (
              <span className="muted">Not needed while webhooks are off</span>
            ) : (
              <span className="text-danger">Missing</span>
            )}
          </span>
        </Fact>
        {sub.updatedAt ? (
          <Fact label="Last checked" testId="webhook-subscription-updated">
            <When iso={sub.updatedAt} />
          </Fact>
        ) : null}
        {retryAt ? (
          <Fact label="Next try" testId="webhook-subscription-retry">
            <time dateTime={retryAt} title={retryAt}>
              {formatCountdown(retryAt, now)}
            </time>
          </Fact>
        ) : null}
      </dl>

      {off ? null : manual ? (
        <div className="manual-steps" data-testid="webhook-manual">
          <ol>
            <li>
              In the Square Developer Dashboard, open your application → Webhooks → Subscriptions and set the notification
              URL to:
              {status.notificationUrl ? (
                <CopyableUrl key={status.notificationUrl} url={status.notificationUrl} testId="webhook-manual-url" />
              ) : (
                <span className="muted"> (not known yet; it appears once the public address is ready)</span>
              )}
            </li>
            <li>Copy that subscription’s signature key and paste it below.</li>
          </ol>
          <SignatureKeyForm present={status.signatureKeyPresent} onChanged={onChanged} />
          <p className="card-note">
            Or let the app keep the subscription itself:{' '}
            <a
              href="#/square"
              data-testid="webhook-open-personal-token"
              onClick={(e) => {
                e.preventDefault();
                onOpenPersonalToken();
              }}
            >
              add your application’s personal access token on the Square screen
            </a>
            .
          </p>
        </div>
      ) : (
        <p className="card-note">
          The app creates the subscription and moves it whenever the public address changes, and keeps its signature key
          in the keychain. The token is managed on the{' '}
          <a
            href="#/square"
            data-testid="webhook-open-personal-token"
            onClick={(e) => {
              e.preventDefault();
              onOpenPersonalToken();
            }}
          >
            Square screen
          </a>
          .
        </p>
      )}

      {/* Without the personal access token there is nothing the app can change at Square; the steps above say what to do. */}
      {manual || off ? null : (
        <div className="card-actions">
          <button className="btn btn-secondary" data-testid="webhook-subscription-sync" {...button('sync')}>
            {pending === 'sync' ? 'Updating…' : 'Update subscription now'}
          </button>
        </div>
      )}
    </section>
  );
}
