import type { Page } from '../../shared/domain';
import { eventFailureWords, type EventSummary, type FailedEventView } from '../../shared/transactions';
import type { Db } from '../platform/db/open';

/** An event's stored body as JSON; a body that is not (an old or hand-made row) reads as empty instead of failing the list. */
const BODY = `iif(json_valid(w.raw_body), w.raw_body, '{}')`;

// The Failed events screen's read: dead letters of the inbox, each with what it is about (a sale, a refund, a
// customer), the amount and time, read from the stored event body — or from the Square object the app already
// stored — on the main side. Only this summary leaves main; the body itself never does.

const PAGE = `
  SELECT w.id, w.source, w.type, w.object_id, w.received_at, w.attempts, w.last_error, l.name AS location_name,
    coalesce(json_extract(${BODY}, '$.data.object.payment.amount_money.amount'),
      json_extract(${BODY}, '$.data.object.refund.amount_money.amount'), p.amount_minor, r.amount_minor,
      json_extract(${BODY}, '$.data.object.order.total_money.amount'), json_extract(o.raw_json, '$.total_money.amount')) AS amount_minor,
    coalesce(json_extract(${BODY}, '$.data.object.payment.amount_money.currency'),
      json_extract(${BODY}, '$.data.object.refund.amount_money.currency'), p.currency, r.currency,
      json_extract(${BODY}, '$.data.object.order.total_money.currency'), json_extract(o.raw_json, '$.total_money.currency')) AS currency,
    coalesce(json_extract(${BODY}, '$.data.object.payment.created_at'), json_extract(${BODY}, '$.data.object.refund.created_at'),
      p.created_at, r.created_at, json_extract(${BODY}, '$.data.object.order.created_at'),
      json_extract(o.raw_json, '$.created_at'), json_extract(${BODY}, '$.created_at')) AS at,
    trim(coalesce(json_extract(${BODY}, '$.data.object.customer.company_name'),
      coalesce(json_extract(${BODY}, '$.data.object.customer.given_name'), '') || ' ' ||
      coalesce(json_extract(${BODY}, '$.data.object.customer.family_name'), ''))) AS customer_name
  FROM webhook_inbox w
  LEFT JOIN locations l ON l.id = w.location_id
  LEFT JOIN square_payments p ON w.type LIKE 'payment.%' AND p.id = w.object_id
  LEFT JOIN square_refunds r ON w.type LIKE 'refund.%' AND r.id = w.object_id
  LEFT JOIN square_orders o ON w.type LIKE 'order.%' AND o.id = w.object_id
  WHERE w.state = 'dead'
  ORDER BY w.id DESC LIMIT @limit OFFSET @offset`;

interface Row {
  id: number; source: 'webhook' | 'sync'; type: string; object_id: string | null; received_at: number; attempts: number;
  last_error: string | null; location_name: string | null; amount_minor: number | null; currency: string | null;
  at: string | null; customer_name: string | null;
}

const SUBJECTS: Record<string, EventSummary['subject']> = { payment: 'sale', refund: 'refund', order: 'order', customer: 'customer' };

function toView(r: Row): FailedEventView {
  return {
    id: r.id,
    source: r.source,
    receivedAt: new Date(r.received_at).toISOString(),
    attempts: r.attempts,
    summary: {
      subject: SUBJECTS[r.type.split('.')[0] ?? ''] ?? 'other',
      objectId: r.object_id,
      amountMinor: r.amount_minor,
      currency: r.currency,
      at: r.at,
      locationName: r.location_name,
      customerName: r.customer_name || null,
    },
    reason: eventFailureWords(r.last_error, 'dead'),
    detail: r.last_error,
  };
}

/** events.failed: one page of dead letters, newest first. */
export function listFailedEvents(db: Db, q: { page: number; pageSize: number }): Page<FailedEventView> {
  const total = db.prepare(`SELECT count(*) FROM webhook_inbox WHERE state = 'dead'`).pluck().get() as number;
  const rows = db.prepare(PAGE).all({ limit: q.pageSize, offset: (q.page - 1) * q.pageSize }) as Row[];
  return { items: rows.map(toView), total, page: q.page, pageSize: q.pageSize };
}
