import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ownerIssueWords } from '../../../shared/field-words';
import { settingsSchema, type EnvironmentSetting, type Settings as SettingsValues, type SettingKey } from '../../../shared/settings';
import type { CodeEntry } from '../../../shared/review';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Loading';
import { NoticeBanner } from '../components/NoticeBanner';
import { PageHeader } from '../components/PageHeader';
import { NrsKeysCard } from '../components/settings/NrsKeysCard';
import { MappingsCard } from '../components/settings/MappingsCard';
import { LeaveDialog } from '../components/settings/LeaveDialog';
import { ProblemList } from '../components/settings/ProblemList';
import { SettingInput } from '../components/settings/SettingInput';
import { SETTING_GROUPS } from '../components/settings/setting-fields';
import { useLeaveGuard } from '../components/settings/useLeaveGuard';
import { errorFieldErrors } from '../error-parts';
import { useAction } from '../hooks/useAction';
import { useQuery } from '../hooks/useQuery';

type Problems = Partial<Record<SettingKey, string>>;

/** The field's problem by the shared rules (main applies them again), in the owner's words; undefined when fine. */
function problemOf(key: SettingKey, value: string): string | undefined {
  const parsed = settingsSchema.shape[key].safeParse(value, { error: ownerIssueWords });
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? 'Check this field.');
}

/** The fields the form shows (the webhook mode is chosen on the Webhooks screen). */
const FORM_KEYS: SettingKey[] = SETTING_GROUPS.flatMap((g) => g.fields.map((f) => f.key));

const toOptions = (codes: CodeEntry[] | undefined) => (codes ?? []).map((c) => ({ value: c.code, label: c.name }));

function changedKeys(values: SettingsValues, saved: SettingsValues): SettingKey[] {
  return FORM_KEYS.filter((k) => values[k] !== saved[k]);
}

/** main's refusal, field by field (every field it names, not only the first). */
function serverProblems(err: unknown): Problems {
  const out: Problems = {};
  for (const f of errorFieldErrors(err)) if (FORM_KEYS.includes(f.field as SettingKey)) out[f.field as SettingKey] ??= f.message;
  return out;
}

export function Settings() {
  const [saved, setSaved] = useState<SettingsValues>();
  const [values, setValues] = useState<SettingsValues>();
  const [loadError, setLoadError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [problems, setProblems] = useState<Problems>({});
  const savedRef = useRef(saved);
  savedRef.current = saved;
  const info = useQuery(() => api['app.info'](), 'app.info');
  const fromEnv = new Map<SettingKey, EnvironmentSetting>((info.data?.settingsFromEnvironment ?? []).map((e) => [e.key, e]));

  const { run, pending, error: saveError, notice, setNotice, reset } = useAction({
    save: async () => {
      if (!values || !saved) return; // the form, and so Save, shows only once both are loaded
      const patch = Object.fromEntries(changedKeys(values, saved).map((k) => [k, values[k]])) as Partial<SettingsValues>;
      try {
        const next = await api['settings.set'](patch);
        setSaved(next);
        setValues(next);
        setProblems({});
        return 'Settings saved.';
      } catch (err) {
        // main's refusal goes to each field it names; the banner above then only counts them.
        const atFields = serverProblems(err);
        setProblems(atFields);
        focusFirst(atFields);
        throw err;
      }
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

  const dirty = values && saved ? changedKeys(values, saved) : [];
  const guard = useLeaveGuard(dirty.length > 0);

  if (!values || !saved) {
    return (
      <div className="screen" data-testid="screen-settings">
        <PageHeader title="Settings" />
        <ErrorBanner error={loadError} title="Could not load settings" onRetry={() => setAttempt((a) => a + 1)} />
        {loadError ? null : <Loading label="Loading settings…" />}
      </div>
    );
  }

  const saving = pending === 'save';
  const problemKeys = FORM_KEYS.filter((k) => problems[k]);
  // A refusal that names fields is shown at them (and counted below); anything else gets the banner with Details.
  const saveErrorAtFields = saveError !== undefined && Object.keys(serverProblems(saveError)).length > 0;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // Every field is checked, not only the changed ones: a value saved by an older version may no longer fit.
    const found: Problems = {};
    for (const key of FORM_KEYS) {
      if (fromEnv.has(key)) continue;
      const problem = problemOf(key, values[key]);
      if (problem) found[key] = problem;
    }
    setProblems(found);
    if (Object.keys(found).length) {
      reset();
      focusFirst(found);
      return;
    }
    if (dirty.length === 0) {
      setNotice('Nothing to save.');
      return;
    }
    run('save');
  };

  const set = (key: SettingKey, value: string) => {
    // A new state makes the chosen LGA wrong: choose again.
    const lga = key === 'businessState' && value !== values.businessState ? { businessLga: '' } : {};
    setValues({ ...values, ...lga, [key]: value } as SettingsValues);
    setNotice(undefined);
    // Once a field shows a problem, it is re-checked as the owner types, so the message goes as soon as it is fixed.
    if (problems[key]) setProblems({ ...problems, [key]: problemOf(key, value) });
  };
  const check = (key: SettingKey) => setProblems((p) => ({ ...p, [key]: problemOf(key, values[key]) }));

  return (
    <div className="screen" data-testid="screen-settings">
      <PageHeader title="Settings" subtitle="Business details used on every invoice, and how we reach Square." />
      <form className="settings-form" noValidate onSubmit={onSubmit}>
        {saveErrorAtFields ? null : <ErrorBanner error={saveError} title="Could not save the settings" />}
        <ProblemList keys={problemKeys} onFocus={(key) => focusField(key)} />
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
                error={problems[field.key]}
                onChange={(v) => set(field.key, v)}
                onBlur={() => check(field.key)}
                fromEnvironment={fromEnv.get(field.key)}
                codeOptions={field.codes === 'states' ? toOptions(states.data) : field.codes === 'lgas' ? toOptions(lgas.data) : undefined}
              />
            ))}
          </fieldset>
        ))}
        <div className="form-actions">
          <span className="muted" data-testid="settings-dirty">
            {dirty.length > 0 ? `${dirty.length} unsaved ${dirty.length === 1 ? 'change' : 'changes'}` : 'All changes saved'}
          </span>
          <button
            type="button"
            className="btn btn-secondary"
            data-testid="settings-discard"
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
      <LeaveDialog open={guard.asking} changes={dirty.length} onStay={guard.stay} onLeave={guard.leave} />
    </div>
  );
}

function focusField(key: SettingKey): void {
  document.getElementById(`setting-${key}`)?.focus();
}

function focusFirst(problems: Problems): void {
  const first = FORM_KEYS.find((k) => problems[k]);
  if (first) focusField(first);
}
