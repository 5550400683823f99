import { useEffect, useRef, useState } from 'react';
import type { EnvironmentSetting, Settings } from '../../../../shared/settings';
import type { TunnelMode, WebhookStatus } from '../../../../shared/webhooks';
import { api } from '../../api';
import { errorFieldErrors } from '../../error-parts';
import { useAction } from '../../hooks/useAction';
import { ErrorBanner } from '../ErrorBanner';
import { modeChoices } from './webhook-text';

interface Props {
  status: WebhookStatus;
  /** The saved settings: the chosen mode and the owner's public URL. */
  settings: Settings;
  /** Set when TAXPOYNT_WEBHOOK_URL decides the mode (and the address) at start. */
  fromEnvironment: EnvironmentSetting | undefined;
  onChanged: () => void;
}

/**
 * The owner's choice of how Square's events arrive: a radio group that changes the webhookMode setting at once. Their
 * own URL needs the address first; it is asked for right here when none is saved. Until the owner has chosen, no
 * option is ticked (catch-up only meanwhile; the card above says so).
 */
export function ModeChooser({ status, settings, fromEnvironment, onChanged }: Props) {
  const [asking, setAsking] = useState(false);
  const [url, setUrl] = useState(settings.webhookPublicUrl);
  /** The mode the last click asked for: run() calls this render's action, before any state update lands. */
  const chosen = useRef<TunnelMode>(status.mode);
  // Shown as chosen at once; the next status (after the setting is saved, or refused) says what is really in use.
  const [picked, setPicked] = useState<TunnelMode | null>(null);
  useEffect(() => setPicked(null), [status]);
  const { pending, error, run } = useAction(
    {
      choose: async () => {
        try {
          await api['settings.set']({ webhookMode: chosen.current });
        } catch (err) {
          setPicked(null);
          throw err;
        }
      },
      useUrl: async () => {
        await api['settings.set']({ webhookMode: 'public_url', webhookPublicUrl: url.trim() });
        setAsking(false);
      },
    },
    onChanged,
  );
  const locked = fromEnvironment !== undefined;
  const busy = pending !== null;
  const urlError = errorFieldErrors(error).find((f) => f.field === 'webhookPublicUrl')?.message;

  const choose = (mode: TunnelMode) => {
    if (mode === 'public_url' && !settings.webhookPublicUrl) {
      setAsking(true);
      return;
    }
    setAsking(false);
    chosen.current = mode;
    setPicked(mode);
    run('choose');
  };

  return (
    <fieldset className="mode-choice" data-testid="webhook-mode" data-mode={status.mode} disabled={locked || busy}>
      <legend className="field-label">How Square’s events reach this computer</legend>
      {modeChoices(status.relayHost).map((m) => {
        const unavailable = m.mode === 'localtunnel' && !status.localtunnelAvailable;
        const shown = picked ?? (status.modeChosen ? status.mode : null);
        const checked = asking ? m.mode === 'public_url' : shown === m.mode;
        return (
          <label key={m.mode} className={`mode-option${checked ? ' mode-option-checked' : ''}${unavailable ? ' mode-option-unavailable' : ''}`}>
            <input
              type="radio"
              name="webhook-mode"
              value={m.mode}
              checked={checked}
              disabled={unavailable}
              data-testid={`webhook-mode-${m.mode}`}
              onChange={() => choose(m.mode)}
            />
            <span className="mode-text">
              <span className="mode-label">
                {m.label}
                {status.modeChosen && status.mode === m.mode ? <span className="mode-active">in use</span> : null}
              </span>
              <span className="mode-sentence">
                {m.sentence}
                {m.mode === 'public_url' && settings.webhookPublicUrl && !locked ? (
                  <> Yours: <code>{settings.webhookPublicUrl}</code> (change it in Settings → Square).</>
                ) : null}
                {unavailable ? <> Not available: the app was started with <code>TUNNEL=off</code>.</> : null}
              </span>
            </span>
          </label>
        );
      })}
      {locked ? (
        <p className="field-help" data-testid="webhook-mode-env">
          Set by the environment variable <code>{fromEnvironment.variable}</code> when the app started. To choose here,
          remove that variable and restart the app.
        </p>
      ) : null}
      {asking ? (
        <form
          className="mode-url"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            run('useUrl');
          }}
        >
          <label className="field-label" htmlFor="webhook-public-url">
            Your public HTTPS address
          </label>
          <div className="token-row">
            <input
              id="webhook-public-url"
              className={`input${urlError ? ' input-invalid' : ''}`}
              data-testid="webhook-public-url"
              placeholder="https://pos.example.com/square/webhook"
              value={url}
              aria-invalid={urlError ? true : undefined}
              aria-describedby={urlError ? 'webhook-public-url-error' : undefined}
              onChange={(e) => setUrl(e.target.value)}
            />
            <button type="submit" className="btn btn-primary" data-testid="webhook-public-url-save" disabled={busy}>
              {pending === 'useUrl' ? 'Saving…' : 'Use this address'}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
          {urlError ? (
            <div className="field-error" id="webhook-public-url-error" data-testid="webhook-public-url-error">
              {urlError}
            </div>
          ) : null}
        </form>
      ) : null}
      {urlError ? null : <ErrorBanner error={error} title="Could not change how events arrive" />}
    </fieldset>
  );
}
