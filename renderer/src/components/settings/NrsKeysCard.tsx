import { useRef, useState, type ChangeEvent } from 'react';
import { MAX_CRYPTO_KEYS_CHARS } from '../../../../shared/print';
import { api } from '../../api';
import { errorMessage } from '../../format';
import { useAction } from '../../hooks/useAction';
import { useQuery } from '../../hooks/useQuery';
import { ErrorBanner } from '../ErrorBanner';
import { NoticeBanner } from '../NoticeBanner';

/** main's refusal names the input box ("… contents: This file has no public key…"); the owner needs only the words. */
function plain(err: unknown): Error {
  const message = errorMessage(err);
  const at = message.indexOf('contents: ');
  return new Error(at === -1 ? message : message.slice(at + 'contents: '.length));
}

/**
 * The business's NRS keys (crypto_keys.txt from the NRS e-invoicing portal): they sign the QR code on printed
 * invoices. Pasted or chosen as a file, checked by main, kept in this computer's keychain and never shown again.
 */
export function NrsKeysCard() {
  const status = useQuery(() => api['nrsKeys.status'](), 'nrsKeys.status');
  const [text, setText] = useState('');
  const chosen = useRef<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const keep = async (contents: string) => {
    try {
      await api['nrsKeys.set']({ contents });
    } catch (err) {
      throw plain(err);
    }
    return 'NRS keys checked and kept in this computer’s keychain. Printed QR codes are now signed.';
  };
  const action = useAction(
    {
      save: async () => {
        const done = await keep(text);
        setText('');
        return done;
      },
      saveFile: async () => {
        const file = chosen.current;
        chosen.current = null;
        if (fileInput.current) fileInput.current.value = '';
        if (!file) return;
        // A few kilobytes at most; reading a large file someone picked by mistake would only waste memory.
        if (file.size > MAX_CRYPTO_KEYS_CHARS * 4) throw new Error(`“${file.name}” is too large to be crypto_keys.txt from the NRS.`);
        return keep(await file.text());
      },
      remove: async () => {
        await api['nrsKeys.clear']();
        return 'NRS keys removed. Printed QR codes will hold the plain IRN, marked “not signed”.';
      },
    },
    status.reload,
  );

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    chosen.current = e.target.files?.[0] ?? null;
    if (chosen.current) action.run('saveFile');
  };

  const keysSet = status.data?.keysSet ?? false;
  const busy = action.pending !== null;
  const invalid = action.failed === 'save' || action.failed === 'saveFile';
  return (
    <section className="card nrs-keys" data-testid="nrs-keys">
      <div className="card-head">
        <h2 className="card-title">NRS keys for signed QR codes</h2>
        <span className={`badge ${keysSet ? 'conn-connected' : 'conn-disconnected'}`} data-testid="nrs-keys-state" data-set={keysSet}>
          {status.data === undefined ? 'Checking…' : keysSet ? 'Keys set' : 'No keys'}
        </span>
      </div>
      <p className="card-lead">
        The NRS e-invoicing portal gives your business a file named <strong>crypto_keys.txt</strong>. With it, the QR
        code on a printed invoice is signed so the NRS can verify it; without it, the code holds the plain IRN and the
        invoice says “not signed”. The keys are kept in this computer’s keychain, never in the database or in exports.
      </p>
      <form
        className="token-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          action.run('save');
        }}
      >
        <label className="field-label" htmlFor="nrs-keys-text">
          {keysSet ? 'Replace the keys: paste the file’s contents' : 'Paste the contents of crypto_keys.txt'}
        </label>
        <textarea
          id="nrs-keys-text"
          className={`input nrs-keys-text${invalid ? ' input-invalid' : ''}`}
          rows={3}
          autoComplete="off"
          spellCheck={false}
          placeholder={keysSet ? 'Kept in the keychain (not shown)' : '{"public_key": "…", "certificate": "…"}'}
          value={text}
          disabled={busy}
          aria-invalid={invalid || undefined}
          data-testid="nrs-keys-input"
          onChange={(e) => {
            setText(e.target.value);
            action.setNotice(undefined);
          }}
        />
        <div className="nrs-keys-actions">
          <button type="submit" className="btn btn-primary" data-testid="nrs-keys-save" disabled={busy || text.trim() === ''}>
            {action.pending === 'save' ? 'Checking…' : 'Save keys'}
          </button>
          {/* A real button opens the file picker: keyboard focus and its ring behave like every other button. */}
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => fileInput.current?.click()}>
            {action.pending === 'saveFile' ? 'Checking…' : 'Choose the file…'}
          </button>
          <input
            ref={fileInput}
            className="visually-hidden"
            type="file"
            tabIndex={-1}
            aria-hidden="true"
            accept=".txt,.json,text/plain,application/json"
            disabled={busy}
            data-testid="nrs-keys-file"
            onChange={onFile}
          />
          {keysSet ? (
            <button className="btn btn-secondary" data-testid="nrs-keys-remove" {...action.button('remove')}>
              {action.pending === 'remove' ? 'Removing…' : 'Remove keys'}
            </button>
          ) : null}
        </div>
      </form>
      <ErrorBanner
        error={action.error ?? status.error}
        title={action.failed === 'remove' ? 'Could not remove the keys' : action.error ? 'Could not use these keys' : 'Could not check the keys'}
      />
      <NoticeBanner notice={action.notice} testId="nrs-keys-notice" />
    </section>
  );
}
