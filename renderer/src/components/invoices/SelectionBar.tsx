import type { ReactNode } from 'react';

/**
 * Under the list: how many documents are ticked, what can be done with them, and a way to untick them all.
 * Keys: Space ticks, Shift+arrows extend.
 */
export function SelectionBar({ count, onClear, children }: { count: number; onClear: () => void; children?: ReactNode }) {
  return (
    <div className="selection-bar" aria-live="polite">
      {count ? (
        <>
          <span data-testid="selection-count">{count.toLocaleString('en-GB')} selected</span>
          {children}
          <button type="button" className="btn btn-secondary btn-small" data-testid="selection-clear" onClick={onClear}>
            Clear selection
          </button>
        </>
      ) : (
        <span className="selection-hint">Tick documents with the boxes, or with Space and Shift + arrow keys.</span>
      )}
    </div>
  );
}
