interface Props {
  value: string;
  placeholder: string;
  testId: string;
  onChange: (text: string) => void;
}

/** The wide search box that opens a list's filter bar (debounced by the caller, see hooks/useDebouncedSearch.ts). */
export function SearchField({ value, placeholder, testId, onChange }: Props) {
  return (
    <label className="field field-grow">
      <span className="field-label">Search</span>
      <input
        type="search"
        className="input"
        placeholder={placeholder}
        value={value}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
