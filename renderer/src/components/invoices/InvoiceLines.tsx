import type { InvoiceLine } from '../../../../shared/domain';
import { money } from '../../format';

export function InvoiceLines({ lines, currency }: { lines: InvoiceLine[]; currency: string }) {
  // A column of dashes takes room the Total column needs on a small window; show Discount only when there is one.
  const discounted = lines.some((l) => l.discountMinor !== 0);
  return (
    <section className="card card-flush">
      <h2 className="card-title card-title-padded">Lines</h2>
      {lines.length === 0 ? (
        <p className="muted card-pad">This document has no lines.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="detail-lines">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Item</th>
                <th scope="col" className="num">
                  Qty
                </th>
                <th scope="col" className="num">
                  Unit price
                </th>
                {discounted ? (
                  <th scope="col" className="num">
                    Discount
                  </th>
                ) : null}
                <th scope="col" className="num">
                  Tax
                </th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.lineNo} data-testid="detail-line">
                  <td className="muted">{l.lineNo}</td>
                  <td>
                    <div className="strong">{l.name}</div>
                    {l.description || l.sku ? (
                      <div className="row-note">{[l.description, l.sku ? `SKU ${l.sku}` : null].filter(Boolean).join(' · ')}</div>
                    ) : null}
                  </td>
                  <td className="num">{l.quantity}</td>
                  <td className="num">{money(l.unitPriceMinor, currency)}</td>
                  {discounted ? <td className="num">{l.discountMinor ? `−${money(l.discountMinor, currency)}` : '—'}</td> : null}
                  <td className="num">
                    {money(l.taxMinor, currency)}
                    {l.taxPercent ? <div className="row-note">{l.taxPercent}%</div> : null}
                  </td>
                  <td className="num strong">{money(l.totalMinor, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
