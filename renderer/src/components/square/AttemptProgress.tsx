import type { ConnectAttempt } from '../../../../shared/square';
import { formatDateTime } from '../../format';

interface Props {
  attempt: ConnectAttempt;
  /** The URL square.connect returned, until square.status has caught up. */
  fallbackUrl: string | undefined;
  /** Inside Electron main opened the system browser itself; in a plain browser tab we opened (or offer) the link. */
  inBrowser: boolean;
  cancelling: boolean;
  onCancel: () => void;
}

/** Sign-in is under way in the owner's browser: say where to look, offer the link, allow cancelling. */
export function AttemptProgress({ attempt, fallbackUrl, inBrowser, cancelling, onCancel }: Props) {
  const url = attempt.authorizeUrl ?? fallbackUrl;
  const exchanging = attempt.phase === 'exchanging';
  return (
    <div className="connect-progress" role="status" aria-live="polite" data-testid="square-connect-progress" data-phase={attempt.phase}>
      <span className="spinner" aria-hidden="true" />
      <div className="connect-progress-body">
        <strong>{exchanging ? 'Signed in — finishing the connection with Square…' : inBrowser ? 'Waiting for you to sign in to Square…' : 'Continue in your browser…'}</strong>
        {exchanging ? (
          <span>Fetching the shop’s name and locations. This takes a few seconds.</span>
        ) : inBrowser ? (
          <span>
            Square’s sign-in page opened in a new tab. If it did not (pop-ups may be blocked),{' '}
            {url ? (
              <a href={url} target="_blank" rel="noopener noreferrer" data-testid="square-authorize-link">
                Open Square sign-in ↗
              </a>
            ) : (
              'press Cancel and Connect again'
            )}
            . Choose <em>Allow</em> there, then come back to this tab.
          </span>
        ) : (
          <span>
            Sign in to Square in the browser window that just opened and choose <em>Allow</em>, then return here.
            {url ? (
              <>
                {' '}No browser window?{' '}
                {/* The shell hands target=_blank https links to the system browser, never to an app window. */}
                <a href={url} target="_blank" rel="noopener noreferrer" data-testid="square-authorize-link">
                  Open Square sign-in ↗
                </a>
              </>
            ) : null}
          </span>
        )}
        {attempt.startedAt ? <span className="muted">Started {formatDateTime(attempt.startedAt)}</span> : null}
      </div>
      {/* Once Square has answered, the tokens are being stored: there is nothing left to cancel. */}
      {exchanging ? null : (
        <button
          type="button"
          className="btn btn-secondary btn-small"
          data-testid="square-connect-cancel"
          disabled={cancelling}
          onClick={onCancel}
        >
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
    </div>
  );
}
