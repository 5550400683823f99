import type { InvoiceTax } from '../../../../shared/domain';
import { money, taxCategoryLabel } from '../../format';

export function InvoiceTaxes({ taxes, currency }: { taxes: InvoiceTax[]; currency: string }) {
  return (
    <section className="card card-flush">
      <h2 className="card-title card-title-padded">Taxes</h2>
      {taxes.length === 0 ? (
        <p className="muted card-pad">No tax on this document.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="detail-taxes">
            <thead>
              <tr>
                <th scope="col">Tax</th>
                <th scope="col">Category</th>
                <th scope="col" className="num">
                  Rate
                </th>
                <th scope="col">Type</th>
                <th scope="col" className="num">
                  Taxable
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {taxes.map((t, i) => (
                <tr key={i} data-testid="detail-tax">
                  <td className="strong">{t.name}</td>
                  <td>{taxCategoryLabel(t.category)}</td>
                  <td className="num">{t.percent ? `${t.percent}%` : '—'}</td>
                  <td>{t.taxType === 'INCLUSIVE' ? 'Included in price' : 'Added to price'}</td>
                  <td className="num">{money(t.taxableMinor, currency)}</td>
                  <td className="num strong">{money(t.taxMinor, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
