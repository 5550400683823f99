// Catch-up sync and backfill as the UI sees them.

/** customers: merchant-wide; its cursor's locationId is `merchant:<merchant id>`. */
export type SyncStream = 'payments' | 'refunds' | 'orders' | 'customers';

export interface SyncCursorView {
  locationId: string;
  stream: SyncStream;
  /** Square `updated_at` up to which this stream has been read (a later run re-reads an overlap window before it). */
  syncedUntil: string;
}

export interface BackfillProgress {
  from: string;
  to: string;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  /** Objects read from Square so far, and how many of them were new to the inbox. */
  read: number;
  queued: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface SyncStatus {
  running: boolean;
  lastRunAt: string | null;
  lastRunQueued: number | null;
  lastError: string | null;
  nextRunAt: string | null;
  cursors: SyncCursorView[];
  backfill: BackfillProgress | null;
}
