import { errorField, errorMessage } from '../format';

interface Props {
  error: unknown;
  /** What failed, e.g. "Could not load invoices". */
  title?: string;
  onRetry?: () => void;
}

/** A failed API call, said plainly, with the field it concerns and a way to try again. */
export function ErrorBanner({ error, title = 'Something went wrong', onRetry }: Props) {
  if (error === undefined || error === null) return null;
  const field = errorField(error);
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <div className="banner-body">
        <strong className="banner-title">{title}</strong>
        <span className="banner-message">{errorMessage(error)}</span>
        {field ? <span className="banner-field">Field: <code>{field}</code></span> : null}
      </div>
      {onRetry ? (
        <button type="button" className="btn btn-secondary btn-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
