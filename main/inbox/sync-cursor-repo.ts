import type { SyncCursorView, SyncStream } from '../../shared/sync';
import type { Db } from '../platform/db/open';

// Catch-up positions in sync_cursors: per (location, stream), Square's updated_at up to which everything has been put
// in the inbox. A backfill's windows keep their positions here too (keys `backfill:…`, see order-windows.ts).
// A cursor only moves forward, and only inside the transaction that inserted the objects it covers.

export class SyncCursorRepo {
  private readonly getStmt;
  private readonly upsertStmt;

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare('SELECT synced_until FROM sync_cursors WHERE location_id = ? AND stream = ?');
    this.upsertStmt = db.prepare(
      `INSERT INTO sync_cursors (location_id, stream, synced_until, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (location_id, stream) DO UPDATE SET synced_until = excluded.synced_until, updated_at = excluded.updated_at`,
    );
  }

  get(locationId: string, stream: SyncStream): string | null {
    const row = this.getStmt.get(locationId, stream) as { synced_until: string } | undefined;
    return row?.synced_until ?? null;
  }

  /**
   * Moves the cursor to `until` unless it already stands at or past it. Times are compared as instants, not as
   * strings: Square writes fractions of a second with varying precision.
   */
  advance(locationId: string, stream: SyncStream, until: string, now: number): void {
    const target = Date.parse(until);
    if (Number.isNaN(target)) return;
    const current = this.get(locationId, stream);
    if (current !== null && Date.parse(current) >= target) return;
    this.upsertStmt.run(locationId, stream, until, now);
  }

  /** Forgets every position whose key starts with `prefix` (a finished backfill's windows). */
  deletePrefix(prefix: string): void {
    this.db.prepare("DELETE FROM sync_cursors WHERE substr(location_id, 1, ?) = ?").run(prefix.length, prefix);
  }

  all(): SyncCursorView[] {
    return (
      this.db.prepare('SELECT location_id, stream, synced_until FROM sync_cursors ORDER BY location_id, stream').all() as {
        location_id: string; stream: SyncStream; synced_until: string;
      }[]
    ).map((r) => ({ locationId: r.location_id, stream: r.stream, syncedUntil: r.synced_until }));
  }
}
