import type { InvoiceStatus } from '../../../shared/domain';
import { STATUS_LABELS } from '../format';

export function StatusBadge({ status }: { status: InvoiceStatus }) {
  return (
    <span className={`badge badge-${status}`} data-testid="status-badge" data-status={status}>
      {STATUS_LABELS[status] ?? status}
    </span>
  );
}
