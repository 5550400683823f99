import type { Db } from '../platform/db/open';
import type { InboxEventView } from '../../shared/contract';
import type { Page } from '../../shared/domain';
import type { ClaimedRow, InboxRow, InboxState, NewInboxRow } from './inbox-row';

interface DbRow {
  id: number; event_id: string; source: InboxRow['source']; type: string; merchant_id: string | null;
  location_id: string | null; object_id: string | null; received_at: number; raw_body: string; state: InboxState;
  attempts: number; last_error: string | null; next_attempt_at: number; processed_at: number | null;
}

/** What a claim returns: a row without its body (ClaimedRow). */
const CLAIMED_COLUMNS = `id, event_id, source, type, merchant_id, location_id, object_id, received_at, state, attempts, last_error`;
const ROW_COLUMNS = `${CLAIMED_COLUMNS}, raw_body`;

function toClaimed(r: Omit<DbRow, 'raw_body'>): ClaimedRow {
  return {
    id: r.id, eventId: r.event_id, source: r.source, type: r.type, merchantId: r.merchant_id,
    locationId: r.location_id, objectId: r.object_id, receivedAt: r.received_at, state: r.state,
    attempts: r.attempts, lastError: r.last_error,
  };
}

function toRow(r: DbRow): InboxRow {
  return { ...toClaimed(r), rawBody: r.raw_body };
}

function toView(r: DbRow): InboxEventView {
  return {
    id: r.id, eventId: r.event_id, source: r.source, type: r.type, objectId: r.object_id, state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.state === 'pending' ? new Date(r.next_attempt_at).toISOString() : null,
    lastError: r.last_error, receivedAt: new Date(r.received_at).toISOString(),
    processedAt: r.processed_at === null ? null : new Date(r.processed_at).toISOString(),
  };
}

export type InboxCounts = Record<InboxState, number>;

/**
 * The one owner of the inbox table (webhook_inbox). `event_id` is UNIQUE, so a redelivery never makes a second row.
 * Claims take a lease: a row stays 'processing' only until lease_until, so rows held by a worker that crashed (or was
 * SIGKILLed) become claimable again once the lease runs out. Statements on the hot paths (insert, claim, the marks)
 * are prepared once: they run for every event, and preparing cost more than running them.
 */
/** Due events the claim looks through for payments and refunds before taking the rest in due order. */
const PRIORITY_LOOKAHEAD = 2_000;

