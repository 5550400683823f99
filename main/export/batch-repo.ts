import type { Page } from '../../shared/domain';
import type { ExportBatchView, ExportFormat } from '../../shared/export';
import type { Db } from '../platform/db/open';
import type { ExportProfile } from './profile';

// The one owner of export_batches. A batch row is written in the same transaction that marks its invoices exported
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
  sha256: string;
  invoiceCount: number;
  creditNoteCount: number;
  files: ExportBatchView['files'];
  snapshot: BatchSnapshot;
  createdAt: number;
}

// The 0001 table named the JSON format firs_json; the contract calls it nrs-json.
const toDb = (f: ExportFormat) => (f === 'nrs-json' ? 'firs_json' : 'csv');
const fromDb = (f: string): ExportFormat => (f === 'firs_json' ? 'nrs-json' : 'csv');

interface BatchRow {
  id: number; name: string; format: string; file_path: string; sha256: string; invoice_count: number;
  credit_note_count: number; files_json: string; snapshot_json: string; created_at: number;
}

const toView = (r: BatchRow): ExportBatchView => ({
  id: r.id, name: r.name, format: fromDb(r.format), createdAt: new Date(r.created_at).toISOString(), path: r.file_path,
  sha256: r.sha256, invoiceCount: r.invoice_count, creditNoteCount: r.credit_note_count,
  files: JSON.parse(r.files_json) as ExportBatchView['files'],
});

export class BatchRepo {
  constructor(private readonly db: Db) {}

  insert(b: NewBatch): number {
    return Number(this.db.prepare(`INSERT INTO export_batches (name, format, status, file_path, sha256, invoice_count,
        credit_note_count, files_json, snapshot_json, created_at) VALUES (?, ?, 'written', ?, ?, ?, ?, ?, ?, ?)`)
      .run(b.name, toDb(b.format), b.path, b.sha256, b.invoiceCount, b.creditNoteCount, JSON.stringify(b.files),
        JSON.stringify(b.snapshot), b.createdAt).lastInsertRowid);
  }

  get(id: number): { view: ExportBatchView; snapshot: BatchSnapshot; createdAt: number } | null {
    const r = this.db.prepare('SELECT * FROM export_batches WHERE id = ? AND name IS NOT NULL').get(id) as BatchRow | undefined;
    return r ? { view: toView(r), snapshot: JSON.parse(r.snapshot_json) as BatchSnapshot, createdAt: r.created_at } : null;
  }

  list(page: number, pageSize: number): Page<ExportBatchView> {
    // files_json can be large (one entry per invoice file): the list leaves it out.
    const rows = this.db.prepare(`SELECT id, name, format, file_path, sha256, invoice_count, credit_note_count, '[]' AS files_json,
        snapshot_json, created_at FROM export_batches WHERE name IS NOT NULL ORDER BY id DESC LIMIT ? OFFSET ?`)
      .all(pageSize, (page - 1) * pageSize) as BatchRow[];
    const total = this.db.prepare('SELECT count(*) FROM export_batches WHERE name IS NOT NULL').pluck().get() as number;
    return { items: rows.map(toView), total, page, pageSize };
  }

  names(): Set<string> {
    return new Set(this.db.prepare('SELECT name FROM export_batches WHERE name IS NOT NULL').pluck().all() as string[]);
  }
}
