import Database from 'better-sqlite3';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, SchemaTooNewError } from '../../main/platform/db/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../../main/platform/db/migrations/index';
import { DB_FILE_NAME, openDatabase } from '../../main/platform/db/open';
import { tempDir } from '../support/temp-app';

const EXPECTED_TABLES = [
  'audit_log', 'counters', 'exchange_rates', 'export_batch_files', 'export_batches', 'invoice_lines', 'invoice_taxes', 'invoices', 'item_classifications', 'locations', 'schema_migrations',
  'settings', 'square_connections', 'square_customers', 'square_orders', 'square_payments', 'square_refunds', 'sync_cursors',
  'webhook_inbox',
];

describe('database migrations', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('creates the full schema on a fresh database with WAL, foreign keys and STRICT tables', () => {
    const dir = fresh();
    const db = openDatabase(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db
      .prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`)
      .all() as { name: string; strict: number }[];
    expect(tables.map((t) => t.name).sort()).toEqual(EXPECTED_TABLES);
    expect(tables.filter((t) => t.strict !== 1)).toEqual([]);
    const recorded = db.prepare('SELECT version, name FROM schema_migrations').all();
    expect(recorded).toEqual([
      { version: 1, name: 'initial' },
      { version: 2, name: 'counters' },
      { version: 3, name: 'inbox-received-index' },
      { version: 4, name: 'review' },
      { version: 5, name: 'invoice-list-indexes' },
      { version: 6, name: 'customers' },
      { version: 7, name: 'export' },
      { version: 8, name: 'transactions' },
      { version: 9, name: 'dashboard-indexes' },
      { version: 10, name: 'export-batch-files' },
      { version: 11, name: 'drop-source-id-indexes' },
      { version: 12, name: 'amount-in-time-indexes' },
    ]);
    db.close();
    expect(existsSync(join(dir, DB_FILE_NAME))).toBe(true);
  });

  it('re-opens an existing database without re-running migrations and keeps its data', () => {
    const dir = fresh();
    const first = openDatabase(dir);
    first.prepare(`INSERT INTO settings (key, value_json, updated_at) VALUES ('businessName', '"Ada Stores"', 1)`).run();
    first.close();
    const second = openDatabase(dir);
    expect(second.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    expect(second.prepare(`SELECT value_json FROM settings WHERE key = 'businessName'`).get()).toEqual({
      value_json: '"Ada Stores"',
    });
    second.close();
  });

  it('refuses a database written by a newer version, with a clear message, and leaves the file untouched', () => {
    const dir = fresh();
    openDatabase(dir).close();
    const file = join(dir, DB_FILE_NAME);
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = readFileSync(file);
    expect(() => openDatabase(dir)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(dir)).toThrow(/newer version of TaxPoynt POS Desk.*Update the app/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('rolls back a failing migration completely, leaving the previous version', () => {
    const db = new Database(':memory:');
    const failing: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE a (x INTEGER) STRICT') },
      {
        version: 2,
        name: 'two',
        up: (d) => {
          d.exec('CREATE TABLE b (x INTEGER) STRICT');
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, failing)).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'b'`).get()).toBeUndefined();
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
  });

  it('0006 keeps the sync cursors it rebuilds and lets the customers stream in', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 5));
    db.prepare(`INSERT INTO sync_cursors (location_id, stream, synced_until, updated_at) VALUES ('L1', 'orders', '2026-11-20T10:00:00Z', 7)`).run();
    const customers = db.prepare(`INSERT INTO sync_cursors (location_id, stream, synced_until, updated_at) VALUES ('merchant:M1', 'customers', '2026-11-20T10:00:00Z', 8)`);
    expect(() => customers.run()).toThrow(/CHECK/);
    migrate(db);
    expect(db.prepare('SELECT location_id, stream, synced_until, updated_at FROM sync_cursors').all())
      .toEqual([{ location_id: 'L1', stream: 'orders', synced_until: '2026-11-20T10:00:00Z', updated_at: 7 }]);
    customers.run();
    expect(() => db.prepare(`INSERT INTO sync_cursors VALUES ('L1', 'elsewhere', 'x', 1)`).run()).toThrow(/CHECK/);
    db.close();
  });

  it('0010 moves every recorded batch file list into its own table, in order, and empties the old column', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 9));
    const files = [
      { name: 'batch.json', sha256: 'a'.repeat(64), bytes: 300 },
      { name: 'INV1-SVC00001-20261120.json', sha256: 'b'.repeat(64), bytes: 120 },
      { name: 'INV2-SVC00001-20261120.json', sha256: 'c'.repeat(64), bytes: 180 },
    ];
    db.prepare(`INSERT INTO export_batches (name, format, status, file_path, sha256, invoice_count, credit_note_count,
        files_json, snapshot_json, created_at) VALUES ('b1', 'firs_json', 'written', '/x/batch.json', ?, 2, 0, ?, '{}', 1)`)
      .run('a'.repeat(64), JSON.stringify(files));
    migrate(db);
    expect(db.prepare('SELECT seq, name, sha256, bytes FROM export_batch_files ORDER BY seq').all())
      .toEqual(files.map((f, seq) => ({ seq, ...f })));
    expect(db.prepare('SELECT files_json FROM export_batches').pluck().get()).toBeNull();
    db.close();
  });

  it('0011 leaves no index on the invoices\' Square order and payment ids, and a sale\'s invoice is still found by its source', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 10));
    const indexedColumns = () => (db.prepare(`SELECT DISTINCT ii.name FROM pragma_index_list('invoices') il, pragma_index_info(il.name) ii`).pluck().all() as string[]);
    expect(indexedColumns()).toEqual(expect.arrayContaining(['source_order_id', 'source_payment_id']));
    migrate(db);
    expect(indexedColumns()).not.toContain('source_order_id');
    expect(indexedColumns()).not.toContain('source_payment_id');
    // The lookups the pipeline and the Transactions screen make go through source_key's unique index.
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM invoices WHERE source_key = 'order:' || ?`).all('O1') as { detail: string }[];
    expect(plan.map((r) => r.detail)).toEqual(['SEARCH invoices USING COVERING INDEX sqlite_autoindex_invoices_1 (source_key=?)']);
    db.close();
  });

  it('0012 keeps no index led by the amount of a payment or refund; each time index carries it last, rows kept', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 11));
    db.prepare(`INSERT INTO square_payments (id, order_id, location_id, status, updated_at, raw_json, fetched_at)
      VALUES ('P1', 'O1', 'L1', 'COMPLETED', '2026-11-20T10:00:00Z', ?, 0)`)
      .run(JSON.stringify({ id: 'P1', created_at: '2026-11-20T10:00:00.000Z', amount_money: { amount: 130750, currency: 'NGN' } }));
    migrate(db);
    for (const table of ['square_payments', 'square_refunds']) {
      const indexes = db.prepare(`SELECT il.name, group_concat(ii.name, ',') AS columns FROM pragma_index_list(?) il,
        pragma_index_info(il.name) ii WHERE il.origin = 'c' GROUP BY il.name ORDER BY il.name`).all(table) as { name: string; columns: string }[];
      expect(indexes.filter((i) => i.columns.startsWith('amount_minor'))).toEqual([]);
      expect(indexes.filter((i) => i.name.endsWith('created')).map((i) => i.columns)).toEqual([
        'created_at,id,amount_minor', 'location_id,created_at,id,amount_minor', 'status,created_at,id,amount_minor',
      ]);
    }
    // The amount is read from the index (the time order's, here) and matches the row's JSON.
    expect(db.prepare('SELECT amount_minor FROM square_payments INDEXED BY square_payments_created WHERE amount_minor = 130750').pluck().all())
      .toEqual([130750]);
    db.close();
  });

  it('enforces the schema rules that protect money and one invoice per sale', () => {
    const dir = fresh();
    const db = openDatabase(dir);
    const insert = db.prepare(`INSERT INTO invoices (kind, source_key, status, currency, issue_date, issued_at,
      line_extension_minor, tax_exclusive_minor, tax_total_minor, tax_inclusive_minor, payable_minor, created_at,
      updated_at) VALUES ('invoice', ?, 'draft', 'USD', '2026-11-20', '2026-11-20T10:00:00Z', ?, 100, 0, 100, 100, 1, 1)`);
    insert.run('order:A', 100);
    expect(() => insert.run('order:A', 100)).toThrow(/UNIQUE/);
    // STRICT: a float where an integer minor-unit amount belongs is refused by SQLite itself.
    expect(() => insert.run('order:B', 1.5)).toThrow(/INTEGER/);
    expect(() =>
      db.prepare(`INSERT INTO invoice_lines (invoice_id, line_no, name, quantity, unit_price_minor, gross_minor,
        line_extension_minor, total_minor) VALUES (999, 1, 'x', '1', 1, 1, 1, 1)`).run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
