import { ErrorDetails } from '../ErrorBanner';
import { CONNECT_ERROR_TITLES, type ConnectFailure } from './square-text';

/** Why the last sign-in did not connect, in main's words under a headline per error code. */
export function ConnectFailureBanner({ failure }: { failure: ConnectFailure }) {
  // Cancelling is the owner's own choice: say it, without alarm.
  const tone = failure.code === 'cancelled' ? 'banner-info' : 'banner-error';
  return (
    <div
      className={`banner ${tone}`}
      role={failure.code === 'cancelled' ? 'status' : 'alert'}
      data-testid="square-connect-error"
      data-code={failure.code}
    >
      <div className="banner-body">
        <strong className="banner-title">{CONNECT_ERROR_TITLES[failure.code]}</strong>
        <span className="banner-message" data-testid="square-connect-error-message">
          {failure.message}
        </span>
        {failure.code === 'not_configured' ? (
          <span className="banner-field">
            Set it in <a href="#/settings">Settings → Square</a>.
          </span>
        ) : null}
        {failure.detail ? <ErrorDetails detail={failure.detail} /> : null}
      </div>
    </div>
  );
}
