import type { ApproveOutcome } from '../../../../shared/review';

export interface BulkOutcome {
  approved: number;
  results: ApproveOutcome[];
}

const SHOWN = 100;

/** What a bulk approval did: how many were approved, and each one that was not with why, in words. */
export function BulkResult({ outcome, onOpen, onDismiss }: { outcome: BulkOutcome; onOpen: (id: number) => void; onDismiss: () => void }) {
  const refused = outcome.results.filter((r) => !r.approved);
  const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
  return (
    <section
      className={`banner ${refused.length ? 'banner-warning' : 'banner-success'} bulk-result`}
      role="status"
      aria-label="Result of the approval"
      data-testid="bulk-result"
    >
      <div className="bulk-result-head">
        <strong className="banner-title" data-testid="bulk-approved">
          {plural(outcome.approved, 'document approved', 'documents approved')}.
        </strong>
        {refused.length ? <span data-testid="bulk-refused-count"> {plural(refused.length, 'was', 'were')} not approved:</span> : null}
        <button type="button" className="btn btn-secondary btn-small bulk-dismiss" data-testid="bulk-dismiss" onClick={onDismiss}>
          Close
        </button>
      </div>
      {refused.length ? (
        <ul className="bulk-refused">
          {refused.slice(0, SHOWN).map((r) => (
            <li key={r.id} data-testid="bulk-refused">
              <a
                href={`#/invoices/${r.id}`}
                className="invoice-number"
                onClick={(e) => {
                  e.preventDefault();
                  onOpen(r.id);
                }}
              >
                {r.number ?? `#${r.id}`}
              </a>
              : {r.reasons.join(' ')}
            </li>
          ))}
          {refused.length > SHOWN ? <li className="muted">…and {(refused.length - SHOWN).toLocaleString('en-GB')} more.</li> : null}
        </ul>
      ) : null}
    </section>
  );
}
