import type { InvoiceLine } from '../../../../shared/domain';
import { money } from '../../format';

/** The sold items; the discount column only when a line has one, as on screen. */
export function PrintLines({ lines, currency }: { lines: InvoiceLine[]; currency: string }) {
  const discounted = lines.some((l) => l.discountMinor !== 0);
  if (lines.length === 0) return <p className="print-note">This document has no lines.</p>;
  return (
    <table className="print-table" data-testid="print-lines">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Item</th>
          <th scope="col" className="num">Qty</th>
          <th scope="col" className="num">Unit price</th>
          {discounted ? <th scope="col" className="num">Discount</th> : null}
          <th scope="col" className="num">Tax</th>
          <th scope="col" className="num">Total</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.lineNo} data-testid="print-line">
            <td>{l.lineNo}</td>
            <td>
              <span className="print-strong">{l.name}</span>
              {l.description || l.sku ? (
                <span className="print-sub">{[l.description, l.sku ? `SKU ${l.sku}` : null].filter(Boolean).join(' · ')}</span>
              ) : null}
            </td>
            <td className="num">{l.quantity}</td>
            <td className="num">{money(l.unitPriceMinor, currency)}</td>
            {discounted ? <td className="num">{l.discountMinor ? `−${money(l.discountMinor, currency)}` : '—'}</td> : null}
            <td className="num">
              {money(l.taxMinor, currency)}
              {l.taxPercent ? <span className="print-sub">{l.taxPercent}%</span> : null}
            </td>
            <td className="num print-strong">{money(l.totalMinor, currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
