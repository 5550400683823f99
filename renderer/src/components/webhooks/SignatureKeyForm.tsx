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

/** Manual mode: the signature key the Square Developer Dashboard shows for the subscription, kept in the keychain. */
export function SignatureKeyForm({ present, onChanged }: Props) {
  const [key, setKey] = useState('');
  const action = useAction(
    {
      save: async () => {
        await api['webhooks.signatureKey.set']({ signatureKey: key });
        setKey('');
        return 'Signature key saved in the keychain. Events signed with it are now accepted.';
      },
    },
    onChanged,
  );

  const { error, notice, submit } = action;
  return (
    <form className="token-form" noValidate onSubmit={submit('save')} data-testid="webhook-key-form">
      <SecretField
        action={action}
        name="save"
        field="signatureKey"
        id="webhook-signature-key"
        testId="webhook-key"
        label={present ? 'Replace the signature key' : 'Signature key'}
        placeholder="Paste the signature key"
        saved={present}
        value={key}
        onChange={setKey}
        saveLabel="Save key"
        savingLabel="Saving…"
      />
      <ErrorBanner error={error} title="Could not save the signature key" />
      <NoticeBanner notice={notice} testId="webhook-key-notice" />
    </form>
  );
}
