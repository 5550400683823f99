import { tenderWords, type TransactionView } from '../../../../shared/transactions';
import { formatDateTime, money } from '../../format';
import { documentLabel, KIND_WORDS, statusWords } from './words';

interface Props {
  txn: TransactionView;
  onClose: () => void;
  onOpenDocument: (id: number) => void;
  onRetry: (txn: TransactionView) => void;
  retrying: boolean;
}

/** "in 3 min", "any moment now": when the app tries again by itself. */
function untilWords(iso: string): string {
  const minutes = Math.round((Date.parse(iso) - Date.now()) / 60_000);
  if (!Number.isFinite(minutes) || minutes < 1) return 'any moment now';
  return minutes < 90 ? `in ${minutes} min` : `in ${Math.round(minutes / 60)} h`;
}

/** The chosen transaction in full under the list: its facts, its document, and its problem with Retry and Details. */
export function TransactionPanel({ txn: t, onClose, onOpenDocument, onRetry, retrying }: Props) {
  const what = KIND_WORDS[t.kind];
  const amount = t.amountMinor !== null && t.currency ? money(t.amountMinor, t.currency) : 'amount not known';
  return (
    <section className="txn-panel" aria-label={`${what} details`} data-testid="txn-panel">
      <div className="txn-panel-head">
        <strong className="txn-panel-title">
          {what} of {amount}
          {t.at ? ` · ${formatDateTime(t.at)}` : ''}
        </strong>
        <button type="button" className="btn btn-secondary btn-small" data-testid="txn-panel-close" onClick={onClose}>
          Close
        </button>
      </div>
      {t.problem ? (
        <div className={`txn-panel-problem banner ${t.problem.state === 'dead' ? 'banner-error' : 'banner-warning'}`} data-testid="txn-panel-problem">
          <div className="banner-body">
            <strong className="banner-title">{t.problem.state === 'dead' ? 'This did not become a document' : 'The app is still trying'}</strong>
            <span className="banner-message" data-testid="txn-panel-reason">
              {t.problem.reason}
              {t.problem.nextAttemptAt ? ` Next try ${untilWords(t.problem.nextAttemptAt)}.` : ''}
            </span>
            {t.problem.detail ? (
              <details className="tech-details">
                <summary>Details</summary>
                <pre data-testid="txn-panel-detail">
                  {`Tries: ${t.problem.attempts}\n${t.problem.detail}`}
                </pre>
              </details>
            ) : null}
          </div>
          <button type="button" className="btn btn-primary btn-small" data-testid="txn-panel-retry" disabled={retrying} onClick={() => onRetry(t)}>
            {retrying ? 'Retrying…' : 'Retry now'}
          </button>
        </div>
      ) : null}
      <dl className="txn-facts">
        <div>
          <dt>Paid by</dt>
          <dd>{tenderWords(t.tender)}</dd>
        </div>
        <div>
          <dt>Status in Square</dt>
          <dd>{statusWords(t)}</dd>
        </div>
        {t.tipMinor && t.currency ? (
          <div>
            <dt>Tip</dt>
            <dd>{money(t.tipMinor, t.currency)} (not part of the invoice)</dd>
          </div>
        ) : null}
        <div>
          <dt>Location</dt>
          <dd>{t.locationName ?? 'Not known'}</dd>
        </div>
        <div>
          <dt>Document</dt>
          <dd>
            {t.document ? (
              <button type="button" className="link-button" data-testid="txn-panel-document" onClick={() => onOpenDocument(t.document!.id)}>
                Open {t.document.kind === 'credit_note' ? 'credit note' : 'invoice'} {documentLabel(t.document)}
              </button>
            ) : t.problem ? (
              'None yet: the problem below stopped it.'
            ) : t.status === 'failed' ? (
              'None: Square did not take the money.'
            ) : (
              'None yet.'
            )}
          </dd>
        </div>
        <div>
          <dt>Square reference</dt>
          <dd>
            <code>{t.id}</code>
            {t.paymentId ? <> (refund of <code>{t.paymentId}</code>)</> : null}
          </dd>
        </div>
      </dl>
    </section>
  );
}
