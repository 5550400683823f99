interface Props {
  /** Days as YYYY-MM-DD, or '' for no bound. */
  from: string;
  to: string;
  /** The fields' test ids are `${testIdPrefix}-from` and `${testIdPrefix}-to`. */
  testIdPrefix: string;
  onChange: (patch: { from: string } | { to: string }) => void;
}

/** The From and To day pickers of a list's filter bar. */
export function DateRangeFields({ from, to, testIdPrefix, onChange }: Props) {
  return (
    <>
      <label className="field">
        <span className="field-label">From</span>
        <input type="date" className="input" value={from} data-testid={`${testIdPrefix}-from`} onChange={(e) => onChange({ from: e.target.value })} />
      </label>
      <label className="field">
        <span className="field-label">To</span>
        <input type="date" className="input" value={to} data-testid={`${testIdPrefix}-to`} onChange={(e) => onChange({ to: e.target.value })} />
      </label>
    </>
  );
}
