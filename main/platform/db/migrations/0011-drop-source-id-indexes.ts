import type { Database } from 'better-sqlite3';

// invoices_order (source_order_id) and invoices_payment (source_payment_id), from the first schema, are read by no
// query: a sale's invoice is found by source_key ('order:…' / 'payment:…'), and the Transactions search joins from
// the invoices it matched by number (by rowid) to Square's payments, not the other way round. Both are keyed by
// Square's random ids, so every sale written landed in a different leaf page of each: at a 100-sale commit into
// 100,000 invoices, ~200 more pages written to the WAL, then copied by the checkpointer. Without them a 100,000-order
// backfill took 23.0–25.4 s against 29.9–34.0 s in alternating runs (docs/benchmarks.md, "Two indexes nothing read").
export const name = 'drop-source-id-indexes';

export function up(db: Database): void {
  db.exec(`
    DROP INDEX IF EXISTS invoices_order;
    DROP INDEX IF EXISTS invoices_payment;
  `);
}
