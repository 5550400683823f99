import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './migrate';

export type Db = Database.Database;

export const DB_FILE_NAME = 'taxpoynt.sqlite';

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running ABI (the Electron shell passes its own build). */
  nativeBinding?: string;
}

/** Opens (creating if needed) the app database in dataDir, applies pragmas and migrations. */
export function openDatabase(dataDir: string, options: OpenOptions = {}): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DB_FILE_NAME), {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash or power cut can lose the last
    // commits, and catch-up sync re-fetches anything from Square that such a loss could drop.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // 16 MB of page cache instead of SQLite's 2 MB: a pipeline batch (up to 100 sales, each touching ~6–10 pages)
    // then stays in memory until its commit instead of spilling pages to the WAL mid-transaction.
    db.pragma('cache_size = -16000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
