import type { InvoiceDetail } from '../../../../shared/domain';
import { NOT_APPROVED_YET } from '../../../../shared/export';
import { api } from '../../api';
import { useQuery } from '../../hooks/useQuery';

/**
 * What would stop this document from going to TaxPoynt, shown on the invoice before the owner tries to export
 * (export.check runs the same rules as the export itself). Not shown for void or already exported documents.
 */
export function ExportReadiness({ invoice }: { invoice: InvoiceDetail }) {
  const relevant = invoice.status !== 'void' && invoice.status !== 'exported';
  // Every change to the document (buyer, classification, approval) adds a history entry: check again after each.
  const check = useQuery(
    () => (relevant ? api['export.check']({ ids: [invoice.id] }) : Promise.resolve([])),
    `export.check:${invoice.id}:${invoice.history.length}:${invoice.updatedAt}`,
  );
  if (!relevant || !check.data) return null;
  // The business profile's problems come once as id 0; this document's own after them.
  const problems = check.data
    .filter((p) => p.id === 0 || p.id === invoice.id)
    .flatMap((p) => p.problems)
    .filter((p) => !p.endsWith(NOT_APPROVED_YET));
  return (
    <section className="card" aria-labelledby="export-readiness-title" data-testid="export-readiness">
      <h2 className="card-title" id="export-readiness-title">
        For TaxPoynt
      </h2>
      {problems.length === 0 ? (
        <p className="muted" data-testid="export-ready">
          {invoice.status === 'approved'
            ? 'Ready to export: nothing stops this document from going to TaxPoynt.'
            : 'Nothing else stops this document from going to TaxPoynt once it is approved.'}
        </p>
      ) : (
        <>
          <p className="muted">Fix these before exporting:</p>
          <ul className="export-readiness-list" data-testid="export-readiness-problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
