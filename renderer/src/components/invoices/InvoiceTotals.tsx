import type { InvoiceDetail } from '../../../../shared/domain';
import { money } from '../../format';
import { shownTotals } from './totals-rows';

/** The monetary totals in the order FIRS reads them; rows that are zero and optional are left out. */
export function InvoiceTotals({ invoice }: { invoice: InvoiceDetail }) {
  const c = invoice.currency;
  return (
    <section className="card" data-testid="detail-totals">
      <h2 className="card-title">Totals</h2>
      <dl className="totals">
        {shownTotals(invoice).map((r) => (
          <div key={r.label} className="totals-row">
            <dt>{r.label}</dt>
            <dd>{r.text}</dd>
          </div>
        ))}
        <div className="totals-row totals-payable">
          <dt>{invoice.kind === 'credit_note' ? 'Refunded' : 'Payable'}</dt>
          <dd data-testid="detail-payable">{money(invoice.payableMinor, c)}</dd>
        </div>
      </dl>
    </section>
  );
}
