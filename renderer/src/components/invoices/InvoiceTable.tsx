import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef } from 'react';
import type { InvoiceSort, InvoiceSummary } from '../../../../shared/domain';
import { InvoiceRow } from './InvoiceRow';
import { SortHeader } from './SortHeader';
import type { Selection } from './selection';
import { useGridKeys } from './use-grid-keys';

/** Fixed row height: every row has the same shape, so the list needs no measuring while it scrolls. */
const ROW_HEIGHT = 52;

interface Props {
  total: number;
  rowAt: (index: number) => InvoiceSummary | undefined;
  /** Called with the rows about to be shown, so their windows can be fetched. */
  onRange: (first: number, last: number) => void;
  sort: InvoiceSort;
  dir: 'asc' | 'desc';
  onSort: (sort: InvoiceSort, dir: 'asc' | 'desc') => void;
  /** Selected invoice ids; the screen owns them (a later "Approve selected" acts on them). */
  selected: Selection;
  onSelectionChange: (next: Set<number>) => void;
  onOpen: (id: number) => void;
}

/**
 * The invoice list as an ARIA grid: a header that sorts on the main side, and only the rows in view rendered
 * (TanStack Virtual), so 100,000 documents scroll like 30. One tab stop; the keyboard moves an active row.
 */
export function InvoiceTable({ total, rowAt, onRange, sort, dir, onSort, selected, onSelectionChange, onOpen }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  useEffect(() => onRange(first, last), [first, last, onRange]);

  const idAt = useCallback((index: number) => rowAt(index)?.id, [rowAt]);
  const reveal = useCallback((index: number) => virtualizer.scrollToIndex(index, { align: 'auto' }), [virtualizer]);
  const keys = useGridKeys({ count: total, idAt, selected, onSelectionChange, onOpen, reveal });
  // A click on a checkbox would leave focus on it; the grid keeps the one focus stop so the arrows keep working.
  const pick = useCallback(
    (index: number, shift: boolean) => {
      keys.pick(index, shift);
      grid.current?.focus({ preventScroll: true });
    },
    [keys],
  );

  return (
    <div
      ref={grid}
      className="invoice-grid"
      role="grid"
      aria-label="Invoices"
      aria-rowcount={total + 1}
      aria-multiselectable="true"
      aria-activedescendant={total ? `invoice-row-${keys.active}` : undefined}
      tabIndex={0}
      data-testid="invoice-table"
      onKeyDown={keys.onKeyDown}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row grid-header">
          <div role="columnheader" className="grid-cell col-check">
            <span className="visually-hidden">Selected</span>
          </div>
          <SortHeader column="number" label="Number" className="col-number" sort={sort} dir={dir} onSort={onSort} />
          <div role="columnheader" className="grid-cell col-kind">Type</div>
          <SortHeader column="issuedAt" label="Issue date" className="col-date" sort={sort} dir={dir} onSort={onSort} />
          <SortHeader column="buyer" label="Buyer" className="col-buyer" sort={sort} dir={dir} onSort={onSort} />
          <SortHeader column="status" label="Status" className="col-status" sort={sort} dir={dir} onSort={onSort} />
          <div role="columnheader" className="grid-cell col-tax num">Tax</div>
          <SortHeader column="payable" label="Total" className="col-total num" sort={sort} dir={dir} onSort={onSort} />
        </div>
      </div>
      <div ref={scroller} role="rowgroup" className="grid-body" data-testid="invoice-scroller">
        <div className="grid-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((r) => {
            const inv = rowAt(r.index);
            return (
              <InvoiceRow
                key={inv ? `id-${inv.id}` : `at-${r.index}`}
                index={r.index}
                invoice={inv}
                top={r.start}
                active={r.index === keys.active}
                selected={inv ? selected.has(inv.id) : false}
                onOpen={onOpen}
                onPick={pick}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
