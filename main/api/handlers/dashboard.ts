import type { DashboardService } from '../dashboard-service';
import type { NotificationsWatcher } from '../notifications-watcher';
import type { AreaHandlers } from './types';

/** The owner's dashboard, and the notices the banner shows (the same ones the desktop notifies about). */
export function createDashboardHandlers(dashboard: DashboardService, watcher: NotificationsWatcher): AreaHandlers<'dashboard'> & AreaHandlers<'notifications'> {
  return {
    'dashboard.get': () => dashboard.summary(),
    // Fresh rather than the watcher's last answer: a deadline may have come closer since its last look.
    'notifications.list': () => {
      watcher.check();
      return watcher.current();
    },
  };
}
