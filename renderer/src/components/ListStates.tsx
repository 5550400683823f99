import type { ReactNode } from 'react';
import type { PagedWindows } from '../hooks/usePagedWindows';
import { EmptyState } from './EmptyState';
import { Loading } from './Loading';

interface Props {
  /** The list's windows: its total (null until the first answer) and whether a new query is still loading (an
   * error shows in its banner instead). */
  list: Pick<PagedWindows<unknown>, 'total' | 'loading'>;
  /** Some filter is set, so "none" means "none match" rather than "none yet". */
  filtered: boolean;
  loadingLabel: string;
  /** What an empty book says, and what to do about it. */
  emptyTitle: string;
  emptyText: ReactNode;
  noMatchTitle: string;
  onClearFilters: () => void;
  /** The list itself, once there is at least one row. */
  children: (total: number) => ReactNode;
}

/** A filtered list's body: loading, empty with its next step, nothing matching (with Clear), or the rows. */
export function ListStates({ list: { total, loading }, filtered, loadingLabel, emptyTitle, emptyText, noMatchTitle, onClearFilters, children }: Props) {
  if (total === null) return loading ? <Loading label={loadingLabel} /> : null;
  if (total === 0 && !filtered) return <EmptyState title={emptyTitle}>{emptyText}</EmptyState>;
  if (total === 0) {
    return (
      <EmptyState title={noMatchTitle}>
        <button type="button" className="btn btn-secondary" onClick={onClearFilters}>
          Clear filters
        </button>
      </EmptyState>
    );
  }
  return <>{children(total)}</>;
}
