import type { Database } from 'better-sqlite3';

// Export to TaxPoynt (docs/taxpoynt-export.md). export_batches (from 0001) gains what a re-export needs to write the
// same bytes again: its name (the folder), the files' hashes and the snapshot of the business profile and exchange
// rates it used. Invoices record what was decided at export (payment means), so an exported document is complete on
// its own. Two small tables keep the owner's per-item classifications and naira exchange rates.
export const name = 'export';

export function up(db: Database): void {
  db.exec(`
    ALTER TABLE export_batches ADD COLUMN name TEXT;
    ALTER TABLE export_batches ADD COLUMN sha256 TEXT;
    ALTER TABLE export_batches ADD COLUMN credit_note_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE export_batches ADD COLUMN files_json TEXT CHECK (files_json IS NULL OR json_valid(files_json));
    ALTER TABLE export_batches ADD COLUMN snapshot_json TEXT CHECK (snapshot_json IS NULL OR json_valid(snapshot_json));
    CREATE UNIQUE INDEX export_batches_name ON export_batches (name) WHERE name IS NOT NULL;
    ALTER TABLE invoices ADD COLUMN payment_means_code TEXT;
    CREATE INDEX invoices_export_batch ON invoices (export_batch_id) WHERE export_batch_id IS NOT NULL;

    CREATE TABLE item_classifications (
      -- 'catalog:<catalog_object_id>' or 'name:<item name, lower case, spaces collapsed>'.
      item_key TEXT PRIMARY KEY,
      item TEXT NOT NULL,
      catalog_object_id TEXT,
      kind TEXT NOT NULL CHECK (kind IN ('goods', 'service')),
      code TEXT NOT NULL,
      category TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE exchange_rates (
      currency TEXT NOT NULL CHECK (length(currency) = 3),
      date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      -- Naira per unit, the decimal text the owner typed (never a float).
      rate TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (currency, date)
    ) STRICT;
  `);
}
