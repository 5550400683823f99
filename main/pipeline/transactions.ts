import type { ParsedInput } from '../../shared/contract';
import type { Page } from '../../shared/domain';
import {
  eventFailureWords, SQUARE_STATUSES_OF, statusGroupOf,
  type TransactionKind, type TransactionProblem, type TransactionView,
} from '../../shared/transactions';
import type { Db } from '../platform/db/open';
import { amountCandidates } from '../invoicing/amount-search';

// The Transactions screen's reads: Square's payments and refunds as stored (square/square-objects-repo.ts owns those
// tables), with the invoice or credit note made from each (invoicing owns that table) and the inbox events that failed
// for it (inbox owns that). Reads only; writes go through each table's owner.
//
// One window is found first — kind, id and the sort key only, from the indexes of migration 0008 — and only the rows
// of that window are then read in full, so nothing parses every row's JSON. Payments and refunds are merged by SQLite
// (each arm already in index order); a third arm holds sales the app knows only from an event that failed before
// Square's object was stored, so a sale that never became an invoice is still on the list with its error.

type ListQuery = ParsedInput<'transactions.list'>;

/** An event's stored body as JSON; a body that is not (an old or hand-made row) reads as empty instead of failing the list. */
const BODY = `iif(json_valid(w.raw_body), w.raw_body, '{}')`;

/**
 * Inbox events that still need someone: dead, or waiting for another try after failing. Written exactly as the WHERE
 * of the partial index webhook_inbox_problems (migration 0008), which is what lets SQLite use it.
 */
const PROBLEM = `(state = 'dead' OR (state = 'pending' AND attempts > 0))`;
const PROBLEM_OBJECTS = `SELECT object_id FROM webhook_inbox WHERE ${PROBLEM} AND object_id IS NOT NULL`;

/** Failed payment/refund events whose object Square never gave us: the third arm. Few rows, so JSON is fine here. */
const ORPHANS = `
  SELECT CASE WHEN w.type LIKE 'refund.%' THEN 'refund' ELSE 'payment' END AS kind,
    w.object_id AS id,
    max(coalesce(json_extract(${BODY}, '$.data.object.payment.created_at'),
      json_extract(${BODY}, '$.data.object.refund.created_at'), json_extract(${BODY}, '$.created_at'))) AS at,
    max(coalesce(json_extract(${BODY}, '$.data.object.payment.amount_money.amount'),
      json_extract(${BODY}, '$.data.object.refund.amount_money.amount'))) AS amount_minor,
    max(coalesce(json_extract(${BODY}, '$.data.object.payment.status'),
      json_extract(${BODY}, '$.data.object.refund.status'))) AS status,
    max(w.location_id) AS location_id,
    max(coalesce(json_extract(${BODY}, '$.data.object.payment.order_id'),
      json_extract(${BODY}, '$.data.object.refund.order_id'))) AS order_id
  FROM webhook_inbox w
  WHERE (w.state = 'dead' OR (w.state = 'pending' AND w.attempts > 0)) AND w.object_id IS NOT NULL
    AND (w.type LIKE 'payment.%' OR w.type LIKE 'refund.%')
    AND NOT EXISTS (SELECT 1 FROM square_payments p WHERE p.id = w.object_id)
    AND NOT EXISTS (SELECT 1 FROM square_refunds r WHERE r.id = w.object_id)
  GROUP BY w.object_id`;

interface Arm {
  kind: TransactionKind | 'orphan';
  from: string;
  /**
   * The arm's index in time order, which also holds each row's amount (migration 0012): read alone, it gives the amount
   * search and the amount sort every amount without the rows. SQLite, not knowing that the amount column is computed
   * from kilobytes of JSON, would rather scan the table (330 ms instead of 25 at 100,000 payments).
   */
  timeIndex?: string;
  /**
   * The rows a search matches, as rowids found through indexes. A LIKE '%…%' cannot seek, so it scans; INDEXED BY
   * makes it scan the narrow id index rather than the table, whose rows carry kilobytes of JSON each (the planner,
   * not knowing that, picked the table: 550 ms instead of 20 at 100,000 payments).
   */
  search: (amounts: string) => string;
}

