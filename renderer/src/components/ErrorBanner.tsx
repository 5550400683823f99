import { errorDetail } from '../error-parts';
import { errorMessage } from '../format';

interface Props {
  error: unknown;
  /** What failed, e.g. "Could not load invoices". */
  title?: string;
  onRetry?: () => void;
}

/**
 * A failed API call, said plainly: the owner's sentence with the next step, a way to try again, and the technical
 * detail (channel, input path, Square's code) only behind a closed "Details" disclosure, for whoever helps them.
 */
export function ErrorBanner({ error, title = 'Something went wrong', onRetry }: Props) {
  if (error === undefined || error === null) return null;
  const detail = errorDetail(error);
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <div className="banner-body">
        <strong className="banner-title">{title}</strong>
        <span className="banner-message" data-testid="error-message">{errorMessage(error)}</span>
        {detail ? <ErrorDetails detail={detail} /> : null}
      </div>
      {onRetry ? (
        <button type="button" className="btn btn-secondary btn-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** The closed disclosure with the technical detail; also used where a screen shows a status's failure. */
export function ErrorDetails({ detail }: { detail: string }) {
  return (
    <details className="error-details" data-testid="error-details">
      <summary>Details</summary>
      <code className="error-detail" data-testid="error-detail">{detail}</code>
    </details>
  );
}
