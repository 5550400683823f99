import type { InvoiceDetail } from '../../../../shared/domain';
import { formatDate, money } from '../../format';
import { StatusBadge } from '../StatusBadge';

/** A credit note's original invoice, or an invoice's credit notes and what is left after the refunds. */
export function RelatedDocuments({ invoice: inv }: { invoice: InvoiceDetail }) {
  const c = inv.currency;
  if (inv.kind === 'credit_note') {
    return (
      <section className="card" aria-labelledby="related-title" data-testid="related">
        <h2 className="card-title" id="related-title">
          Refunds invoice
        </h2>
        {inv.original ? (
          <div className="related-row">
            <a href={`#/invoices/${inv.original.id}`} className="invoice-number" data-testid="detail-original">
              {inv.original.number ?? `Invoice #${inv.original.id}`}
            </a>
            <span className="muted">{formatDate(inv.original.issueDate)}</span>
            <span className="num">{money(inv.original.payableMinor, c)}</span>
            <StatusBadge status={inv.original.status} />
          </div>
        ) : (
          <p className="muted" data-testid="original-missing">
            The invoice this credit note refunds has not arrived from Square yet.
          </p>
        )}
      </section>
    );
  }
  if (!inv.creditNotes.length) return null;
  return (
    <section className="card" aria-labelledby="related-title" data-testid="related">
      <h2 className="card-title" id="related-title">
        Refunds (credit notes)
      </h2>
      <ul className="related-list">
        {inv.creditNotes.map((cn) => (
          <li key={cn.id} className="related-row" data-testid="credit-note-link-row">
            <a href={`#/invoices/${cn.id}`} className="invoice-number" data-testid="detail-credit-note">
              {cn.number ?? `Credit note #${cn.id}`}
            </a>
            <span className="muted">{formatDate(cn.issueDate)}</span>
            <span className={`num${cn.status === 'void' ? ' struck' : ''}`}>−{money(cn.payableMinor, c)}</span>
            <StatusBadge status={cn.status} />
          </li>
        ))}
      </ul>
      <dl className="totals related-net">
        <div className="totals-row totals-payable">
          <dt>Net after refunds</dt>
          <dd data-testid="detail-net">{money(inv.netAfterCreditsMinor, c)}</dd>
        </div>
      </dl>
      {inv.creditNotes.some((cn) => cn.status === 'void') ? (
        <p className="card-note">Void credit notes are not counted.</p>
      ) : null}
    </section>
  );
}
