import { useState, type ReactNode } from 'react';
import type { SquareStatus } from '../../../../shared/square';
import { api, isHttpTransport } from '../../api';
import { ErrorBanner } from '../ErrorBanner';
import { formatDateTime } from '../../format';
import { useAction } from '../../hooks/useAction';
import { AttemptProgress } from './AttemptProgress';
import { ConnectFailureBanner } from './ConnectFailureBanner';
import { ConnectionStatusBadge, EnvironmentBadge } from './SquareBadges';
import { connectFailureOf, formatDay, formatUntil, type ConnectFailure } from './square-text';

interface Props {
  status: SquareStatus;
  /** Re-read square.status (the push event does too; this makes the answer to our own click immediate). */
  onChanged: () => void;
  onDisconnected: (revokeHint: string) => void;
  onConnectStarted: () => void;
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** The Square account the app works for: connect (PKCE in the system browser), progress, outcome, disconnect. */
export function ConnectionCard({ status, onChanged, onDisconnected, onConnectStarted }: Props) {
  // A failed connect call is shown like a failed attempt, and stays until the next connect or a disconnect (not
  // only until the next click, as the other actions' errors do), so it is kept here rather than as the action's error.
  const [callFailure, setCallFailure] = useState<ConnectFailure>();
  const [startedUrl, setStartedUrl] = useState<string>();
  const [startedHere, setStartedHere] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const { attempt, connection } = status;
  const inProgress = attempt.phase === 'waiting_for_browser' || attempt.phase === 'exchanging';
  const failure: ConnectFailure | null = callFailure ?? (attempt.phase === 'failed' ? attempt.error : null);
  const needsReconnect = connection?.status === 'reconnect_needed';

  const { run, pending, error, button } = useAction(
    {
      connect: async () => {
        setCallFailure(undefined);
        setConfirming(false);
        onConnectStarted();
        try {
          const { authorizeUrl } = await api['square.connect']();
          setStartedUrl(authorizeUrl);
          setStartedHere(true);
          // In a browser tab nobody else opens the sign-in page. 'noopener': Square's page gets no handle on this tab.
          // Inside Electron main has already handed the URL to the system browser.
          if (isHttpTransport) window.open(authorizeUrl, '_blank', 'noopener');
        } catch (err) {
          setCallFailure(connectFailureOf(err));
        }
      },
      cancel: async () => {
        await api['square.cancelConnect']();
      },
      disconnect: async () => {
        const { revokeHint } = await api['square.disconnect']();
        setConfirming(false);
        setStartedHere(false);
        setCallFailure(undefined);
        onDisconnected(revokeHint);
      },
    },
    onChanged,
  );

  const connectButton = (label: string, testId: string) => (
    <button className="btn btn-primary" data-testid={testId} {...button('connect', !status.configured || inProgress)}>
      {pending === 'connect' ? 'Starting…' : label}
    </button>
  );

  return (
    <section className="card square-card" data-testid="square-connection">
      <div className="card-head">
        <h2 className="card-title">Square connection</h2>
        <ConnectionStatusBadge status={connection?.status ?? 'disconnected'} />
      </div>

      {needsReconnect ? (
        <div className="banner banner-warning reconnect-banner" role="alert" data-testid="square-reconnect-needed">
          <div className="banner-body">
            <strong className="banner-title">Square needs you to sign in again</strong>
            <span data-testid="square-status-reason">
              {connection.statusReason ?? 'Square no longer accepts the app’s sign-in.'}
            </span>
            <span className="banner-field">No sales are imported until you reconnect.</span>
          </div>
          {inProgress ? null : connectButton('Reconnect', 'square-reconnect')}
        </div>
      ) : null}

      <ErrorBanner error={error} title="That did not work" />

      {inProgress ? (
        <AttemptProgress
          attempt={attempt}
          fallbackUrl={startedUrl}
          inBrowser={isHttpTransport}
          cancelling={pending === 'cancel'}
          onCancel={() => run('cancel')}
        />
      ) : failure ? (
        <ConnectFailureBanner failure={failure} />
      ) : startedHere && attempt.phase === 'connected' && connection?.status === 'connected' ? (
        <div className="banner banner-success" role="status" data-testid="square-connected-notice">
          Connected to Square{connection.merchantName ? ` as ${connection.merchantName}` : ''}.
        </div>
      ) : null}

      {connection ? (
        <div className="merchant">
          <div className="merchant-head">
            <span className="merchant-name" data-testid="square-merchant-name">
              {connection.merchantName ?? connection.merchantId}
            </span>
            <EnvironmentBadge environment={connection.environment} />
          </div>
          <dl className="facts merchant-facts">
            <Fact label="Merchant ID">
              <code>{connection.merchantId}</code>
            </Fact>
            <Fact label="Connected since" testId="square-connected-at">
              {formatDateTime(connection.connectedAt)}
            </Fact>
            <Fact label="Access expires" testId="square-token-expiry">
              {connection.accessTokenExpiresAt ? (
                <time dateTime={connection.accessTokenExpiresAt} title={connection.accessTokenExpiresAt}>
                  {formatDay(connection.accessTokenExpiresAt)}{' '}
                  <span className="muted">({formatUntil(connection.accessTokenExpiresAt)}, renewed automatically)</span>
                </time>
              ) : (
                <span className="muted">not reported by Square</span>
              )}
            </Fact>
            <Fact label="Permissions" testId="square-scopes">
              {connection.scopes.length ? (
                <span className="scope-list">
                  {connection.scopes.map((s) => (
                    <span key={s} className="scope">
                      {s}
                    </span>
                  ))}
                </span>
              ) : (
                <span className="muted">none reported</span>
              )}
            </Fact>
          </dl>
        </div>
      ) : (
        <div className="not-connected" data-testid="square-not-connected">
          <p>
            Connect the Square account whose sales should become e-invoices. You sign in on Square’s own page in your
            browser; the app never sees your Square password, and its access is kept in this computer’s keychain.
          </p>
          <p className="muted">
            Environment <EnvironmentBadge environment={status.environment} />
            {status.applicationId ? (
              <>
                {' '}· application <code>{status.applicationId}</code>
              </>
            ) : null}
          </p>
        </div>
      )}

      {confirming && connection ? (
        <div className="confirm-box" role="alertdialog" aria-label="Disconnect from Square" data-testid="square-disconnect-confirm">
          <p>
            Disconnect from <strong>{connection.merchantName ?? connection.merchantId}</strong>? The app forgets its Square
            sign-in on this computer and stops importing sales. Invoices already made are kept.
          </p>
          <div className="confirm-actions">
            <button type="button" className="btn btn-secondary" disabled={pending !== null} onClick={() => setConfirming(false)}>
              Keep connected
            </button>
            <button className="btn btn-danger" data-testid="square-disconnect-confirm-yes" {...button('disconnect')}>
              {pending === 'disconnect' ? 'Disconnecting…' : 'Disconnect'}
            </button>
          </div>
        </div>
      ) : null}

      <div className="card-actions">
        {connection && !confirming ? (
          <button
            type="button"
            className="btn btn-secondary"
            data-testid="square-disconnect"
            disabled={pending !== null}
            onClick={() => setConfirming(true)}
          >
            Disconnect…
          </button>
        ) : null}
        {!connection && !inProgress ? connectButton(failure ? 'Try again' : 'Connect to Square', 'square-connect') : null}
      </div>
    </section>
  );
}
