interface Props {
  label: string;
  testId: string;
  value: string;
  /** The first choice, which sets no filter. */
  allLabel: string;
  options: [value: string, label: string][];
  onChange: (value: string) => void;
}

/** A labelled drop-down in a list's filter bar; the empty value means "no filter". */
export function FilterSelect({ label, testId, value, allLabel, options, onChange }: Props) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select className="input" value={value} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
        <option value="">{allLabel}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
