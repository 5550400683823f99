import { ApiError } from '../../../shared/contract';
import { profileCodeProblems } from '../../export/profile';
import type { PushBus } from '../../platform/push-bus';
import type { SettingsRepo } from '../../platform/settings/settings-repo';
import type { AreaHandlers } from './types';

export function createSettingsHandlers(settings: SettingsRepo, bus: PushBus): AreaHandlers<'settings'> {
  return {
    'settings.get': () => settings.getAll(),
    'settings.set': (patch) => {
      // The contract checked the shapes; membership in the NRS lists (state, LGA of that state, type codes, default
      // classification) is checked against the settings as they would be after this change, refused at the field.
      const problem = profileCodeProblems({ ...settings.getAll(), ...patch })[0];
      if (problem) throw new ApiError('invalid_input', problem.message, problem.field);
      const next = settings.update(patch);
      bus.emit('settings.changed', next);
      return next;
    },
  };
}
