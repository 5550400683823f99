import type { EnvironmentSetting, Settings } from '../../../../shared/settings';
import type { WebhookStatus } from '../../../../shared/webhooks';
import { api } from '../../api';
import { useAction } from '../../hooks/useAction';
import { ErrorBanner, ErrorDetails } from '../ErrorBanner';
import { CopyableUrl } from './CopyableUrl';
import { Fact, When } from './Fact';
import { useNow } from './hooks';
import { ModeChooser } from './ModeChooser';
import { formatCountdown, TUNNEL_STATE_LABELS } from './webhook-text';

interface Props {
  status: WebhookStatus;
  settings: Settings;
  /** Set when an environment variable decides the mode. */
  modeFromEnv: EnvironmentSetting | undefined;
  onChanged: () => void;
}

/** How Square reaches this computer: the mode, the tunnel's health, and the exact URL Square must post to. */
export function AddressCard({ status, settings, modeFromEnv, onChanged }: Props) {
  const { pending, error, button } = useAction(
    {
      reconnect: async () => {
        await api['webhooks.tunnel.reconnect']();
      },
    },
    onChanged,
  );
  const { mode, tunnel, notificationUrl } = status;
  const tunnelState = tunnel?.state ?? 'off';
  const retryAt = tunnel?.state === 'down' ? tunnel.nextRetryAt : null;
  const now = useNow(retryAt !== null);

  return (
    <section className="card" data-testid="webhook-address">
      <div className="card-head">
        <h2 className="card-title">Public address</h2>
        <span className={`badge tunnel-${tunnelState}`} data-testid="webhook-tunnel-state" data-state={tunnelState}>
          {mode === 'localtunnel'
            ? `Relay ${TUNNEL_STATE_LABELS[tunnelState].toLowerCase()}`
            : mode === 'public_url' ? 'Own URL' : status.modeChosen ? 'Off' : 'Not chosen yet'}
        </span>
      </div>

      {status.modeChosen ? null : (
        <div className="banner banner-info webhook-off-banner" role="status" data-testid="webhook-not-chosen">
          <div className="banner-body">
            <strong className="banner-title">Sales arrive by catch-up only until you choose how to receive them instantly</strong>
            <span>
              Meanwhile the app checks Square for new sales every few minutes, so nothing is lost, only later. Choose
              below how Square’s events reach this computer: your own public address keeps your sales between you and
              Square; the public relay is quicker to set up, but a third party sees each sale passing through it.
            </span>
          </div>
        </div>
      )}
      <ModeChooser status={status} settings={settings} fromEnvironment={modeFromEnv} onChanged={onChanged} />
      {mode === 'off' && status.modeChosen ? (
        <div className="banner banner-info webhook-off-banner" role="status" data-testid="webhook-off">
          <div className="banner-body">
            <strong className="banner-title">Webhooks are off: sales arrive by catch-up sync only</strong>
            <span>
              Nothing is refused: Square is not asked to send anything. The app fetches new sales from Square every few
              minutes instead, so they appear a little later than with webhooks on.
            </span>
          </div>
        </div>
      ) : null}

      <ErrorBanner error={error} title="Could not reconnect the tunnel" />

      {mode === 'localtunnel' && tunnel ? (
        <dl className="facts webhook-facts" data-testid="webhook-tunnel">
          <Fact label="Tunnel URL" testId="webhook-tunnel-url">
            {tunnel.url ? <code>{tunnel.url}</code> : <span className="muted">none while the tunnel is {tunnelState}</span>}
          </Fact>
          <Fact label={tunnelState === 'up' ? 'Up since' : 'Since'} testId="webhook-tunnel-since">
            <When iso={tunnel.since} />
          </Fact>
          {tunnel.lastError ? (
            <Fact label="Last error" testId="webhook-tunnel-error">
              {/* The tunnel library's own reason (a socket error, a refused registration) only behind Details. */}
              <span className="text-danger">
                The tunnel could not be opened. The app keeps trying; check the internet connection, or press Reconnect
                now.
              </span>
              {tunnel.failures > 1 ? <span className="muted"> ({tunnel.failures} failed tries in a row)</span> : null}
              <ErrorDetails detail={tunnel.lastError} />
            </Fact>
          ) : null}
          {retryAt ? (
            <Fact label="Next try" testId="webhook-tunnel-retry">
              <time dateTime={retryAt} title={retryAt}>
                {formatCountdown(retryAt, now)}
              </time>
            </Fact>
          ) : null}
        </dl>
      ) : null}

      <div className="notification-url" data-testid="webhook-notification">
        <span className="field-label">Notification URL Square must use, exactly</span>
        {/* With no tunnel and no public URL a URL from an earlier run may still be stored; Square cannot use it. */}
        {notificationUrl && mode !== 'off' ? (
          <>
            <CopyableUrl key={notificationUrl} url={notificationUrl} testId="webhook-notification-url" />
            {mode === 'localtunnel' && tunnelState !== 'up' ? (
              <p className="field-help" data-testid="webhook-notification-unreachable">
                Square cannot reach this address while the tunnel is {tunnelState}; it keeps retrying each event for up to
                72 hours.
              </p>
            ) : null}
          </>
        ) : (
          <p className="muted" data-testid="webhook-notification-none">
            {mode === 'off'
              ? status.modeChosen ? 'None while webhooks are off.' : 'None until you choose how events arrive.'
              : 'Not known yet: it appears as soon as the tunnel is up.'}
          </p>
        )}
      </div>

      {mode === 'localtunnel' && tunnelState !== 'up' ? (
        <div className="card-actions">
          <button className="btn btn-secondary" data-testid="webhook-tunnel-reconnect" {...button('reconnect')}>
            {pending === 'reconnect' ? 'Reconnecting…' : 'Reconnect now'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
