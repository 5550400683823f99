import type { InvoiceSort } from '../../../../shared/domain';

interface Props {
  column: InvoiceSort;
  label: string;
  className: string;
  sort: InvoiceSort;
  dir: 'asc' | 'desc';
  onSort: (sort: InvoiceSort, dir: 'asc' | 'desc') => void;
}

/** A column header that sorts the list by its column; a second click reverses the order. */
export function SortHeader({ column, label, className, sort, dir, onSort }: Props) {
  const current = sort === column;
  // Dates and amounts are most useful biggest/newest first; names and numbers A→Z.
  const firstDir = column === 'issuedAt' || column === 'payable' ? 'desc' : 'asc';
  return (
    <div
      role="columnheader"
      className={`grid-cell ${className}`}
      aria-sort={current ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        className={`sort-button${current ? ' sort-current' : ''}`}
        data-testid={`sort-${column}`}
        onClick={() => onSort(column, current ? (dir === 'asc' ? 'desc' : 'asc') : firstDir)}
      >
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {current ? (dir === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </div>
  );
}
