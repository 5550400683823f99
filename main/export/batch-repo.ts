import type { Page } from '../../shared/domain';
import type { ExportBatchView, ExportFormat } from '../../shared/export';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../platform/db/open';
import type { ExportProfile } from './profile';

// The one owner of export_batches and export_batch_files. A batch row is written in the same transaction that marks its invoices exported
// (export-service.ts), so a batch exists exactly when its invoices are exported.

/** What a re-export needs besides the stored invoices to write the same bytes. */
export interface BatchSnapshot {
  profile: ExportProfile;
  /** Naira rates used, "CUR YYYY-MM-DD" → rate. */
  rates: Record<string, string>;
  /** Time zone per location id used for issue_time ('' = no location). */
  timeZones: Record<string, string>;
}

export interface NewBatch {
  name: string;
  format: ExportFormat;
  path: string;
  /** The main file: first in the batch's file list, before the staged ones (stageFiles). */
  main: BatchFile;
  invoiceCount: number;
  creditNoteCount: number;
  snapshot: BatchSnapshot;
  createdAt: number;
}

type BatchFile = ExportBatchView['files'][number];

// The 0001 table named the JSON format firs_json; the contract calls it nrs-json.
const toDb = (f: ExportFormat) => (f === 'nrs-json' ? 'firs_json' : 'csv');
const fromDb = (f: string): ExportFormat => (f === 'firs_json' ? 'nrs-json' : 'csv');

interface BatchRow {
  id: number; name: string; format: string; file_path: string; sha256: string; invoice_count: number;
  credit_note_count: number; snapshot_json: string; created_at: number;
}

/** NRS JSON: the array file and one file per document; CSV: one file. */
export const fileCountOf = (format: ExportFormat, documents: number): number => (format === 'nrs-json' ? documents + 1 : 1);

const toView = (r: BatchRow, files: ExportBatchView['files']): ExportBatchView => ({
  id: r.id, name: r.name, format: fromDb(r.format), createdAt: new Date(r.created_at).toISOString(), path: r.file_path,
  sha256: r.sha256, invoiceCount: r.invoice_count, creditNoteCount: r.credit_note_count,
  fileCount: fileCountOf(fromDb(r.format), r.invoice_count + r.credit_note_count), files,
});

const COLUMNS = 'id, name, format, file_path, sha256, invoice_count, credit_note_count, snapshot_json, created_at';

export class BatchRepo {
  private stageStatement: Statement<[string]> | null = null;

  constructor(private readonly db: Db) {}

  /**
   * A batch's file list is staged in a temporary table (this connection's own, outside any transaction) page by page
   * while the files are written, and copied to export_batch_files at the commit: a 50,000-invoice batch's list held
   * in JS and turned into one JSON text at the commit was the export's memory peak (migration 0010). clearStagedFiles()
   * starts (and abandons) a staging.
   */
  clearStagedFiles(): void {
    this.db.exec(`CREATE TEMP TABLE IF NOT EXISTS export_files (seq INTEGER PRIMARY KEY, name TEXT NOT NULL,
        sha256 TEXT NOT NULL, bytes INTEGER NOT NULL);
      DELETE FROM temp.export_files;`);
  }

  /** Stages files after those staged so far (see clearStagedFiles): one statement, whatever the count. */
  stageFiles(files: readonly BatchFile[]): void {
    if (!files.length) return;
    this.stageStatement ??= this.db.prepare(`INSERT INTO temp.export_files (name, sha256, bytes)
        SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) ORDER BY key`);
    this.stageStatement.run(JSON.stringify(files.map((f) => [f.name, f.sha256, f.bytes])));
  }

  /**
   * Records the batch, and its file list (the main file, then the staged ones) into export_batch_files with one
   * INSERT … SELECT; clears the staging. Must run inside the caller's transaction (with the invoices' marks).
   */
  insert(b: NewBatch): number {
    const id = Number(this.db.prepare(`INSERT INTO export_batches (name, format, status, file_path, sha256, invoice_count,
        credit_note_count, snapshot_json, created_at) VALUES (?, ?, 'written', ?, ?, ?, ?, ?, ?)`)
      .run(b.name, toDb(b.format), b.path, b.main.sha256, b.invoiceCount, b.creditNoteCount, JSON.stringify(b.snapshot),
        b.createdAt).lastInsertRowid);
    this.db.prepare('INSERT INTO export_batch_files (batch_id, seq, name, sha256, bytes) VALUES (?, 0, ?, ?, ?)')
      .run(id, b.main.name, b.main.sha256, b.main.bytes);
    this.db.prepare(`INSERT INTO export_batch_files (batch_id, seq, name, sha256, bytes)
        SELECT ?, seq, name, sha256, bytes FROM temp.export_files ORDER BY seq`).run(id);
    this.db.exec('DELETE FROM temp.export_files');
    return id;
  }

  get(id: number): { view: ExportBatchView; snapshot: BatchSnapshot; createdAt: number } | null {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM export_batches WHERE id = ? AND name IS NOT NULL`).get(id) as BatchRow | undefined;
    if (!r) return null;
    const files = this.db.prepare('SELECT name, sha256, bytes FROM export_batch_files WHERE batch_id = ? ORDER BY seq').all(id) as ExportBatchView['files'];
    return { view: toView(r, files), snapshot: JSON.parse(r.snapshot_json) as BatchSnapshot, createdAt: r.created_at };
  }

  list(page: number, pageSize: number): Page<ExportBatchView> {
    // A batch's file list can be long (one entry per invoice file): the list leaves it out (fileCount says how many).
    const rows = this.db.prepare(`SELECT ${COLUMNS} FROM export_batches WHERE name IS NOT NULL ORDER BY id DESC LIMIT ? OFFSET ?`)
      .all(pageSize, (page - 1) * pageSize) as BatchRow[];
    const total = this.db.prepare('SELECT count(*) FROM export_batches WHERE name IS NOT NULL').pluck().get() as number;
    return { items: rows.map((r) => toView(r, [])), total, page, pageSize };
  }

  names(): Set<string> {
    return new Set(this.db.prepare('SELECT name FROM export_batches WHERE name IS NOT NULL').pluck().all() as string[]);
  }
}
