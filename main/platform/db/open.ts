import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
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
  ownerOnly(dataDir);
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

/**
 * The data folder holds buyers' names, emails and phones and Square's raw payloads: owner only (0700 folder, 0600
 * files), also when an older version created them readable by others. SQLite gives its -wal and -shm files the
 * database file's mode, so the database file is created 0600 before SQLite opens it. (No effect on Windows, where
 * the user profile's ACLs already keep other users out.)
 */
function ownerOnly(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  chmodSync(dataDir, 0o700);
  const file = join(dataDir, DB_FILE_NAME);
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}
