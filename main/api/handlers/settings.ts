import { ApiError, type FieldError } from '../../../shared/contract';
import { SETTING_LABELS } from '../../../shared/field-words';
import type { EnvironmentSetting, SettingKey, Settings } from '../../../shared/settings';
import { profileCodeProblems } from '../../export/profile';
import type { PushBus } from '../../platform/push-bus';
import type { SettingsRepo } from '../../platform/settings/settings-repo';
import type { AreaHandlers } from './types';

/**
 * The webhook mode follows the public URL when only the URL is given (as before the mode was a choice): entering an
 * address uses it (the owner's own address is preferred to the relay), emptying it goes to off, catch-up only — never
 * to the public relay, which the owner must choose themselves (a third party sees the sales passing through it).
 */
function withModeFollowingUrl(patch: Partial<Settings>, current: Settings): Partial<Settings> {
  if (patch.webhookMode !== undefined || patch.webhookPublicUrl === undefined) return patch;
  if (patch.webhookPublicUrl) return { ...patch, webhookMode: 'public_url' };
  return current.webhookMode === 'public_url' ? { ...patch, webhookMode: 'off' } : patch;
}

/** Every problem of the settings as they would be after `patch`, each at its field, in the owner's words. */
function problemsOf(patch: Partial<Settings>, next: Settings, fromEnv: EnvironmentSetting[]): FieldError[] {
  const out: FieldError[] = [];
  for (const key of Object.keys(patch) as SettingKey[]) {
    const env = fromEnv.find((e) => e.key === key);
    // A value the environment decides cannot be changed here (it would be silently ignored): say who decides it.
    if (env && patch[key] !== env.value) {
      out.push({ field: key, message: `${env.variable} decides this when the app starts. Change that variable, then restart the app.` });
    }
  }
  const urlFromEnv = fromEnv.some((e) => e.key === 'webhookPublicUrl');
  if (next.webhookMode === 'public_url' && !next.webhookPublicUrl && !urlFromEnv) {
    out.push({ field: 'webhookPublicUrl', message: 'Enter your own HTTPS address first, e.g. https://pos.example.com/square/webhook.' });
  }
  for (const p of profileCodeProblems(next)) out.push({ field: p.field, message: p.message });
  return out;
}

export function createSettingsHandlers(
  settings: SettingsRepo,
  bus: PushBus,
  fromEnvironment: () => EnvironmentSetting[] = () => [],
): AreaHandlers<'settings'> {
  return {
    'settings.get': () => settings.getAll(),
    'settings.set': (input) => {
      // The contract checked the shapes; membership in the NRS lists (state, LGA of that state, type codes, default
      // classification) is checked against the settings as they would be after this change. Every problem is refused
      // at its own field, all at once, so the owner can fix them in one go.
      const current = settings.getAll();
      const patch = withModeFollowingUrl(input, current);
      const problems = problemsOf(patch, { ...current, ...patch }, fromEnvironment());
      const first = problems[0];
      if (first) {
        const message =
          problems.length === 1
            ? `Nothing was saved. Check “${SETTING_LABELS[first.field as SettingKey]}”: ${first.message}`
            : `Nothing was saved: ${problems.length} fields need fixing. Fix each as it says, then save again.`;
        throw new ApiError('invalid_input', message, first.field, {
          fieldErrors: problems,
          detail: `settings.set refused: ${problems.map((p) => p.field).join(', ')}`,
        });
      }
      const next = settings.update(patch);
      bus.emit('settings.changed', next);
      return next;
    },
  };
}
