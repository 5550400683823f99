import type { Database } from 'better-sqlite3';

// Document number sequences. A counter row (not max(number)+1) so a number is never reused, even after a void.
export const name = 'counters';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE counters (
      name TEXT PRIMARY KEY,
      value INTEGER NOT NULL CHECK (value >= 0)
    ) STRICT;
    -- The worker claims due rows in this order; a partial index keeps the scan to live rows only.
    CREATE INDEX webhook_inbox_live ON webhook_inbox (state, next_attempt_at, id) WHERE state IN ('pending', 'processing');
  `);
}
