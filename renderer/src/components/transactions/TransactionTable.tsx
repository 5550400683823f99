import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useState, type KeyboardEvent, useRef } from 'react';
import type { TransactionSort, TransactionView } from '../../../../shared/transactions';
import { TransactionRow, txnKey } from './TransactionRow';

/** Fixed row height: every row has the same shape, so the list needs no measuring while it scrolls. */
const ROW_HEIGHT = 52;
const PAGE_ROWS = 10;

interface Props {
  total: number;
  rowAt: (index: number) => TransactionView | undefined;
  onRange: (first: number, last: number) => void;
  sort: TransactionSort;
  dir: 'asc' | 'desc';
  onSort: (sort: TransactionSort, dir: 'asc' | 'desc') => void;
  /** The transaction whose details are open below the list. */
  chosen: string | null;
  onChoose: (txn: TransactionView) => void;
  onOpenDocument: (id: number) => void;
  onRetry: (txn: TransactionView) => void;
  busy: boolean;
}

function SortHeader(props: { column: TransactionSort; label: string; className: string; sort: TransactionSort; dir: 'asc' | 'desc'; onSort: Props['onSort'] }) {
  const current = props.sort === props.column;
  return (
    <div role="columnheader" className={`grid-cell ${props.className}`} aria-sort={current ? (props.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className={`sort-button${current ? ' sort-current' : ''}`}
        data-testid={`txn-sort-${props.column}`}
        // Newest and biggest first on the first click.
        onClick={() => props.onSort(props.column, current ? (props.dir === 'asc' ? 'desc' : 'asc') : 'desc')}
      >
        {props.label}
        <span className="sort-arrow" aria-hidden="true">
          {current ? (props.dir === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </div>
  );
}

/**
 * Square's payments and refunds as an ARIA grid, only the rows in view rendered (TanStack Virtual), sorted on the
 * main side. One tab stop: arrows, Home/End and PageUp/PageDown move the active row; Enter shows its details.
 */
export function TransactionTable({ total, rowAt, onRange, sort, dir, onSort, chosen, onChoose, onOpenDocument, onRetry, busy }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  useEffect(() => onRange(first, last), [first, last, onRange]);
  const current = Math.min(active, Math.max(0, total - 1));

  const choose = useCallback(
    (index: number) => {
      setActive(index);
      const t = rowAt(index);
      if (t) onChoose(t);
      grid.current?.focus({ preventScroll: true });
    },
    [rowAt, onChoose],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: PAGE_ROWS, PageUp: -PAGE_ROWS };
    let next: number | null = null;
    if (e.key in moves) next = current + moves[e.key]!;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = total - 1;
    else if (e.key === 'Enter') {
      const t = rowAt(current);
      if (t) onChoose(t);
    } else return;
    e.preventDefault();
    if (next !== null) {
      const clamped = Math.max(0, Math.min(total - 1, next));
      setActive(clamped);
      virtualizer.scrollToIndex(clamped, { align: 'auto' });
    }
  };

  return (
    <div
      ref={grid}
      className="invoice-grid txn-grid"
      role="grid"
      aria-label="Transactions"
      aria-rowcount={total + 1}
      aria-activedescendant={total ? `txn-row-${current}` : undefined}
      tabIndex={0}
      data-testid="txn-table"
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row grid-header">
          <SortHeader column="time" label="Time" className="col-time" sort={sort} dir={dir} onSort={onSort} />
          <div role="columnheader" className="grid-cell col-type">Type</div>
          <div role="columnheader" className="grid-cell col-location">Location</div>
          <div role="columnheader" className="grid-cell col-tender">Paid by</div>
          <div role="columnheader" className="grid-cell col-tstatus">Status</div>
          <SortHeader column="amount" label="Amount" className="col-amount num" sort={sort} dir={dir} onSort={onSort} />
          <div role="columnheader" className="grid-cell col-tip num">Tip</div>
          <div role="columnheader" className="grid-cell col-doc">Document</div>
          <div role="columnheader" className="grid-cell col-problem">Problem</div>
        </div>
      </div>
      <div ref={scroller} role="rowgroup" className="grid-body" data-testid="txn-scroller">
        <div className="grid-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((r) => {
            const t = rowAt(r.index);
            return (
              <TransactionRow
                key={t ? txnKey(t) : `at-${r.index}`}
                index={r.index}
                txn={t}
                top={r.start}
                active={r.index === current}
                chosen={t ? txnKey(t) === chosen : false}
                onChoose={choose}
                onOpenDocument={onOpenDocument}
                onRetry={onRetry}
                busy={busy}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
