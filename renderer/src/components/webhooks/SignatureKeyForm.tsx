import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { errorField } from '../../format';
import { ErrorBanner } from '../ErrorBanner';

interface Props {
  present: boolean;
  onChanged: () => void;
}

/** Manual mode: the signature key the Square Developer Dashboard shows for the subscription, kept in the keychain. */
export function SignatureKeyForm({ present, onChanged }: Props) {
  const [key, setKey] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  async function save(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await api['webhooks.signatureKey.set']({ signatureKey: key });
      setKey('');
      setNotice('Signature key saved in the keychain. Events signed with it are now accepted.');
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
      onChanged();
    }
  }

  const invalid = error !== undefined && errorField(error) === 'signatureKey';
  return (
    <form className="token-form" noValidate onSubmit={(e) => void save(e)} data-testid="webhook-key-form">
      <label className="field-label" htmlFor="webhook-signature-key">
        {present ? 'Replace the signature key' : 'Signature key'}
      </label>
      <div className="token-row">
        <input
          id="webhook-signature-key"
          type="password"
          className={`input${invalid ? ' input-invalid' : ''}`}
          autoComplete="off"
          spellCheck={false}
          placeholder={present ? '•••••••• (saved)' : 'Paste the signature key'}
          value={key}
          disabled={pending}
          aria-invalid={invalid || undefined}
          data-testid="webhook-key-input"
          onChange={(e) => {
            setKey(e.target.value);
            setNotice(undefined);
          }}
        />
        <button type="submit" className="btn btn-primary" data-testid="webhook-key-save" disabled={pending || key.trim() === ''}>
          {pending ? 'Saving…' : 'Save key'}
        </button>
      </div>
      <ErrorBanner error={error} title="Could not save the signature key" />
      {notice ? (
        <div className="banner banner-success" role="status" data-testid="webhook-key-notice">
          {notice}
        </div>
      ) : null}
    </form>
  );
}
