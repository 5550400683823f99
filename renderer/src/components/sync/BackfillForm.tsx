import { useState, type FormEvent } from 'react';
import { errorField, errorMessage } from '../../format';
import { localDay, validateRange, type RangeErrors } from './sync-text';

interface Props {
  /** A backfill is reading: a second cannot start. */
  running: boolean;
  onStart: (range: { from: string; to: string }) => Promise<void>;
}

type Field = 'from' | 'to';

/**
 * The date range to read from Square. Each field is checked when it is left and again on Start; the error sits under
 * its own field. Main checks the same rules and answers with the field it objects to, shown the same way.
 */
export function BackfillForm({ running, onStart }: Props) {
  const today = localDay();
  const [range, setRange] = useState({ from: '', to: '' });
  const [touched, setTouched] = useState<Record<Field, boolean>>({ from: false, to: false });
  const [serverErrors, setServerErrors] = useState<RangeErrors>({});
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const local = validateRange(range.from, range.to, today);
  const shown: RangeErrors = {
    from: (touched.from && local.from) || serverErrors.from,
    to: (touched.to && local.to) || serverErrors.to,
  };

  const change = (field: Field, value: string) => {
    setRange((r) => ({ ...r, [field]: value }));
    setServerErrors({});
    setGeneralError(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched({ from: true, to: true });
    if (local.from || local.to) return;
    setStarting(true);
    onStart(range)
      .catch((err: unknown) => {
        const field = errorField(err);
        if (field === 'from' || field === 'to') setServerErrors({ [field]: errorMessage(err) });
        else setGeneralError(errorMessage(err));
      })
      .finally(() => setStarting(false));
  };

  const input = (field: Field, label: string) => {
    const id = `backfill-${field}`;
    const error = shown[field];
    return (
      <div className="field">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        <input
          id={id}
          type="date"
          className={`input${error ? ' input-invalid' : ''}`}
          value={range[field]}
          max={today}
          data-testid={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => change(field, e.target.value)}
          onBlur={() => setTouched((t) => ({ ...t, [field]: true }))}
        />
        {error ? (
          <div className="field-error" id={`${id}-error`} data-testid={`${id}-error`} role="alert">
            {error}
          </div>
        ) : null}
      </div>
    );
  };

  return (
    <form className="backfill-form" data-testid="backfill-form" noValidate onSubmit={submit}>
      {input('from', 'First day')}
      {input('to', 'Last day')}
      <div className="backfill-form-actions">
        <button type="submit" className="btn btn-primary" data-testid="backfill-start" disabled={running || starting}>
          {starting ? 'Starting…' : 'Read these days'}
        </button>
      </div>
      {generalError ? (
        <p className="field-error backfill-form-error" role="alert" data-testid="backfill-error">
          {generalError}
        </p>
      ) : null}
    </form>
  );
}
