import type { Database } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index';

export class SchemaTooNewError extends Error {
  constructor(readonly found: number, readonly supported: number) {
    super(
      `This data file was written by a newer version of TaxPoynt POS Desk (schema ${found}; this version ` +
        `understands up to ${supported}). Update the app; the file has not been changed.`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Brings the schema up to date. Each migration runs in its own transaction together with the bump of
 * `user_version` and its row in `schema_migrations`, so a crash leaves the file at a whole version.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) throw new SchemaTooNewError(current, latest);

  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');

  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      record.run(migration.version, migration.name, Date.now());
      // PRAGMA cannot take bound parameters; version is an integer from our own list.
      db.pragma(`user_version = ${Math.trunc(migration.version)}`);
    }).immediate();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
