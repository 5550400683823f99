import type { ReactNode } from 'react';
import { errorField } from '../format';
import type { ActionState } from '../hooks/useAction';

interface Props<K extends string> {
  /** The card's actions; `name` is the one its form submits. The box waits while any runs, typing clears the notice. */
  action: ActionState<K>;
  name: K;
  /** The input's name in the contract: an error naming it marks the box invalid. */
  field: string;
  id: string;
  /** The box is `${testId}-input`, its button `${testId}-save`. */
  testId: string;
  label: string;
  placeholder: string;
  /** One is in the keychain already; the box never shows it, only says so. */
  saved: boolean;
  value: string;
  onChange: (value: string) => void;
  /** The submit button's label, and the one while `name` runs. */
  saveLabel: string;
  savingLabel: string;
  /** More buttons beside it. */
  children?: ReactNode;
}

/**
 * A secret pasted once (a token, a key) and its Save button, inside the card's form: masked, never autocompleted or
 * spell-checked, and never shown again once main has it in the keychain.
 */
export function SecretField<K extends string>(props: Props<K>) {
  const { action, name, field, id, testId, label, placeholder, saved, value, onChange, saveLabel, savingLabel, children } = props;
  const invalid = action.error !== undefined && errorField(action.error) === field;
  return (
    <>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="token-row">
        <input
          id={id}
          type="password"
          className={`input${invalid ? ' input-invalid' : ''}`}
          autoComplete="off"
          spellCheck={false}
          placeholder={saved ? '•••••••• (saved)' : placeholder}
          value={value}
          disabled={action.pending !== null}
          aria-invalid={invalid || undefined}
          data-testid={`${testId}-input`}
          onChange={(e) => {
            onChange(e.target.value);
            action.setNotice(undefined);
          }}
        />
        <button type="submit" className="btn btn-primary" data-testid={`${testId}-save`} disabled={action.pending !== null || value.trim() === ''}>
          {action.pending === name ? savingLabel : saveLabel}
        </button>
        {children}
      </div>
    </>
  );
}
