import { INVOICE_STATUSES, type InvoiceStatus } from '../../../../shared/domain';
import { StatusBadge } from '../StatusBadge';

interface Props {
  counts: Record<InvoiceStatus, number>;
  onOpenStatus: (status: InvoiceStatus) => void;
}

/** Documents per status; each row opens the invoice list filtered to that status. */
export function StatusCounts({ counts, onOpenStatus }: Props) {
  return (
    <section className="card">
      <h2 className="card-title">By status</h2>
      <ul className="status-list">
        {INVOICE_STATUSES.map((status) => (
          <li key={status}>
            <button type="button" className="status-row" onClick={() => onOpenStatus(status)}>
              <StatusBadge status={status} />
              <span className="status-count" data-testid={`stat-status-${status}`}>
                {counts[status] ?? 0}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
