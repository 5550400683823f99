import type { MouseEvent } from 'react';
import type { InvoiceSummary } from '../../../../shared/domain';
import { formatDate, KIND_LABELS, money } from '../../format';
import { PendingRow } from '../PendingRow';
import { StatusBadge } from '../StatusBadge';

interface Props {
  index: number;
  invoice: InvoiceSummary | undefined;
  active: boolean;
  selected: boolean;
  /** Position in the list, in pixels, from the virtualizer. */
  top: number;
  onOpen: (id: number) => void;
  onPick: (index: number, shift: boolean) => void;
}

/** One row of the invoice grid; a row whose window has not arrived yet holds its place with a quiet placeholder. */
export function InvoiceRow({ index, invoice: inv, active, selected, top, onOpen, onPick }: Props) {
  // Positions go through the CSSOM (React sets style properties from script), which the CSP's style-src allows.
  const position = { transform: `translateY(${top}px)` };
  const rowIndex = index + 2; // aria-rowindex counts from 1, and the header is row 1.
  if (!inv) return <PendingRow id={`invoice-row-${index}`} rowIndex={rowIndex} position={position} />;
  const label = inv.number ?? `#${inv.id}`;
  const check = (e: MouseEvent) => {
    e.stopPropagation();
    onPick(index, e.shiftKey);
  };
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      aria-selected={selected}
      id={`invoice-row-${index}`}
      data-testid="invoice-row"
      data-invoice-id={inv.id}
      className={`grid-row clickable${active ? ' is-active' : ''}${selected ? ' is-selected' : ''}`}
      style={position}
      onClick={(e) => (e.shiftKey ? onPick(index, true) : onOpen(inv.id))}
    >
      <div role="gridcell" className="grid-cell col-check">
        <input
          type="checkbox"
          className="checkbox"
          tabIndex={-1}
          checked={selected}
          aria-label={`Select ${label}`}
          data-testid="invoice-select"
          onClick={check}
          onChange={() => undefined}
        />
      </div>
      <div role="gridcell" className="grid-cell col-number">
        <a className="invoice-number" tabIndex={-1} href={`#/invoices/${inv.id}`} data-testid="invoice-number" onClick={(e) => e.stopPropagation()}>
          {inv.number ?? <span className="muted">(unnumbered #{inv.id})</span>}
        </a>
        {inv.reviewReason ? (
          <div className="row-note" title={inv.reviewReason}>
            {inv.reviewReason}
          </div>
        ) : null}
      </div>
      <div role="gridcell" className="grid-cell col-kind">
        <span className={`kind kind-${inv.kind}`}>{KIND_LABELS[inv.kind]}</span>
      </div>
      <div role="gridcell" className="grid-cell col-date">{formatDate(inv.issueDate)}</div>
      <div role="gridcell" className="grid-cell col-buyer">{inv.buyerName ?? <span className="muted">Walk-in customer</span>}</div>
      <div role="gridcell" className="grid-cell col-status">
        <StatusBadge status={inv.status} />
      </div>
      <div role="gridcell" className="grid-cell col-tax num muted-num">{money(inv.taxTotalMinor, inv.currency)}</div>
      <div role="gridcell" className="grid-cell col-total num strong" data-testid="invoice-total">
        {inv.kind === 'credit_note' ? '−' : ''}
        {money(inv.payableMinor, inv.currency)}
      </div>
    </div>
  );
}
