import type { InvoiceDetail } from '../../../../shared/domain';
import { money } from '../../format';
import { shownTotals } from '../invoices/totals-rows';

/** Taxes by category and rate, then the totals in the order the NRS reads them (zero optional rows left out). */
export function PrintTotals({ invoice }: { invoice: InvoiceDetail }) {
  const c = invoice.currency;
  return (
    <div className="print-sums">
      <section className="print-taxes" aria-label="Taxes">
        <h2 className="print-label">Taxes</h2>
        {invoice.taxes.length === 0 ? (
          <p className="print-note">No tax on this document.</p>
        ) : (
          <table className="print-table print-table-compact" data-testid="print-taxes">
            <thead>
              <tr>
                <th scope="col">Tax</th>
                <th scope="col" className="num">Rate</th>
                <th scope="col" className="num">Taxable</th>
                <th scope="col" className="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {invoice.taxes.map((t) => (
                <tr key={`${t.category}-${t.name}-${t.percent ?? ''}`}>
                  <td>
                    {t.name}
                    {t.taxType === 'INCLUSIVE' ? <span className="print-sub">included in prices</span> : null}
                  </td>
                  <td className="num">{t.percent ? `${t.percent}%` : '—'}</td>
                  <td className="num">{money(t.taxableMinor, c)}</td>
                  <td className="num">{money(t.taxMinor, c)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <dl className="print-totals" data-testid="print-totals">
        {shownTotals(invoice).map((r) => (
          <div key={r.label}>
            <dt>{r.label}</dt>
            <dd>{r.text}</dd>
          </div>
        ))}
        <div className="print-payable">
          <dt>{invoice.kind === 'credit_note' ? 'Refunded' : 'Amount payable'}</dt>
          <dd data-testid="print-payable">{money(invoice.payableMinor, c)}</dd>
        </div>
      </dl>
    </div>
  );
}
