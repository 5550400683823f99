import type { Database } from 'better-sqlite3';

// A batch's file list gets a table of its own (main/export/batch-repo.ts owns it). It was one JSON text in
// export_batches.files_json: for a 50,000-invoice NRS JSON batch, 50,001 entries built into one ~7 MB text at the
// commit, which was the export's memory peak (docs/benchmarks.md, "Export"). Rows are copied from the staging table
// at the commit with one INSERT … SELECT, so no list is ever held whole in memory. Existing lists move here and
// files_json is left NULL (the column stays: dropping it would rewrite the table for nothing).
export const name = 'export-batch-files';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE export_batch_files (
      batch_id INTEGER NOT NULL REFERENCES export_batches (id),
      seq INTEGER NOT NULL,
      name TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      PRIMARY KEY (batch_id, seq)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO export_batch_files (batch_id, seq, name, sha256, bytes)
      SELECT b.id, CAST(j.key AS INTEGER), j.value ->> 'name', j.value ->> 'sha256', j.value ->> 'bytes'
      FROM export_batches b, json_each(b.files_json) j WHERE b.files_json IS NOT NULL;
    UPDATE export_batches SET files_json = NULL WHERE files_json IS NOT NULL;
  `);
}
