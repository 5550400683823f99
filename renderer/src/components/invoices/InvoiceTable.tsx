import type { InvoiceSummary } from '../../../../shared/domain';
import { formatDate, KIND_LABELS, money } from '../../format';
import { StatusBadge } from '../StatusBadge';

interface Props {
  items: InvoiceSummary[];
  onOpen: (id: number) => void;
}

export function InvoiceTable({ items, onOpen }: Props) {
  return (
    <div className="table-wrap">
      <table className="table table-hover" data-testid="invoice-table">
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Type</th>
            <th scope="col">Issue date</th>
            <th scope="col">Buyer</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Tax
            </th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((inv) => (
            <tr
              key={inv.id}
              data-testid="invoice-row"
              data-invoice-id={inv.id}
              className="clickable"
              onClick={() => onOpen(inv.id)}
            >
              <td>
                <a
                  className="invoice-number"
                  href={`#/invoices/${inv.id}`}
                  data-testid="invoice-number"
                  onClick={(e) => e.stopPropagation()}
                >
                  {inv.number ?? <span className="muted">(unnumbered #{inv.id})</span>}
                </a>
                {inv.reviewReason ? (
                  <div className="row-note" title={inv.reviewReason}>
                    {inv.reviewReason}
                  </div>
                ) : null}
              </td>
              <td className="nowrap">
                <span className={`kind kind-${inv.kind}`}>{KIND_LABELS[inv.kind]}</span>
              </td>
              <td className="nowrap">{formatDate(inv.issueDate)}</td>
              <td className="nowrap">{inv.buyerName ?? <span className="muted">Walk-in customer</span>}</td>
              <td>
                <StatusBadge status={inv.status} />
              </td>
              <td className="num muted-num">{money(inv.taxTotalMinor, inv.currency)}</td>
              <td className="num strong" data-testid="invoice-total">
                {inv.kind === 'credit_note' ? '−' : ''}
                {money(inv.payableMinor, inv.currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
