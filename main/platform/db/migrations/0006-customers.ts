import type { Database } from 'better-sqlite3';

// Buyers from Square customers (docs/square.md, "Buyers from Square customers"). Catch-up sync gains a customers
// stream: customers belong to the merchant, not to a location, so its cursor row is keyed `merchant:<id>`, and the
// stream CHECK of sync_cursors must allow it — SQLite cannot alter a CHECK, so the table is rebuilt (nothing
// references it). A customer.updated finds the documents whose buyer came from that customer through the index.
export const name = 'customers';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE sync_cursors_new (
      location_id TEXT NOT NULL,
      stream TEXT NOT NULL CHECK (stream IN ('payments', 'refunds', 'orders', 'customers')),
      synced_until TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (location_id, stream)
    ) STRICT;
    INSERT INTO sync_cursors_new (location_id, stream, synced_until, updated_at)
      SELECT location_id, stream, synced_until, updated_at FROM sync_cursors;
    DROP TABLE sync_cursors;
    ALTER TABLE sync_cursors_new RENAME TO sync_cursors;

    CREATE INDEX invoices_buyer_customer ON invoices (buyer_customer_id) WHERE buyer_customer_id IS NOT NULL;
  `);
}
