import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { errorField } from '../../format';
import { ErrorBanner } from '../ErrorBanner';

interface Props {
  present: boolean;
  onChanged: () => void;
}

/**
 * The owner's own Square application's personal access token: lets the app manage its webhook subscription and read
 * Square's event log. main checks it with Square before keeping it in the keychain; the renderer never sees it again.
 */
export function PersonalTokenCard({ present, onChanged }: Props) {
  const [token, setToken] = useState('');
  const [pending, setPending] = useState<'save' | 'remove' | null>(null);
  const [error, setError] = useState<unknown>();
  const [failedAction, setFailedAction] = useState<'save' | 'remove'>('save');
  const [notice, setNotice] = useState<string>();

  async function save(e: FormEvent) {
    e.preventDefault();
    setPending('save');
    setError(undefined);
    setNotice(undefined);
    try {
      const { merchantName } = await api['square.personalToken.set']({ token });
      setToken('');
      setNotice(
        merchantName
          ? `Token checked with Square and saved. It belongs to ${merchantName}.`
          : 'Token checked with Square and saved.',
      );
    } catch (err) {
      setError(err);
      setFailedAction('save');
    } finally {
      setPending(null);
      onChanged();
    }
  }

  async function remove() {
    setPending('remove');
    setError(undefined);
    setNotice(undefined);
    try {
      await api['square.personalToken.clear']();
      setNotice('Personal access token removed from the keychain.');
    } catch (err) {
      setError(err);
      setFailedAction('remove');
    } finally {
      setPending(null);
      onChanged();
    }
  }

  const invalid = error !== undefined && errorField(error) === 'token';
  return (
    <section className="card" data-testid="square-personal-token">
      <div className="card-head">
        <h2 className="card-title">Your own Square application (optional)</h2>
        <span
          className={`badge ${present ? 'conn-connected' : 'conn-disconnected'}`}
          data-testid="square-personal-token-state"
          data-present={present}
        >
          {present ? 'Token saved' : 'No token'}
        </span>
      </div>
      <p className="card-lead">
        If the application ID belongs to your own Square application, paste its <strong>personal access token</strong>{' '}
        (Square Developer Console → your app → Credentials). The app then keeps the webhook subscription pointed at its
        current address by itself. The token is checked with Square and kept in this computer’s keychain, never in the
        database.
      </p>
      <form className="token-form" noValidate onSubmit={(e) => void save(e)}>
        <label className="field-label" htmlFor="square-personal-token">
          {present ? 'Replace the personal access token' : 'Personal access token'}
        </label>
        <div className="token-row">
          <input
            id="square-personal-token"
            type="password"
            className={`input${invalid ? ' input-invalid' : ''}`}
            autoComplete="off"
            spellCheck={false}
            placeholder={present ? '•••••••• (saved)' : 'EAAA…'}
            value={token}
            disabled={pending !== null}
            aria-invalid={invalid || undefined}
            data-testid="square-personal-token-input"
            onChange={(e) => {
              setToken(e.target.value);
              setNotice(undefined);
            }}
          />
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="square-personal-token-save"
            disabled={pending !== null || token.trim() === ''}
          >
            {pending === 'save' ? 'Checking…' : 'Save token'}
          </button>
          {present ? (
            <button
              type="button"
              className="btn btn-secondary"
              data-testid="square-personal-token-remove"
              disabled={pending !== null}
              onClick={() => void remove()}
            >
              {pending === 'remove' ? 'Removing…' : 'Remove'}
            </button>
          ) : null}
        </div>
      </form>
      <ErrorBanner error={error} title={failedAction === 'save' ? 'Could not save the token' : 'Could not remove the token'} />
      {notice ? (
        <div className="banner banner-success token-notice" role="status" data-testid="square-personal-token-notice">
          {notice}
        </div>
      ) : null}
    </section>
  );
}
