import type { AuditEntry } from '../../../../shared/domain';
import { formatDateTime } from '../../format';
import { actorWords, historyLine } from './review-text';

/** Every step of the document's life, oldest first: when (local time), who, what, and what changed before → after. */
export function InvoiceHistory({ history, names }: { history: AuditEntry[]; names?: (code: string) => string }) {
  return (
    <section className="card" aria-labelledby="history-title" data-testid="history">
      <h2 className="card-title" id="history-title">
        History
      </h2>
      {history.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <ol className="history">
          {history.map((e) => {
            const line = historyLine(e, names);
            return (
              <li key={e.id} className="history-entry" data-testid="history-entry" data-action={e.action}>
                <div className="history-head">
                  <strong className="history-what">{line.what}</strong>
                  <span className="history-meta">
                    <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {actorWords(e.actor)}
                  </span>
                </div>
                {line.changes.length ? (
                  <dl className="history-changes">
                    {line.changes.map((c) => (
                      <div key={c.label} className="history-change">
                        <dt>{c.label}</dt>
                        <dd>
                          <span className="history-before">{c.before}</span>
                          <span aria-label="changed to"> → </span>
                          <span className="history-after">{c.after}</span>
                        </dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
                {line.note ? (
                  <p className="history-note" data-testid="history-note">
                    Note: <q>{line.note}</q>
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
