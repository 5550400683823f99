import type { Database } from 'better-sqlite3';

// square_payments_amount and square_refunds_amount (migration 0008) are keyed by the amount, which is as good as
// random from one sale to the next: every payment stored landed in a different leaf page of that index, one more page
// written to the WAL at each commit (two writes) and copied again by the checkpointer — ~40 µs of the writer thread a
// payment in a probe (docs/benchmarks.md, "An index keyed by amount"), for a search and a sort the owner rarely asks for.
// Instead each time index (created_at, id), (location_id, created_at, id), (status, created_at, id) carries the amount
// as its last column: those are written in time order (the page being filled is the one already dirty), and the
// amount search and sort read the amounts from them without touching the rows' JSON (pipeline/transactions.ts).
// Sorting by amount with a location or a status filter, which read every matching row before, reads one index now.
export const name = 'amount-in-time-indexes';

const TIME_INDEXES = [
  ['created', 'created_at, id'],
  ['location_created', 'location_id, created_at, id'],
  ['status_created', 'status, created_at, id'],
] as const;

export function up(db: Database): void {
  const statements = ['DROP INDEX IF EXISTS square_payments_amount;', 'DROP INDEX IF EXISTS square_refunds_amount;'];
  for (const table of ['square_payments', 'square_refunds']) {
    for (const [suffix, columns] of TIME_INDEXES) {
      statements.push(`DROP INDEX IF EXISTS ${table}_${suffix};`, `CREATE INDEX ${table}_${suffix} ON ${table} (${columns}, amount_minor);`);
    }
  }
  db.exec(statements.join('\n'));
}
