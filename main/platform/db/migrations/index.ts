import type { Database } from 'better-sqlite3';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-counters';
import * as m0003 from './0003-inbox-received-index';
import * as m0004 from './0004-review';
import * as m0005 from './0005-invoice-list-indexes';
import * as m0006 from './0006-customers';
import * as m0007 from './0007-export';
import * as m0008 from './0008-transactions';
import * as m0009 from './0009-dashboard-indexes';
import * as m0010 from './0010-export-batch-files';
import * as m0011 from './0011-drop-source-id-indexes';
import * as m0012 from './0012-amount-in-time-indexes';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

// Append-only: a shipped migration is never edited; a fix is a new file with the next number.
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, ...m0001 },
  { version: 2, ...m0002 },
  { version: 3, ...m0003 },
  { version: 4, ...m0004 },
  { version: 5, ...m0005 },
  { version: 6, ...m0006 },
  { version: 7, ...m0007 },
  { version: 8, ...m0008 },
  { version: 9, ...m0009 },
  { version: 10, ...m0010 },
  { version: 11, ...m0011 },
  { version: 12, ...m0012 },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
