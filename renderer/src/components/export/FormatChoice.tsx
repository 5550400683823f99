import { EXPORT_FORMATS, type ExportFormat } from '../../../../shared/export';
import { FORMAT_HELP, FORMAT_LABELS } from './export-text';

/** Which file to write, as two radio buttons with a line of help each. */
export function FormatChoice({ value, onChange, name, disabled }: { value: ExportFormat; onChange: (f: ExportFormat) => void; name: string; disabled?: boolean }) {
  return (
    <fieldset className="format-choice" data-testid={`${name}-format`}>
      <legend className="field-label">File format</legend>
      {EXPORT_FORMATS.map((f) => (
        <label key={f} className="format-option">
          <input
            type="radio"
            name={name}
            value={f}
            checked={value === f}
            disabled={disabled}
            data-testid={`${name}-format-${f === 'csv' ? 'csv' : 'json'}`}
            onChange={() => onChange(f)}
          />
          <span>
            <span className="format-name">{FORMAT_LABELS[f]}</span>
            <span className="format-help">{FORMAT_HELP[f]}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