const INVOICE_NUMBER_MATCHES = `SELECT rowid FROM invoices WHERE number LIKE @like ESCAPE '\\'`;

/** The rowids of `table` whose amount is one of `amounts` (placeholders; empty: nothing), read from its time index. */
const amountMatches = (table: string, timeIndex: string, amounts: string) =>
  amounts ? `UNION SELECT rowid FROM ${table} INDEXED BY ${timeIndex} WHERE amount_minor IN (${amounts})` : '';

const PAYMENTS_BY_TIME = 'square_payments_created';
const REFUNDS_BY_TIME = 'square_refunds_created';

const ARMS: Arm[] = [
  {
    kind: 'payment',
    from: 'square_payments t',
    timeIndex: PAYMENTS_BY_TIME,
    search: (amounts) => `t.rowid IN (
      SELECT rowid FROM square_payments INDEXED BY sqlite_autoindex_square_payments_1 WHERE id LIKE @like ESCAPE '\\'
      UNION SELECT rowid FROM square_payments INDEXED BY square_payments_order WHERE order_id LIKE @like ESCAPE '\\'
      ${amountMatches('square_payments', PAYMENTS_BY_TIME, amounts)}
      UNION SELECT p.rowid FROM invoices i JOIN square_payments p ON p.order_id = i.source_order_id
        WHERE i.rowid IN (${INVOICE_NUMBER_MATCHES}) AND i.kind = 'invoice'
      UNION SELECT p.rowid FROM invoices i JOIN square_payments p ON p.id = i.source_payment_id
        WHERE i.rowid IN (${INVOICE_NUMBER_MATCHES}) AND i.kind = 'invoice' AND i.source_order_id IS NULL)`,
  },
  {
    kind: 'refund',
    from: 'square_refunds t',
    timeIndex: REFUNDS_BY_TIME,
    search: (amounts) => `t.rowid IN (
      SELECT rowid FROM square_refunds INDEXED BY sqlite_autoindex_square_refunds_1 WHERE id LIKE @like ESCAPE '\\'
      UNION SELECT rowid FROM square_refunds INDEXED BY square_refunds_payment WHERE payment_id LIKE @like ESCAPE '\\'
      ${amountMatches('square_refunds', REFUNDS_BY_TIME, amounts)}
      UNION SELECT r.rowid FROM invoices i JOIN square_refunds r ON r.id = i.source_refund_id
        WHERE i.rowid IN (${INVOICE_NUMBER_MATCHES}) AND i.kind = 'credit_note')`,
  },
  {
    kind: 'orphan',
    from: `(${ORPHANS}) t`,
    search: (amounts) => `(t.id LIKE @like ESCAPE '\\'${amounts ? ` OR t.amount_minor IN (${amounts})` : ''})`,
  },
];

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE of one arm, or null when the filters rule the arm out altogether. */
function armWhere(arm: Arm, q: ListQuery, params: Record<string, unknown>): string | null {
  const where: string[] = [];
  if (q.kind && arm.kind !== 'orphan' && arm.kind !== q.kind) return null;
  if (q.kind && arm.kind === 'orphan') where.push('t.kind = @kind');
  if (q.problem === false && arm.kind === 'orphan') return null;
  if (q.status?.length) {
    const statuses = q.status.flatMap((s) => SQUARE_STATUSES_OF[s]);
    where.push(`t.status IN (${statuses.map((s) => `'${s}'`).join(', ')})`);
  }
  if (q.locationId) where.push('t.location_id = @locationId');
  if (q.from) where.push('t.created_at >= @from'.replace('t.created_at', arm.kind === 'orphan' ? 't.at' : 't.created_at'));
  if (q.to) where.push('t.created_at <= @to'.replace('t.created_at', arm.kind === 'orphan' ? 't.at' : 't.created_at'));
  if (q.problem !== undefined && arm.kind !== 'orphan') {
    const has = `(t.id IN (${PROBLEM_OBJECTS})${arm.kind === 'payment' ? ` OR t.order_id IN (${PROBLEM_OBJECTS})` : ''})`;
    where.push(q.problem ? has : `NOT ${has}`);
  }
  if (q.search) {
    const amounts = amountCandidates(q.search);
    amounts.forEach((a, i) => (params[`amount${i}`] = a));
    params.like = likePattern(q.search);
    where.push(arm.search(amounts.map((_, i) => `@amount${i}`).join(', ')));
  }
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** The SQL of one window and of the count, exported so a test can check which indexes they use. */
export function transactionsSql(q: ListQuery): { rows: string; count: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  if (q.kind) params.kind = q.kind;
  if (q.locationId) params.locationId = q.locationId;
  // Square writes RFC 3339 in UTC with milliseconds ("…T10:00:00.000Z"); bounds in the same form compare as text.
  if (q.from) params.from = new Date(q.from).toISOString();
  if (q.to) params.to = new Date(q.to).toISOString();
  const selects: string[] = [];
  const counts: string[] = [];
  // By amount: from each arm's time index unless a filter has SQLite seek another (the location's and the status's hold
  // the amount too; the few rows with a problem are found by id).
  const byTimeIndex = q.sort === 'amount' && !(q.locationId || q.status?.length || q.problem === true);
  for (const arm of ARMS) {
    const where = armWhere(arm, q, params);
    if (where === null) continue;
    const kind = arm.kind === 'orphan' ? 't.kind' : `'${arm.kind}'`;
    const at = arm.kind === 'orphan' ? 't.at' : 't.created_at';
    const stored = arm.kind === 'orphan' ? 0 : 1;
    // Only the sort key in hand: for the time order every column comes from the index, so rows an OFFSET skips cost
    // no JSON.
    const key = q.sort === 'amount' ? 't.amount_minor' : at;
    const from = byTimeIndex && arm.timeIndex ? `${arm.from} INDEXED BY ${arm.timeIndex}` : arm.from;
    selects.push(`SELECT ${kind} AS kind, t.id AS id, ${key} AS sort_key, ${stored} AS stored FROM ${from} ${where}`);
    counts.push(`SELECT count(*) AS n FROM ${arm.from} ${where}`);
  }
  const dir = q.dir === 'asc' ? 'ASC' : 'DESC';
  const order = `sort_key ${dir}, id ${dir}`;
  return {
    rows: `${selects.join(' UNION ALL ')} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    count: `SELECT ${counts.map((c) => `(${c})`).join(' + ')} AS n`,
    params,
  };
}

interface WindowRow { kind: TransactionKind; id: string; stored: 0 | 1 }

interface DetailRow {
  id: string; order_id: string | null; payment_id: string | null; at: string | null; location_id: string | null;
  location_name: string | null; amount_minor: number | null; currency: string | null; tip_minor: number | null;
  source_type: string | null; card_brand: string | null; last4: string | null; status: string | null;
  doc_id: number | null; doc_kind: 'invoice' | 'credit_note' | null; doc_number: string | null; doc_status: string | null;
}

const PAYMENT_DETAILS = `
  SELECT p.id, p.order_id, NULL AS payment_id, p.created_at AS at, p.location_id, l.name AS location_name,
    p.amount_minor, p.currency, json_extract(p.raw_json, '$.tip_money.amount') AS tip_minor,
    json_extract(p.raw_json, '$.source_type') AS source_type,
    json_extract(p.raw_json, '$.card_details.card.card_brand') AS card_brand,
    json_extract(p.raw_json, '$.card_details.card.last_4') AS last4, p.status,
    coalesce(io.id, ip.id) AS doc_id, coalesce(io.kind, ip.kind) AS doc_kind,
    coalesce(io.number, ip.number) AS doc_number, coalesce(io.status, ip.status) AS doc_status
  FROM square_payments p
  LEFT JOIN locations l ON l.id = p.location_id
  LEFT JOIN invoices io ON io.source_key = 'order:' || p.order_id
  LEFT JOIN invoices ip ON ip.source_key = 'payment:' || p.id
  WHERE p.id IN (SELECT value FROM json_each(@ids))`;

const REFUND_DETAILS = `
  SELECT r.id, r.order_id, r.payment_id, r.created_at AS at, coalesce(r.location_id, p.location_id) AS location_id,
    l.name AS location_name, r.amount_minor, r.currency, NULL AS tip_minor,
    coalesce(json_extract(r.raw_json, '$.destination_type'), json_extract(p.raw_json, '$.source_type')) AS source_type,
    json_extract(p.raw_json, '$.card_details.card.card_brand') AS card_brand,
    json_extract(p.raw_json, '$.card_details.card.last_4') AS last4, r.status,
    i.id AS doc_id, i.kind AS doc_kind, i.number AS doc_number, i.status AS doc_status
  FROM square_refunds r
  LEFT JOIN square_payments p ON p.id = r.payment_id
  LEFT JOIN locations l ON l.id = coalesce(r.location_id, p.location_id)
  LEFT JOIN invoices i ON i.source_key = 'refund:' || r.id
  WHERE r.id IN (SELECT value FROM json_each(@ids))`;

const ORPHAN_DETAILS = `
  SELECT o.id, o.order_id, NULL AS payment_id, o.at, o.location_id, l.name AS location_name, o.amount_minor,
    o.currency, o.tip_minor, o.source_type, o.card_brand, o.last4, o.status,
    NULL AS doc_id, NULL AS doc_kind, NULL AS doc_number, NULL AS doc_status
  FROM (
    SELECT w.object_id AS id, max(w.location_id) AS location_id,
      max(coalesce(json_extract(${BODY}, '$.data.object.payment.order_id'), json_extract(${BODY}, '$.data.object.refund.order_id'))) AS order_id,
      max(coalesce(json_extract(${BODY}, '$.data.object.payment.created_at'), json_extract(${BODY}, '$.data.object.refund.created_at'), json_extract(${BODY}, '$.created_at'))) AS at,
      max(coalesce(json_extract(${BODY}, '$.data.object.payment.amount_money.amount'), json_extract(${BODY}, '$.data.object.refund.amount_money.amount'))) AS amount_minor,
      max(coalesce(json_extract(${BODY}, '$.data.object.payment.amount_money.currency'), json_extract(${BODY}, '$.data.object.refund.amount_money.currency'))) AS currency,
      max(json_extract(${BODY}, '$.data.object.payment.tip_money.amount')) AS tip_minor,
      max(coalesce(json_extract(${BODY}, '$.data.object.payment.source_type'), json_extract(${BODY}, '$.data.object.refund.destination_type'))) AS source_type,
      max(json_extract(${BODY}, '$.data.object.payment.card_details.card.card_brand')) AS card_brand,
      max(json_extract(${BODY}, '$.data.object.payment.card_details.card.last_4')) AS last4,
      max(coalesce(json_extract(${BODY}, '$.data.object.payment.status'), json_extract(${BODY}, '$.data.object.refund.status'))) AS status
    FROM webhook_inbox w
    WHERE w.object_id IN (SELECT value FROM json_each(@ids)) AND (w.state = 'dead' OR (w.state = 'pending' AND w.attempts > 0))
    GROUP BY w.object_id
  ) o LEFT JOIN locations l ON l.id = o.location_id`;

interface ProblemRow {
  id: number; object_id: string; state: 'dead' | 'pending'; attempts: number; last_error: string | null; next_attempt_at: number;
}

const PROBLEMS = `SELECT id, object_id, state, attempts, last_error, next_attempt_at FROM webhook_inbox
  WHERE object_id IN (SELECT value FROM json_each(@ids)) AND ${PROBLEM} ORDER BY id`;

/** The events of `objectIds` that failed, as one problem (dead ones first: they wait for the owner). */
function problemOf(rows: readonly ProblemRow[]): TransactionProblem | null {
  if (!rows.length) return null;
  const dead = rows.filter((r) => r.state === 'dead');
  const lead = (dead.length ? dead : rows).at(-1)!;
  return {
    state: dead.length ? 'dead' : 'retrying',
    reason: eventFailureWords(lead.last_error, lead.state),
    detail: lead.last_error,
    attempts: lead.attempts,
    nextAttemptAt: dead.length ? null : new Date(Math.min(...rows.map((r) => r.next_attempt_at))).toISOString(),
    eventIds: rows.map((r) => r.id),
  };
}

function toView(kind: TransactionKind, stored: boolean, d: DetailRow, problems: ProblemRow[]): TransactionView {
  return {
    kind, id: d.id, orderId: d.order_id, paymentId: d.payment_id, at: d.at, locationId: d.location_id,
    locationName: d.location_name, amountMinor: d.amount_minor, currency: d.currency,
    tipMinor: d.tip_minor ?? (kind === 'payment' && stored ? 0 : null),
    tender: { type: d.source_type, cardBrand: d.card_brand, last4: d.last4 },
    squareStatus: d.status, status: statusGroupOf(d.status), stored,
    document: d.doc_id !== null && d.doc_kind ? { id: d.doc_id, kind: d.doc_kind, number: d.doc_number, status: d.doc_status ?? '' } : null,
    problem: problemOf(problems),
  };
}

/** transactions.list: one window in the asked order (newest first by default) and the number that match. */
export function listTransactions(db: Db, q: ListQuery): Page<TransactionView> {
  const sql = transactionsSql(q);
  const total = (db.prepare(sql.count).get(sql.params) as { n: number }).n;
  const window = db.prepare(sql.rows).all({ ...sql.params, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }) as WindowRow[];
  const ids = (pick: (w: WindowRow) => boolean) => JSON.stringify(window.filter(pick).map((w) => w.id));
  const details = new Map<string, DetailRow>();
  for (const [stmt, pick] of [
    [PAYMENT_DETAILS, (w: WindowRow) => w.stored === 1 && w.kind === 'payment'],
    [REFUND_DETAILS, (w: WindowRow) => w.stored === 1 && w.kind === 'refund'],
    [ORPHAN_DETAILS, (w: WindowRow) => w.stored === 0],
  ] as const) {
    const list = ids(pick);
    if (list === '[]') continue;
    for (const d of db.prepare(stmt).all({ ids: list }) as DetailRow[]) details.set(d.id, d);
  }
  // A payment's problems include those of its order (an order.updated that failed is the same sale).
  const objectIds = new Set<string>();
  for (const w of window) {
    objectIds.add(w.id);
    const orderId = details.get(w.id)?.order_id;
    if (w.kind === 'payment' && orderId) objectIds.add(orderId);
  }
  const problems = db.prepare(PROBLEMS).all({ ids: JSON.stringify([...objectIds]) }) as ProblemRow[];
  const byObject = new Map<string, ProblemRow[]>();
  for (const p of problems) byObject.set(p.object_id, [...(byObject.get(p.object_id) ?? []), p]);
  const items = window.flatMap((w) => {
    const d = details.get(w.id);
    if (!d) return [];
    const own = [...(byObject.get(w.id) ?? []), ...(w.kind === 'payment' && d.order_id ? byObject.get(d.order_id) ?? [] : [])];
    return [toView(w.kind, w.stored === 1, d, own.sort((a, b) => a.id - b.id))];
  });
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** The inbox events to re-queue for a transaction's Retry: its own failed events and (a payment's) its order's. */
export function problemEventIds(db: Db, kind: TransactionKind, id: string): number[] {
  const orderId = kind === 'payment'
    ? ((db.prepare('SELECT order_id FROM square_payments WHERE id = ?').pluck().get(id) as string | null | undefined) ?? null)
    : null;
  const ids = JSON.stringify(orderId ? [id, orderId] : [id]);
  return (db.prepare(PROBLEMS).all({ ids }) as ProblemRow[]).map((r) => r.id);
}
