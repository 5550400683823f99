import { useEffect, useRef, useState, type FormEvent } from 'react';
import { settingsSchema, type Settings as SettingsValues, type SettingKey } from '../../../shared/settings';
import type { CodeEntry } from '../../../shared/review';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Loading';
import { NoticeBanner } from '../components/NoticeBanner';
import { PageHeader } from '../components/PageHeader';
import { NrsKeysCard } from '../components/settings/NrsKeysCard';
import { MappingsCard } from '../components/settings/MappingsCard';
import { SettingInput } from '../components/settings/SettingInput';
import { labelOf, SETTING_GROUPS } from '../components/settings/setting-fields';
import { errorField, errorMessage } from '../format';
import { useAction } from '../hooks/useAction';
import { useQuery } from '../hooks/useQuery';

/** "Invalid input for settings.set: businessTin: TIN must look like …" → "TIN must look like …" for that field. */
function messageFor(field: string, message: string): string {
  const start = message.indexOf(`${field}: `);
  if (start === -1) return message;
  const rest = message.slice(start + field.length + 2);
  const end = rest.indexOf('; ');
  return end === -1 ? rest : rest.slice(0, end);
}

/** Each changed field's problem, checked here as the owner saves (the same rules main applies again). */
function fieldProblems(values: SettingsValues, keys: SettingKey[]): Partial<Record<SettingKey, string>> {
  const out: Partial<Record<SettingKey, string>> = {};
  for (const key of keys) {
    const parsed = settingsSchema.shape[key].safeParse(values[key]);
    if (!parsed.success) out[key] = parsed.error.issues[0]?.message ?? 'Check this field';
  }
  return out;
}

const toOptions = (codes: CodeEntry[] | undefined) => (codes ?? []).map((c) => ({ value: c.code, label: c.name }));

function changedKeys(values: SettingsValues, saved: SettingsValues): SettingKey[] {
  return (Object.keys(values) as SettingKey[]).filter((k) => values[k] !== saved[k]);
}

export function Settings() {
  const [saved, setSaved] = useState<SettingsValues>();
  const [values, setValues] = useState<SettingsValues>();
  const [loadError, setLoadError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [problems, setProblems] = useState<Partial<Record<SettingKey, string>>>({});
  const savedRef = useRef(saved);
  savedRef.current = saved;
  const { run, pending, error: saveError, notice, setNotice, reset } = useAction({
    save: async () => {
      if (!values || !saved) return; // the form, and so Save, shows only once both are loaded
      const patch = Object.fromEntries(changedKeys(values, saved).map((k) => [k, values[k]])) as Partial<SettingsValues>;
      const next = await api['settings.set'](patch);
      setSaved(next);
      setValues(next);
      return 'Settings saved.';
    },
  });

  const state = values?.businessState ?? '';
  const states = useQuery(() => api['codes.search']({ list: 'states' }), 'states');
  const lgas = useQuery(
    () => (state ? api['codes.search']({ list: 'lgas', state }) : Promise.resolve([] as CodeEntry[])),
    `lgas:${state}`,
  );

  useEffect(() => {
    let current = true;
    setLoadError(undefined);
    api['settings.get']().then(
      (s) => {
        if (!current) return;
        setSaved(s);
        setValues(s);
      },
      (err: unknown) => current && setLoadError(err),
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  // Another window (or the desktop shell) saved: take the new values unless the owner is mid-edit here.
  useEffect(
    () =>
      api.on('settings.changed', (next) => {
        const before = savedRef.current;
        setValues((v) => (v && before && changedKeys(v, before).length > 0 ? v : next));
        setSaved(next);
      }),
    [],
  );

  if (!values || !saved) {
    return (
      <div className="screen" data-testid="screen-settings">
        <PageHeader title="Settings" />
        <ErrorBanner error={loadError} title="Could not load settings" onRetry={() => setAttempt((a) => a + 1)} />
        {loadError ? null : <Loading label="Loading settings…" />}
      </div>
    );
  }

  const dirty = changedKeys(values, saved);
  const badField = saveError ? errorField(saveError) : undefined;
  const badLabel = labelOf(badField);

  const saving = pending === 'save';
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (dirty.length === 0) {
      setNotice('Nothing to save.');
      return;
    }
    const found = fieldProblems(values, dirty);
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first) {
      reset();
      document.getElementById(`setting-${first}`)?.focus();
      return;
    }
    run('save');
  };

  const set = (key: SettingKey, value: string) => {
    // A new state makes the chosen LGA wrong: choose again.
    const lga = key === 'businessState' && value !== values.businessState ? { businessLga: '' } : {};
    setValues({ ...values, ...lga, [key]: value } as SettingsValues);
    setNotice(undefined);
    if (problems[key]) setProblems({ ...problems, [key]: undefined });
  };
  const problemCount = Object.values(problems).filter(Boolean).length;

  return (
    <div className="screen" data-testid="screen-settings">
      <PageHeader title="Settings" subtitle="Business details used on every invoice, and how we reach Square." />
      <form className="settings-form" noValidate onSubmit={onSubmit}>
        {badLabel ? (
          // The reason is shown at the field; the banner says where, in the field's own label (never its key).
          <div className="banner banner-error" role="alert" data-testid="error-banner">
            <strong className="banner-title">Could not save: check “{badLabel}”</strong>
          </div>
        ) : (
          <ErrorBanner error={saveError} title="Could not save the settings" />
        )}
        {problemCount ? (
          <div className="banner banner-error" role="alert" data-testid="settings-problems">
            <strong className="banner-title">
              Nothing was saved: {problemCount === 1 ? 'one field needs' : `${problemCount} fields need`} fixing (marked below).
            </strong>
          </div>
        ) : null}
        <NoticeBanner notice={notice} testId="settings-notice" />
        {SETTING_GROUPS.map((group) => (
          <fieldset key={group.title} className="card form-section">
            <legend className="card-title">{group.title}</legend>
            {group.lead ? <p className="card-lead form-lead">{group.lead}</p> : null}
            {group.fields.map((field) => (
              <SettingInput
                key={field.key}
                field={field}
                value={values[field.key]}
                disabled={saving || (field.codes === 'lgas' && !values.businessState)}
                error={problems[field.key] ?? (badField === field.key ? messageFor(field.key, errorMessage(saveError)) : undefined)}
                onChange={(v) => set(field.key, v)}
                codeOptions={field.codes === 'states' ? toOptions(states.data) : field.codes === 'lgas' ? toOptions(lgas.data) : undefined}
              />
            ))}
          </fieldset>
        ))}
        <div className="form-actions">
          <span className="muted">
            {dirty.length > 0 ? `${dirty.length} unsaved ${dirty.length === 1 ? 'change' : 'changes'}` : 'All changes saved'}
          </span>
          <button
            type="button"
            className="btn btn-secondary"
            disabled={saving || dirty.length === 0}
            onClick={() => {
              setValues(saved);
              setProblems({});
              reset();
            }}
          >
            Discard
          </button>
          <button type="submit" className="btn btn-primary" data-testid="settings-save" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
      {/* Its own card, outside the settings form: the keys go to the keychain, not with the other settings. */}
      <MappingsCard />
      <NrsKeysCard />
    </div>
  );
}
