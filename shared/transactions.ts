import { z } from 'zod';

// Transactions (Square's payments and refunds as stored, with what the app made of them) and failed events (dead
// letters of the inbox), as the UI sees them. Pure TS: the contract's inputs, the views, and the words an owner reads
// for a failure, so main and renderer say the same thing.

export const TRANSACTION_KINDS = ['payment', 'refund'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/** Square's payment and refund statuses, grouped as an owner thinks of them. */
export const TRANSACTION_STATUSES = ['completed', 'pending', 'failed'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];
export const SQUARE_STATUSES_OF: Record<TransactionStatus, readonly string[]> = {
  completed: ['COMPLETED'],
  pending: ['PENDING', 'APPROVED'],
  failed: ['FAILED', 'CANCELED', 'REJECTED'],
};
export function statusGroupOf(squareStatus: string | null): TransactionStatus | null {
  for (const group of TRANSACTION_STATUSES) if (squareStatus && SQUARE_STATUSES_OF[group].includes(squareStatus)) return group;
  return null;
}

/** Columns the list sorts by on the main side; each has an index (migration 0008). */
export const TRANSACTION_SORTS = ['time', 'amount'] as const;
export type TransactionSort = (typeof TRANSACTION_SORTS)[number];

const instant = z.iso.datetime({ offset: true, error: 'expected a date and time like 2025-01-31T23:00:00Z' });

/** The list's filters; `from`/`to` are instants (the renderer turns the owner's local days into them). */
export const transactionFilter = z.object({
  kind: z.enum(TRANSACTION_KINDS).optional(),
  status: z.array(z.enum(TRANSACTION_STATUSES)).max(TRANSACTION_STATUSES.length).optional(),
  locationId: z.string().min(1).max(64).optional(),
  from: instant.optional(),
  to: instant.optional(),
  /** true: only those with a processing problem; false: only those without. */
  problem: z.boolean().optional(),
  search: z.string().trim().max(200).optional(),
});

export const transactionInputs = {
  list: transactionFilter
    .extend({
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(500).default(50),
      sort: z.enum(TRANSACTION_SORTS).default('time'),
      dir: z.enum(['asc', 'desc']).default('desc'),
    })
    .strict()
    .refine((v) => !v.from || !v.to || Date.parse(v.from) <= Date.parse(v.to), {
      message: 'The start of the date range must not be after its end',
      path: ['from'],
    }),
  retry: z.object({ kind: z.enum(TRANSACTION_KINDS), id: z.string().min(1).max(200) }).strict(),
};

export const eventInputs = {
  failed: z
    .object({ page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(500).default(50) })
    .strict(),
  /** Most events retried at once: a page of the Failed events screen. */
  retryMany: z
    .object({
      ids: z
        .array(z.number().int().positive())
        .min(1, 'Choose at least one event to retry')
        .max(500, 'Retry at most 500 events at once')
        .refine((ids) => new Set(ids).size === ids.length, 'Each event may be listed once'),
    })
    .strict(),
};

/** How the buyer paid (payment) or was paid back (refund). */
export interface Tender {
  /** Square's source type (CARD, CASH, EXTERNAL, WALLET, …) or null when not known. */
  type: string | null;
  cardBrand: string | null;
  last4: string | null;
}

/** The invoice or credit note the app made from a transaction. */
export interface LinkedDocument {
  id: number;
  kind: 'invoice' | 'credit_note';
  number: string | null;
  status: string;
}

/** Events of this transaction that failed: dead ones wait for the owner, others are tried again automatically. */
export interface TransactionProblem {
  state: 'dead' | 'retrying';
  /** What happened, for the owner, with the next step. */
  reason: string;
  /** The technical text the app recorded (behind "Details"). */
  detail: string | null;
  attempts: number;
  /** When the app tries again on its own (retrying only). */
  nextAttemptAt: string | null;
  eventIds: number[];
}

export interface TransactionView {
  kind: TransactionKind;
  /** Square's payment or refund id. */
  id: string;
  orderId: string | null;
  /** The payment a refund gives money back from. */
  paymentId: string | null;
  /** When it happened in Square (RFC 3339), or null when not known. */
  at: string | null;
  locationId: string | null;
  locationName: string | null;
  /** Integer minor units; a refund's amount is what went back to the buyer (positive). */
  amountMinor: number | null;
  currency: string | null;
  tipMinor: number | null;
  tender: Tender;
  /** Square's own status (COMPLETED, PENDING, …) and its group. */
  squareStatus: string | null;
  status: TransactionStatus | null;
  /** False when the app has only the failed event so far (Square's object was never stored). */
  stored: boolean;
  document: LinkedDocument | null;
  problem: TransactionProblem | null;
}

/** The payload of a failed event, summarised on the main side (the body itself never leaves main). */
export interface EventSummary {
  /** What the event is about. */
  subject: 'sale' | 'refund' | 'order' | 'customer' | 'other';
  /** Square's id of that object. */
  objectId: string | null;
  amountMinor: number | null;
  currency: string | null;
  at: string | null;
  locationName: string | null;
  customerName: string | null;
}

export interface FailedEventView {
  id: number;
  source: 'webhook' | 'sync';
  receivedAt: string;
  attempts: number;
  summary: EventSummary;
  /** Why it failed, for the owner, with the next step. */
  reason: string;
  /** The technical text behind "Details". */
  detail: string | null;
}

export type RetryOutcome =
  | { id: number; outcome: 'retried' }
  | { id: number; outcome: 'missing' | 'refused'; reason: string };

// ---- words ----

const TENDER_WORDS: Record<string, string> = {
  CARD: 'Card',
  CASH: 'Cash',
  EXTERNAL: 'Other (outside Square)',
  WALLET: 'Digital wallet',
  BANK_ACCOUNT: 'Bank transfer',
  BUY_NOW_PAY_LATER: 'Pay later',
  SQUARE_ACCOUNT: 'Square balance',
  CASH_APP: 'Cash App',
};

/** "Card · Visa ••1111", "Cash", "Other (outside Square)". */
export function tenderWords(t: Tender): string {
  if (!t.type) return 'Not known';
  const base = TENDER_WORDS[t.type] ?? 'Other';
  if (t.type !== 'CARD' || (!t.cardBrand && !t.last4)) return base;
  const brand = t.cardBrand ? t.cardBrand.charAt(0) + t.cardBrand.slice(1).toLowerCase().replace(/_/g, ' ') : '';
  return `${base} · ${[brand, t.last4 ? `••${t.last4}` : ''].filter(Boolean).join(' ')}`;
}

/**
 * Why an event failed, as a sentence for a shop owner with the next step. The app records technical text (the
 * SDK's message with Square's status code and body, our own errors); this reads it and never repeats it.
 */
export function eventFailureWords(lastError: string | null, state: 'dead' | 'pending' | string): string {
  const e = lastError ?? '';
  const status = /Status code: (\d{3})/.exec(e)?.[1];
  const later = state === 'dead' ? 'Press Retry to try again.' : 'The app tries again by itself.';
  if (!e) return `This event could not be processed. ${later}`;
  if (/reconnect|not connected|revoked|ACCESS_TOKEN|UNAUTHORIZED/i.test(e) || status === '401' || status === '403') {
    return 'Square refused the app’s access. Reconnect Square on the Square screen, then press Retry.';
  }
  if (/circuit open|unavailable/i.test(e) || (status && Number(status) >= 500)) {
    return `Square was not answering when the app asked for this sale. ${later}`;
  }
  if (status === '429') return `Square asked the app to slow down. ${later}`;
  if (status === '404' || /not found/i.test(e)) {
    return 'Square could not find this sale (yet). If it was made a moment ago, press Retry in a minute; otherwise Ignore it.';
  }
  if (status) return `Square turned down the app’s request for this sale. Check the Square connection, then press Retry.`;
  if (/stored event|without data\.id|without a payment|without a refund|without an order id/i.test(e)) {
    return 'This event from Square is incomplete and cannot become an invoice. Ignore it; the sale itself arrives with the next sync.';
  }
  if (/converter|cannot tell its currency|no timestamp|not in the expected shape|without an id/i.test(e)) {
    return 'The app could not turn this sale into an invoice. Press Retry after updating the app; if it fails again, Ignore it and record the sale by hand.';
  }
  if (/fetch failed|ECONN|ETIMEDOUT|ENOTFOUND|network|timed? ?out|aborted/i.test(e)) {
    return `The app could not reach Square (no internet?). ${later}`;
  }
  if (/SQLITE|database|disk/i.test(e)) return 'The app could not save this sale on this computer. Check there is free disk space, then press Retry.';
  return `This event could not be processed. ${later}`;
}
