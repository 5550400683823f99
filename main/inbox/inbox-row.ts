// One row of the inbox (table webhook_inbox): every Square event, from a webhook or made by catch-up sync, passes
// through it. Leases and timestamps the worker keeps are columns of the store, not of this shape.

export type InboxState = 'pending' | 'processing' | 'done' | 'ignored' | 'dead';
export type InboxSource = 'webhook' | 'sync';

export interface InboxRow {
  id: number;
  eventId: string;
  source: InboxSource;
  type: string;
  merchantId: string | null;
  locationId: string | null;
  objectId: string | null;
  receivedAt: number;
  /** The envelope's JSON exactly as received (or as sync made it). */
  rawBody: string;
  state: InboxState;
  attempts: number;
  lastError: string | null;
}

/**
 * A claimed event as the pipeline works on it: everything but its body, which the receiver (or the backfill) almost
 * always handed over parsed already (inbox/hand-off.ts), so a claim does not read ~1.5 KB a row out of SQLite and send
 * it across threads for nothing; InboxStore.body() reads it when it was not handed over.
 */
export type ClaimedRow = Omit<InboxRow, 'rawBody'>;

/**
 * What an insert takes: a row before the store has given it an id and counted attempts. `leaseUntil` (with state
 * 'processing'): stored already claimed by whoever stores it, until then (the receiver, for a sale the worker takes
 * straight from it: pipeline/worker.ts, takeLive).
 */
export type NewInboxRow = Omit<InboxRow, 'id' | 'attempts' | 'lastError'> & { lastError?: string | null; leaseUntil?: number | null };
