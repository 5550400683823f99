import type { Db } from './open';

/**
 * Runs `work` (one or more commits) with synchronous=FULL, then restores the connection's setting. The app runs WAL
 * with synchronous=NORMAL, where a commit survives a crash of the app but not a power cut (the WAL is fsynced only at
 * checkpoints). That is right for what can be fetched again from Square, not for what we have acknowledged: once the
 * receiver answers 200, Square never sends that event again (and catch-up cannot recover every type, e.g. a revoked
 * authorisation). With FULL each such commit fsyncs the WAL before returning. The pragma is per connection and the
 * work is synchronous, so no other commit of this connection runs meanwhile.
 */
export function durably<T>(db: Db, work: () => T): T {
  const previous = db.pragma('synchronous', { simple: true }) as number;
  if (previous >= 2) return work();
  db.pragma('synchronous = FULL');
  try {
    return work();
  } finally {
    db.pragma(`synchronous = ${previous}`);
  }
}
