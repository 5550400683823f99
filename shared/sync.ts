// Catch-up sync and backfill as the UI sees them.

/** customers: merchant-wide; its cursor's locationId is `merchant:<merchant id>`. */
export type SyncStream = 'payments' | 'refunds' | 'orders' | 'customers';

export interface SyncCursorView {
  locationId: string;
  stream: SyncStream;
  /** Square `updated_at` up to which this stream has been read (a later run re-reads an overlap window before it). */
  syncedUntil: string;
}

/** One selected Square location as the Sync screen lists it. */
export interface SyncLocationView {
  id: string;
  name: string;
  /**
   * When a catch-up pass last read every stream of this location (payments, refunds, orders) without a problem, since
   * the app started (a pass runs at start, so this fills within moments); null until then.
   */
  lastSyncedAt: string | null;
  /** The newest change to this location's payments the app has read from Square (the payments cursor); null: none yet. */
  salesReadUntil: string | null;
  /** Why the last pass could not read this location, for the owner; null when it could. */
  lastError: string | null;
}

export interface BackfillProgress {
  from: string;
  to: string;
  /** Reading Square: running until every location's payments and refunds in the range are read (or cancel/failure). */
  state: 'running' | 'done' | 'cancelled' | 'failed';
  /** Sales and refunds found in Square so far ("counted"). */
  read: number;
  /** How many of them were new to the app and queued to be invoiced (the rest it had already). */
  queued: number;
  /** Of the queued: made into invoices or credit notes by the pipeline. */
  invoiced: number;
  /** Of the queued: could not be made (now among the failed events, to retry there). */
  failed: number;
  /** Of the queued: still waiting for the pipeline (queued − invoiced − failed − set aside). */
  remaining: number;
  /** How far through the date range reading has got, 0..1 (every location's payments, then its refunds). */
  readFraction: number;
  /** Invoices made per minute, over the last minute; null until two samples apart in time exist. */
  ratePerMinute: number | null;
  /** Seconds until `remaining` is done at that rate; null when unknown (no rate yet, or still reading). */
  etaSeconds: number | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface SyncStatus {
  running: boolean;
  lastRunAt: string | null;
  lastRunQueued: number | null;
  /** Objects read from Square by the last catch-up pass (new or already known). */
  lastRunRead: number | null;
  lastError: string | null;
  /**
   * The last attempt could not even start (Square not connected or needing a reconnect, no location selected); then
   * lastError is that reason, a sentence for the owner. Otherwise lastError is what went wrong while reading (detail).
   */
  blocked: boolean;
  nextRunAt: string | null;
  cursors: SyncCursorView[];
  /** The locations selected for invoicing, each with when it was last synced. */
  locations: SyncLocationView[];
  backfill: BackfillProgress | null;
}

/** Reading is over and every queued sale has been dealt with: the backfill's result is final. */
export function backfillSettled(p: BackfillProgress): boolean {
  return p.state !== 'running' && p.remaining === 0;
}
