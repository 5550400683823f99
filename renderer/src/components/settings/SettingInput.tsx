import type { SettingField } from './setting-fields';

interface Props {
  field: SettingField;
  value: string;
  error: string | undefined;
  disabled: boolean;
  onChange: (value: string) => void;
  /** For a field filled from the NRS code lists: its choices (loaded by the form). */
  codeOptions?: { value: string; label: string }[];
}

export function SettingInput({ field, value, error, disabled, onChange, codeOptions }: Props) {
  const options = field.codes
    ? [
        { value: '', label: field.codes === 'states' ? 'Choose a state' : 'Choose an LGA' },
        // The saved code stays choosable while the list loads (or if the list no longer has it).
        ...(value && !codeOptions?.some((o) => o.value === value) ? [{ value, label: value }] : []),
        ...(codeOptions ?? []),
      ]
    : field.options;
  const id = `setting-${field.key}`;
  const describedBy = [field.help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  const common = {
    id,
    name: field.key,
    className: `input${error ? ' input-invalid' : ''}`,
    value,
    disabled,
    'data-testid': id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  };
  return (
    <div className="form-row">
      <label className="form-label" htmlFor={id}>
        {field.label}
      </label>
      <div className="form-control">
        {options ? (
          <select {...common} onChange={(e) => onChange(e.target.value)}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...common}
            type={field.inputMode === 'email' ? 'email' : field.inputMode === 'tel' ? 'tel' : 'text'}
            autoComplete="off"
            spellCheck={false}
            placeholder={field.placeholder}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
        {error ? (
          <div className="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
            {error}
          </div>
        ) : null}
        {field.help ? (
          <div className="field-help" id={`${id}-help`}>
            {field.help}
          </div>
        ) : null}
      </div>
    </div>
  );
}
