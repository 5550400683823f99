import type { CurrencyTotal } from '../../../../shared/domain';
import { money } from '../../format';

/** All-time net sales per currency (credit notes subtract, void documents excluded), from integer minor units. */
export function CurrencyTotals({ totals, invoiceCount, creditNoteCount }: { totals: CurrencyTotal[]; invoiceCount: number; creditNoteCount: number }) {
  return (
    <section className="card">
      <h2 className="card-title">All-time totals by currency</h2>
      <p className="card-note">
        <span data-testid="stat-invoices">{invoiceCount}</span> invoices, <span data-testid="stat-credit-notes">{creditNoteCount}</span>{' '}
        credit notes.
      </p>
      {totals.length === 0 ? (
        <p className="muted">No sales yet.</p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col" className="num">
                Documents
              </th>
              <th scope="col" className="num">
                Tax
              </th>
              <th scope="col" className="num">
                Payable
              </th>
            </tr>
          </thead>
          <tbody>
            {totals.map((t) => (
              <tr key={t.currency}>
                <td>
                  <span className="currency-code">{t.currency}</span>
                </td>
                <td className="num" data-testid={`stat-count-${t.currency}`}>
                  {t.count}
                </td>
                <td className="num" data-testid={`stat-tax-${t.currency}`}>
                  {money(t.taxMinor, t.currency)}
                </td>
                <td className="num strong" data-testid={`stat-total-${t.currency}`}>
                  {money(t.payableMinor, t.currency)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="card-note">Credit notes are subtracted; void documents are not counted.</p>
    </section>
  );
}
