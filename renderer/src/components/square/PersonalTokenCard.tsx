import { useState } from 'react';
import { api } from '../../api';
import { useAction } from '../../hooks/useAction';
import { ErrorBanner } from '../ErrorBanner';
import { NoticeBanner } from '../NoticeBanner';
import { SecretField } from '../SecretField';

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
  // With a token saved the card says so and asks for nothing; a new one is pasted only after choosing Replace.
  const [replacing, setReplacing] = useState(false);
  const action = useAction(
    {
      save: async () => {
        const { merchantName } = await api['square.personalToken.set']({ token });
        setToken('');
        setReplacing(false);
        return merchantName
          ? `Token checked with Square and saved. It belongs to ${merchantName}.`
          : 'Token checked with Square and saved.';
      },
      remove: async () => {
        await api['square.personalToken.clear']();
        return 'Personal access token removed from the keychain.';
      },
    },
    onChanged,
  );

  const { pending, error, failed, notice, button, submit } = action;
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
      {present && !replacing ? (
        <>
          <p className="card-lead" data-testid="square-personal-token-saved">
            Your personal access token is saved in this computer’s keychain. The app uses it to keep Square’s webhook
            subscription pointed at its current address; there is nothing more to do here.
          </p>
          <div className="card-actions">
            <button type="button" className="btn btn-secondary" data-testid="square-personal-token-replace" disabled={pending !== null} onClick={() => setReplacing(true)}>
              Replace token…
            </button>
            <button className="btn btn-secondary" data-testid="square-personal-token-remove" {...button('remove')}>
              {pending === 'remove' ? 'Removing…' : 'Remove'}
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="card-lead">
            If the application ID belongs to your own Square application, paste its <strong>personal access token</strong>{' '}
            (Square Developer Console → your app → Credentials). The app then keeps the webhook subscription pointed at its
            current address by itself. The token is checked with Square and kept in this computer’s keychain, never in the
            database.
          </p>
          <form className="token-form" noValidate onSubmit={submit('save')}>
            <SecretField
              action={action}
              name="save"
              field="token"
              id="square-personal-token"
              testId="square-personal-token"
              label={present ? 'New personal access token' : 'Personal access token'}
              placeholder="EAAA…"
              saved={false}
              value={token}
              onChange={setToken}
              saveLabel="Save token"
              savingLabel="Checking…"
            >
              {present ? (
                <button type="button" className="btn btn-secondary" disabled={pending !== null} onClick={() => setReplacing(false)}>
                  Cancel
                </button>
              ) : null}
            </SecretField>
          </form>
        </>
      )}
      <ErrorBanner error={error} title={failed === 'save' ? 'Could not save the token' : 'Could not remove the token'} />
      <NoticeBanner notice={notice} testId="square-personal-token-notice" />
    </section>
  );
}
