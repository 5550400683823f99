import { useCallback, useState, type KeyboardEvent } from 'react';
import { toggled, withRange, type Selection } from './selection';

/** Rows PageUp/PageDown move by: about one screen of the list. */
const PAGE_ROWS = 10;

interface Options {
  count: number;
  idAt: (index: number) => number | undefined;
  selected: Selection;
  onSelectionChange: (next: Set<number>) => void;
  onOpen: (id: number) => void;
  /** Brings a row into view after the keyboard moved to it. */
  reveal: (index: number) => void;
}

/**
 * Keyboard use of the list, one focus stop for the whole grid: arrows, Home/End and PageUp/PageDown move the active
 * row, Shift with them selects the rows passed over, Space toggles the active row, Enter opens it, Escape clears the
 * selection. `anchor` is where a shift-range starts (the last row toggled or clicked).
 */
export function useGridKeys({ count, idAt, selected, onSelectionChange, onOpen, reveal }: Options) {
  const [active, setActive] = useState(0);
  const [anchor, setAnchor] = useState(0);
  const current = Math.min(active, Math.max(0, count - 1));

  const moveTo = useCallback(
    (index: number, extend: boolean) => {
      const next = Math.max(0, Math.min(count - 1, index));
      if (extend) onSelectionChange(withRange(selected, anchor, next, idAt));
      else setAnchor(next);
      setActive(next);
      reveal(next);
    },
    [count, selected, anchor, idAt, onSelectionChange, reveal],
  );

  /** A click or checkbox on a row: shift extends from the anchor, otherwise the row is toggled and anchors. */
  const pick = useCallback(
    (index: number, shift: boolean) => {
      const id = idAt(index);
      if (id === undefined) return;
      onSelectionChange(shift ? withRange(selected, anchor, index, idAt) : toggled(selected, id));
      if (!shift) setAnchor(index);
      setActive(index);
    },
    [idAt, selected, anchor, onSelectionChange],
  );

  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (count === 0 || e.target !== e.currentTarget) return;
      const moves: Record<string, number> = {
        ArrowDown: current + 1, ArrowUp: current - 1, PageDown: current + PAGE_ROWS, PageUp: current - PAGE_ROWS,
        Home: 0, End: count - 1,
      };
      if (e.key in moves) moveTo(moves[e.key]!, e.shiftKey);
      else if (e.key === ' ') pick(current, e.shiftKey);
      else if (e.key === 'Enter') {
        const id = idAt(current);
        if (id !== undefined) onOpen(id);
      } else if (e.key === 'Escape' && selected.size) onSelectionChange(new Set());
      else return;
      e.preventDefault();
    },
    [count, current, moveTo, pick, idAt, onOpen, selected, onSelectionChange],
  );

  return { active: current, setActive, pick, onKeyDown };
}
