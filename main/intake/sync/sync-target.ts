import type { SquareConnectionService } from '../../square/connection-service';

// What sync may read right now: the connected merchant and the locations the owner selected for invoicing, or why not.

export type SyncTarget =
  | { ok: true; merchantId: string; locationIds: string[] }
  | { ok: false; reason: string };

export function syncTarget(connection: SquareConnectionService): SyncTarget {
  const { connection: conn, locations } = connection.status();
  if (!conn) return { ok: false, reason: 'Square is not connected; sync starts once the shop is connected.' };
  if (conn.status !== 'connected') {
    return { ok: false, reason: conn.statusReason ?? 'Square needs to be reconnected before sync can run.' };
  }
  const locationIds = locations.filter((l) => l.selected).map((l) => l.id);
  if (!locationIds.length) return { ok: false, reason: 'No Square location is selected for invoicing; nothing to sync.' };
  return { ok: true, merchantId: conn.merchantId, locationIds };
}
