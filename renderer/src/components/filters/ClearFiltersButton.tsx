interface Props {
  testId: string;
  /** Some filter is set (otherwise there is nothing to clear and the button rests). */
  active: boolean;
  onClear: () => void;
}

/** The filter bar's Clear, at its end. */
export function ClearFiltersButton({ testId, active, onClear }: Props) {
  return (
    <button type="button" className="btn btn-secondary filters-clear" data-testid={testId} disabled={!active} onClick={onClear}>
      Clear
    </button>
  );
}
