import type { Db } from '../db/open';
import type { Page } from '../../shared/domain';
import type { InboxEventView } from '../../shared/contract';

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

/** Owner-facing view and actions on inbox events (events.* channels). */
export class InboxAdminRepo {
  constructor(private readonly db: Db) {}

  list(q: { state?: InboxState; page: number; pageSize: number }): Page<InboxEventView> {
    const where = q.state ? 'WHERE state = @state' : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM webhook_inbox ${where}`).get({ state: q.state }) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM webhook_inbox ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ state: q.state, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }) as AdminRow[];
    return { items: rows.map(toView), total, page: q.page, pageSize: q.pageSize };
  }

  get(id: number): InboxEventView | null {
    const r = this.db.prepare('SELECT * FROM webhook_inbox WHERE id = ?').get(id) as AdminRow | undefined;
    return r ? toView(r) : null;
  }

  /** A dead or waiting event goes back to the queue now, with a fresh attempt count. */
  retry(id: number, now: number): boolean {
    return this.db
      .prepare(`UPDATE webhook_inbox SET state = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL
                WHERE id = ? AND state IN ('dead', 'pending', 'ignored')`)
      .run(now, id).changes === 1;
  }

  /** The owner sets an event aside; it is kept (never deleted) but no longer processed. */
  ignore(id: number, now: number): boolean {
    return this.db
      .prepare(`UPDATE webhook_inbox SET state = 'ignored', processed_at = ?, lease_until = NULL,
                last_error = coalesce(last_error, 'ignored by the owner') WHERE id = ? AND state IN ('dead', 'pending')`)
      .run(now, id).changes === 1;
  }
}

interface AdminRow {
  id: number; event_id: string; source: 'webhook' | 'sync'; type: string; object_id: string | null; state: InboxState;
  attempts: number; next_attempt_at: number; last_error: string | null; received_at: number; processed_at: number | null;
}

function toView(r: AdminRow): InboxEventView {
  return {
    id: r.id, eventId: r.event_id, source: r.source, type: r.type, objectId: r.object_id, state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.state === 'pending' ? new Date(r.next_attempt_at).toISOString() : null,
    lastError: r.last_error, receivedAt: new Date(r.received_at).toISOString(),
    processedAt: r.processed_at === null ? null : new Date(r.processed_at).toISOString(),
  };
}
