import type { Db } from '../db/open';

export type InboxState = 'pending' | 'processing' | 'done' | 'ignored' | 'dead';

export interface NewInboxEvent {
  eventId: string;
  source: 'webhook' | 'sync';
  type: string;
  merchantId: string | null;
  locationId: string | null;
  objectId: string | null;
  receivedAt: number;
  rawBody: string;
  state: InboxState;
  lastError?: string | null;
}

export interface InboxRow {
  id: number;
  eventId: string;
  type: string;
  merchantId: string | null;
  state: InboxState;
  attempts: number;
  lastError: string | null;
}

/** The durable inbox every event passes through; `event_id` is UNIQUE so a redelivery never makes a second row. */
export class InboxRepo {
  private readonly insertStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO webhook_inbox (event_id, source, type, merchant_id, location_id, object_id, received_at, raw_body,
         state, next_attempt_at, last_error)
       VALUES (@eventId, @source, @type, @merchantId, @locationId, @objectId, @receivedAt, @rawBody, @state,
         @receivedAt, @lastError)
       ON CONFLICT (event_id) DO NOTHING`,
    );
  }

  /** Commits the event (autocommit: durable when this returns). False when the event_id was already stored. */
  insert(e: NewInboxEvent): boolean {
    return this.insertStmt.run({ ...e, lastError: e.lastError ?? null }).changes === 1;
  }

  byEventId(eventId: string): InboxRow | null {
    const r = this.db
      .prepare('SELECT id, event_id, type, merchant_id, state, attempts, last_error FROM webhook_inbox WHERE event_id = ?')
      .get(eventId) as
      | { id: number; event_id: string; type: string; merchant_id: string | null; state: InboxState; attempts: number; last_error: string | null }
      | undefined;
    return r
      ? { id: r.id, eventId: r.event_id, type: r.type, merchantId: r.merchant_id, state: r.state, attempts: r.attempts, lastError: r.last_error }
      : null;
  }

  pendingOfType(type: string): InboxRow[] {
    return (this.db
      .prepare(`SELECT event_id FROM webhook_inbox WHERE type = ? AND state = 'pending' ORDER BY id`)
      .all(type) as { event_id: string }[]).map((r) => this.byEventId(r.event_id)!);
  }

  finish(eventId: string, state: 'done' | 'ignored', error: string | null = null): void {
    this.db
      .prepare('UPDATE webhook_inbox SET state = ?, last_error = ?, processed_at = ? WHERE event_id = ?')
      .run(state, error, Date.now(), eventId);
  }

  recordFailure(eventId: string, error: string): void {
    this.db
      .prepare('UPDATE webhook_inbox SET attempts = attempts + 1, last_error = ? WHERE event_id = ?')
      .run(error, eventId);
  }

  lastReceivedAt(): number | null {
    return (this.db.prepare(`SELECT max(received_at) AS at FROM webhook_inbox WHERE source = 'webhook'`).get() as {
      at: number | null;
    }).at;
  }
}
