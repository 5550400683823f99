import { chmodSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, openDatabase } from '../../main/platform/db/open';
import { tempDir } from '../support/temp-app';

// Buyers' names, emails, phones and Square's raw payloads live in the data folder: nobody but the owner may read it.

const mode = (p: string) => statSync(p).mode & 0o777;

describe.skipIf(process.platform === 'win32')('data folder permissions', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a new data folder is 0700 and the database, its WAL and shared-memory files 0600', () => {
    const root = tempDir();
    dirs.push(root);
    const dir = join(root, 'data');
    const db = openDatabase(dir);
    db.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('probe', '1', 1)").run();
    expect(mode(dir)).toBe(0o700);
    for (const f of [DB_FILE_NAME, `${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`]) expect(mode(join(dir, f)), f).toBe(0o600);
    db.close();
  });

  it('tightens a folder and database an older version left readable by others', () => {
    const dir = tempDir();
    dirs.push(dir);
    openDatabase(dir).close();
    chmodSync(dir, 0o755);
    chmodSync(join(dir, DB_FILE_NAME), 0o644);
    const db = openDatabase(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, DB_FILE_NAME))).toBe(0o600);
    db.close();
  });
});