export class InboxStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO webhook_inbox (event_id, source, type, merchant_id, location_id, object_id, received_at, raw_body,
           state, next_attempt_at, last_error, lease_until)
         VALUES (@eventId, @source, @type, @merchantId, @locationId, @objectId, @receivedAt, @rawBody, @state,
           @receivedAt, @lastError, @leaseUntil)
         ON CONFLICT (event_id) DO NOTHING`,
      ),
      // Each candidate query walks the partial index (state, next_attempt_at, id) instead of sorting every pending
      // row: with 100,000 events queued by a backfill, one sorted claim took ~160 ms; these take well under 1 ms.
      // Only rows claimed at least a lease ago can have a lease that ran out (a row is claimed once due, and one
      // stored claimed is due at its receipt, so next_attempt_at + lease ≤ lease_until): that bound is a range of the
      // partial index, so the rows a backfill stored claimed moments ago (thousands, inbox/sync-page.ts) are not each
      // read on every claim.
      expired: db.prepare(
        `SELECT id FROM webhook_inbox WHERE state = 'processing' AND next_attempt_at <= @now - @leaseMs
           AND lease_until < @now ORDER BY id LIMIT @limit`,
      ),
      // Payments and refunds first (they carry the sale), then the rest; each by due time. The priority looks at the
      // next PRIORITY_LOOKAHEAD due events only: `type` is not in the index, so with 100,000 order events queued by a
      // backfill (issue 18) an unbounded look read every one of them on every claim (~200 invoices/s instead of
      // ~1,000+). Beyond the look-ahead, events are simply taken in due order.
      duePriority: db.prepare(
        `SELECT id FROM (SELECT id, type, next_attempt_at FROM webhook_inbox WHERE state = 'pending' AND next_attempt_at <= @now
           ORDER BY next_attempt_at, id LIMIT ${PRIORITY_LOOKAHEAD})
         WHERE type LIKE 'payment.%' OR type LIKE 'refund.%' ORDER BY next_attempt_at, id LIMIT @limit`,
      ),
      dueOther: db.prepare(
        `SELECT id FROM webhook_inbox WHERE state = 'pending' AND next_attempt_at <= @now
           AND NOT (type LIKE 'payment.%' OR type LIKE 'refund.%') ORDER BY next_attempt_at, id LIMIT @limit`,
      ),
      take: db.prepare(
        `UPDATE webhook_inbox SET state = 'processing', lease_until = @leaseUntil
         WHERE id IN (SELECT value FROM json_each(@ids)) RETURNING ${CLAIMED_COLUMNS}`,
      ),
      markDone: db.prepare(
        `UPDATE webhook_inbox SET state = ?, last_error = ?, processed_at = ?, lease_until = NULL WHERE id = ?`,
      ),
      fail: db.prepare(
        `UPDATE webhook_inbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
           state = ?, lease_until = NULL WHERE id = ?`,
      ),
      release: db.prepare(
        `UPDATE webhook_inbox SET state = 'pending', next_attempt_at = ?, lease_until = NULL
         WHERE id IN (SELECT value FROM json_each(?)) AND state = 'processing'`,
      ),
      postpone: db.prepare(
        `UPDATE webhook_inbox SET state = 'pending', last_error = ?, next_attempt_at = ?, lease_until = NULL WHERE id = ?`,
      ),
      // Counted on the covering partial index (webhook_inbox_live) and the oldest taken as the first stored waiting
      // row's received_at (ids follow arrival): reading received_at from every waiting row instead cost ~40 ms at
      // 70,000 waiting, 4 times a second during a backfill (the notices re-read the pipeline's stats), ~6 ms now.
      depth: db.prepare(
        `SELECT n, (SELECT received_at FROM webhook_inbox WHERE id = first) AS oldest
           FROM (SELECT count(*) AS n, min(id) AS first FROM webhook_inbox WHERE state IN ('pending', 'processing'))`,
      ),
      // CROSS JOIN keeps json_each outside: written as `event_id IN (SELECT … json_each)`, SQLite walked every
      // finished row by the state index instead, so a backfill's count grew slower with every invoice made.
      settledOf: db.prepare(
        `SELECT i.event_id, i.state FROM json_each(?) j CROSS JOIN webhook_inbox i ON i.event_id = j.value
           WHERE i.state IN ('done', 'ignored', 'dead')`,
      ),
      byEventId: db.prepare(`SELECT ${ROW_COLUMNS} FROM webhook_inbox WHERE event_id = ?`),
      body: db.prepare(`SELECT raw_body FROM webhook_inbox WHERE id = ?`).pluck(),
      // One indexed max per source (webhook_inbox_source_received), not a scan of the whole inbox.
      lastReceived: db.prepare(`SELECT max(received_at) FROM webhook_inbox WHERE source = ?`).pluck(),
    };
  }

  /** Stores the event (durable on return outside a transaction). False when the event_id was already stored. */
  insert(e: NewInboxRow): boolean {
    return this.add(e) !== null;
  }

  /**
   * insert(), answering with the new row's id (null when the event_id was already stored). A row with `leaseUntil` is
   * stored already claimed until then (see insertLeased).
   */
  add(e: NewInboxRow): number | null {
    const r = this.s.insert.run({ ...e, lastError: e.lastError ?? null, leaseUntil: e.leaseUntil ?? null });
    return r.changes === 1 ? Number(r.lastInsertRowid) : null;
  }

  /**
   * Stores the event already claimed (state 'processing', leased until `leaseUntil`), for a caller that hands it to
   * the worker itself: no claim has to find it, write it again and read its body back. Should that worker never
   * finish it (the app stopped, crashed), the lease runs out and any claim takes it like any other. The new row's id,
   * or null when the event_id was already stored.
   */
  insertLeased(e: NewInboxRow, leaseUntil: number): number | null {
    return this.add({ ...e, state: 'processing', lastError: null, leaseUntil });
  }

  byEventId(eventId: string): InboxRow | null {
    const r = this.s.byEventId.get(eventId) as DbRow | undefined;
    return r ? toRow(r) : null;
  }

  pendingOfType(type: string): InboxRow[] {
    return (this.db
      .prepare(`SELECT ${ROW_COLUMNS} FROM webhook_inbox WHERE type = ? AND state = 'pending' ORDER BY id`)
      .all(type) as DbRow[]).map(toRow);
  }

  // ---- the worker's side ----

  /**
   * Claims up to `limit` due events atomically (rows whose lease ran out count as due), without their bodies (see
   * ClaimedRow; body() reads one): returning the bodies was half a claim's time (~25 µs a row of ~1.5 KB).
   */
  claim(limit: number, now: number, leaseMs: number): ClaimedRow[] {
    if (limit <= 0) return [];
    const rows = this.db.transaction(() => {
      const ids: number[] = [];
      for (const stmt of [this.s.expired, this.s.duePriority, this.s.dueOther]) {
        if (ids.length >= limit) break;
        const params = stmt === this.s.expired ? { now, leaseMs, limit: limit - ids.length } : { now, limit: limit - ids.length };
        for (const r of stmt.all(params) as { id: number }[]) ids.push(r.id);
      }
      return ids.length ? (this.s.take.all({ ids: JSON.stringify(ids), leaseUntil: now + leaseMs }) as Omit<DbRow, 'raw_body'>[]) : [];
    }).immediate();
    return rows.map(toClaimed);
  }

  /** An event's body as stored (null: no such row). */
  body(id: number): string | null {
    return (this.s.body.get(id) as string | undefined) ?? null;
  }

  /** The event is finished (inside the transaction that did its work, so both commit together). */
  markDone(id: number, state: 'done' | 'ignored', note: string | null, now: number): void {
    this.s.markDone.run(state, note, now, id);
  }

  /** A failed attempt: count it, wait, or give up (dead letter) when `dead`. */
  fail(id: number, error: string, nextAttemptAt: number, dead: boolean): void {
    this.s.fail.run(error.slice(0, 2000), nextAttemptAt, dead ? 'dead' : 'pending', id);
  }

  /**
   * Claimed events given back unprocessed, due now, attempts untouched (a worker stopping with events fed to it:
   * PipelineWorker.feed). Only rows still 'processing' move.
   */
  release(ids: readonly number[], now: number): void {
    if (!ids.length) return;
    this.s.release.run(now, JSON.stringify(ids));
  }

  /** Put back without spending an attempt (Square unavailable, breaker open, reconnect needed). */
  postpone(id: number, reason: string, nextAttemptAt: number): void {
    this.s.postpone.run(reason.slice(0, 2000), nextAttemptAt, id);
  }

  depth(): { depth: number; oldest: number | null } {
    const r = this.s.depth.get() as { n: number; oldest: number | null };
    return { depth: r.n, oldest: r.oldest };
  }

  // ---- the owner's side (events.* channels) ----

  list(q: { state?: InboxState; page: number; pageSize: number }): Page<InboxEventView> {
    const where = q.state ? 'WHERE state = @state' : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM webhook_inbox ${where}`).get({ state: q.state }) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM webhook_inbox ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ state: q.state, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }) as DbRow[];
    return { items: rows.map(toView), total, page: q.page, pageSize: q.pageSize };
  }

  view(id: number): InboxEventView | null {
    const r = this.db.prepare('SELECT * FROM webhook_inbox WHERE id = ?').get(id) as DbRow | undefined;
    return r ? toView(r) : null;
  }

  /** A dead, waiting or ignored event goes back to the queue now, with a fresh attempt count. */
  retry(id: number, now: number): boolean {
    return this.db
      .prepare(`UPDATE webhook_inbox SET state = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL
                WHERE id = ? AND state IN ('dead', 'pending', 'ignored')`)
      .run(now, id).changes === 1;
  }

  /**
   * Several events back to the queue in one IMMEDIATE transaction (all or none are written); per id, whether it went
   * back, was not there, or was in a state that cannot be retried (done, or being processed right now).
   */
  retryMany(ids: readonly number[], now: number): { id: number; outcome: 'retried' | 'missing' | 'refused'; state?: InboxState }[] {
    const stateOf = this.db.prepare('SELECT state FROM webhook_inbox WHERE id = ?').pluck();
    return this.db.transaction(() =>
      ids.map((id) => {
        const state = stateOf.get(id) as InboxState | undefined;
        if (!state) return { id, outcome: 'missing' as const };
        return this.retry(id, now) ? { id, outcome: 'retried' as const } : { id, outcome: 'refused' as const, state };
      }),
    ).immediate();
  }

  /** The owner sets an event aside; it is kept (never deleted) but no longer processed. */
  ignore(id: number, now: number): boolean {
    return this.db
      .prepare(`UPDATE webhook_inbox SET state = 'ignored', processed_at = ?, lease_until = NULL,
                last_error = coalesce(last_error, 'ignored by the owner') WHERE id = ? AND state IN ('dead', 'pending')`)
      .run(now, id).changes === 1;
  }

  // ---- numbers for the status screens ----

  counts(): InboxCounts {
    const counts: InboxCounts = { pending: 0, processing: 0, done: 0, ignored: 0, dead: 0 };
    for (const r of this.db.prepare('SELECT state, count(*) AS n FROM webhook_inbox GROUP BY state').all() as {
      state: InboxState; n: number;
    }[]) counts[r.state] = r.n;
    return counts;
  }

  /**
   * Which of these events the pipeline has finished with (done, ignored or dead), by event id: a backfill follows the
   * events it queued this way. One indexed lookup per id (event_id is UNIQUE), whatever the inbox's size.
   */
  settledOf(eventIds: readonly string[]): { eventId: string; state: 'done' | 'ignored' | 'dead' }[] {
    if (!eventIds.length) return [];
    return (this.s.settledOf.all(JSON.stringify(eventIds)) as { event_id: string; state: 'done' | 'ignored' | 'dead' }[])
      .map((r) => ({ eventId: r.event_id, state: r.state }));
  }

  /** When the last event from `source` (or from either, when omitted) was received, epoch ms. */
  lastReceivedAt(source?: InboxRow['source']): number | null {
    const at = (s: InboxRow['source']) => (this.s.lastReceived.get(s) as number | null | undefined) ?? null;
    if (source) return at(source);
    const both = [at('webhook'), at('sync')].filter((x): x is number => x !== null);
    return both.length ? Math.max(...both) : null;
  }
}
