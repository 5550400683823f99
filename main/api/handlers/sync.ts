import type { SyncService } from '../../intake/sync/sync-service';
import type { AreaHandlers } from './types';

export function createSyncHandlers(sync: SyncService): AreaHandlers<'sync'> {
  return {
    'sync.status': () => sync.status(),
    'sync.run': () => sync.runCatchUp('requested by the owner'),
    'sync.backfill': (range) => sync.backfill(range),
    'sync.cancel': () => sync.cancel(),
  };
}
