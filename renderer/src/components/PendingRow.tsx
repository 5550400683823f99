interface Props {
  /** The row's id, the same one the loaded row will have (aria-activedescendant may point at it). */
  id: string;
  /** aria-rowindex: counts from 1, and the header is row 1. */
  rowIndex: number;
  /** The virtualizer's position, set through the CSSOM (which the CSP's style-src allows). */
  position: { transform: string };
}

/** A grid row whose window has not arrived yet: it holds its place quietly. */
export function PendingRow({ id, rowIndex, position }: Props) {
  return (
    <div role="row" aria-rowindex={rowIndex} id={id} className="grid-row grid-pending" style={position}>
      <div role="gridcell" className="grid-cell cell-wide">Loading…</div>
    </div>
  );
}
