import type { EnvironmentSetting } from '../../../../shared/settings';
import type { SettingField } from './setting-fields';

interface Props {
  field: SettingField;
  value: string;
  error: string | undefined;
  disabled: boolean;
  onChange: (value: string) => void;
  /** Leaving the field: the form checks it now, not only on Save. */
  onBlur: () => void;
  /** Set when an environment variable decides this setting: shown read-only with the variable's name. */
  fromEnvironment?: EnvironmentSetting | undefined;
  /** For a field filled from the NRS code lists: its choices (loaded by the form). */
  codeOptions?: { value: string; label: string }[];
}

export function SettingInput({ field, value, error, disabled, onChange, onBlur, fromEnvironment, codeOptions }: Props) {
  if (fromEnvironment) return <EnvironmentValue field={field} env={fromEnvironment} />;
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
    onBlur,
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

/** A setting the environment decides: its value in use, read-only, and which variable to change instead. */
function EnvironmentValue({ field, env }: { field: SettingField; env: EnvironmentSetting }) {
  const id = `setting-${field.key}`;
  const shown = field.options?.find((o) => o.value === env.value)?.label ?? env.value;
  return (
    <div className="form-row" data-testid={`${id}-env`}>
      <label className="form-label" htmlFor={id}>
        {field.label}
      </label>
      <div className="form-control">
        <input id={id} className="input input-readonly" value={shown} readOnly data-testid={id} aria-describedby={`${id}-env-note`} />
        <div className="field-help env-note" id={`${id}-env-note`} data-testid={`${id}-env-note`}>
          Set by the environment variable <code>{env.variable}</code> when the app started. To change it, change that
          variable and restart the app.
        </div>
      </div>
    </div>
  );
}
