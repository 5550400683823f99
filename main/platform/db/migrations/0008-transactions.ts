import type { Database } from 'better-sqlite3';

// Transactions screen (docs/architecture.md, "Transactions and failed events"): Square's payments and refunds as
// stored, filtered, sorted and paged on the main side at 100,000 rows. What the list shows lives in raw_json (Square's
// wire JSON); virtual generated columns name those fields once, cost nothing to store, and can be indexed, so a
// window is read from an index instead of parsing every row's JSON to sort it. Adding a VIRTUAL column does not
// rewrite the table. Each index ends with id, the list's tie-break, so a window of either sort is read from the index
// alone (the JSON is not touched for rows an OFFSET skips). The inbox gains an index from an object to its events that still need the owner (dead, or
// waiting to be tried again), which is how a transaction finds its processing error.
export const name = 'transactions';

export function up(db: Database): void {
  db.exec(`
    ALTER TABLE square_payments ADD COLUMN created_at TEXT
      GENERATED ALWAYS AS (coalesce(json_extract(raw_json, '$.created_at'), updated_at)) VIRTUAL;
    ALTER TABLE square_payments ADD COLUMN amount_minor INTEGER
      GENERATED ALWAYS AS (json_extract(raw_json, '$.amount_money.amount')) VIRTUAL;
    ALTER TABLE square_payments ADD COLUMN currency TEXT
      GENERATED ALWAYS AS (json_extract(raw_json, '$.amount_money.currency')) VIRTUAL;
    CREATE INDEX square_payments_created ON square_payments (created_at, id);
    CREATE INDEX square_payments_location_created ON square_payments (location_id, created_at, id);
    CREATE INDEX square_payments_status_created ON square_payments (status, created_at, id);
    CREATE INDEX square_payments_amount ON square_payments (amount_minor, id);

    ALTER TABLE square_refunds ADD COLUMN created_at TEXT
      GENERATED ALWAYS AS (coalesce(json_extract(raw_json, '$.created_at'), updated_at)) VIRTUAL;
    ALTER TABLE square_refunds ADD COLUMN amount_minor INTEGER
      GENERATED ALWAYS AS (json_extract(raw_json, '$.amount_money.amount')) VIRTUAL;
    ALTER TABLE square_refunds ADD COLUMN currency TEXT
      GENERATED ALWAYS AS (json_extract(raw_json, '$.amount_money.currency')) VIRTUAL;
    CREATE INDEX square_refunds_created ON square_refunds (created_at, id);
    CREATE INDEX square_refunds_location_created ON square_refunds (location_id, created_at, id);
    CREATE INDEX square_refunds_status_created ON square_refunds (status, created_at, id);
    CREATE INDEX square_refunds_amount ON square_refunds (amount_minor, id);

    CREATE INDEX webhook_inbox_problems ON webhook_inbox (object_id)
      WHERE state = 'dead' OR (state = 'pending' AND attempts > 0);
  `);
}
