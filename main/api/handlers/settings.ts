import type { PushBus } from '../../platform/push-bus';
import type { SettingsRepo } from '../../platform/settings/settings-repo';
import type { AreaHandlers } from './types';

export function createSettingsHandlers(settings: SettingsRepo, bus: PushBus): AreaHandlers<'settings'> {
  return {
    'settings.get': () => settings.getAll(),
    'settings.set': (patch) => {
      const next = settings.update(patch);
      bus.emit('settings.changed', next);
      return next;
    },
  };
}
