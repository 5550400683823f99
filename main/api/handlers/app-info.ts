import type { AppInfo } from '../../../shared/domain';
import type { AreaHandlers } from './types';

export function createAppHandlers(info: () => AppInfo): AreaHandlers<'app'> {
  return { 'app.info': () => info() };
}
