import { z } from 'zod';
import { INVOICE_STATUSES, INVOICE_KINDS, INVOICE_SORTS } from './domain';
import type { AppInfo, InvoiceDetail, InvoiceSummary, Page, Stats } from './domain';
import { settingsSchema, type Settings, SETTING_KEYS } from './settings';
import type { SquareStatus } from './square';
import type { WebhookStatus } from './webhooks';
import type { SyncStatus } from './sync';
import { reviewInputs, type ApproveOutcome, type CodeEntry } from './review';
import { printInputs, type InvoicePrintView, type NrsKeysStatus, type SavePdfResult } from './print';
import { exportInputs, type ExportBatchView, type ExportMappings, type ExportProblems, type ExportProgress, type ExportRunResult } from './export';
import { eventInputs, transactionInputs, type FailedEventView, type RetryOutcome, type TransactionView } from './transactions';
import type { DashboardSummary, Notice } from './dashboard';

// The one source of truth for main ⇄ renderer calls. Each channel has a zod input schema (parsed on the main side
// in both transports: Electron IPC and the headless HTTP host) and an output type. The preload, the IPC
// registration, the HTTP routes and the renderer client are all derived from this object.

/** Phantom marker carrying the output type; never read at run time. */
const returns = <T>() => undefined as unknown as T;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD, e.g. 2026-11-30.');
const noInput = z.object({}).strict();

/** The invoice list's filters (shared by invoices.list and invoices.ids, so "approve all matching" acts on what the list shows). */
const invoiceFilter = z.object({
  status: z.array(z.enum(INVOICE_STATUSES)).max(INVOICE_STATUSES.length).optional(),
  kind: z.enum(INVOICE_KINDS).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  search: z.string().trim().max(200).optional(),
  locationId: z.string().min(1).max(64).optional(),
});
const FROM_AFTER_TO = 'The start date must not be after the end date: choose an earlier start or a later end.';
const fromNotAfterTo = (v: { from?: string; to?: string }) => !v.from || !v.to || v.from <= v.to;

/** invoices.ids answers at most this many ids (the most invoices.approveMany takes at once). */
export const MAX_FILTER_IDS = 5000;

export const contract = {
  'app.info': { input: noInput, output: returns<AppInfo>() },
  'settings.get': { input: noInput, output: returns<Settings>() },
  'settings.set': {
    // Partial and strict: an unknown key is an error that names the key, not a silent no-op.
    input: settingsSchema.partial().strict(),
    output: returns<Settings>(),
  },
  'invoices.list': {
    input: invoiceFilter
      .extend({
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(500).default(50),
        sort: z.enum(INVOICE_SORTS).default('issuedAt'),
        dir: z.enum(['asc', 'desc']).default('desc'),
      })
      .strict()
      .refine(fromNotAfterTo, { message: FROM_AFTER_TO, path: ['from'] }),
    output: returns<Page<InvoiceSummary>>(),
  },
  /** The ids of every document the list's filters match (oldest first), at most MAX_FILTER_IDS: for "approve all". */
  'invoices.ids': {
    input: invoiceFilter.strict().refine(fromNotAfterTo, { message: FROM_AFTER_TO, path: ['from'] }),
    output: returns<number[]>(),
  },
  'invoices.get': {
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: returns<InvoiceDetail>(),
  },
  // Review: the owner's corrections and decisions; each is recorded in the invoice's history (shared/review.ts).
  'invoices.buyer.set': { input: reviewInputs.buyer, output: returns<InvoiceDetail>() },
  'invoices.line.classify': { input: reviewInputs.classifyLine, output: returns<InvoiceDetail>() },
  'invoices.approve': { input: reviewInputs.approve, output: returns<InvoiceDetail>() },
  'invoices.approveMany': { input: reviewInputs.approveMany, output: returns<{ results: ApproveOutcome[]; approved: number }>() },
  'invoices.void': { input: reviewInputs.void, output: returns<InvoiceDetail>() },
  'invoices.reopen': { input: reviewInputs.reopen, output: returns<InvoiceDetail>() },
  /** NRS code lists for pickers: states, LGAs (of a state), countries, HS codes, ISIC service codes. */
  'codes.search': { input: reviewInputs.codes, output: returns<CodeEntry[]>() },
  'stats.get': { input: noInput, output: returns<Stats>() },

  // Printing (docs/printing.md): everything the print view shows, and a PDF of it from the desktop app.
  'invoices.print': { input: printInputs.id, output: returns<InvoicePrintView>() },
  /** Desktop app only, from the invoice's print view; the browser dashboard answers unavailable (use Print). */
  'invoices.savePdf': { input: printInputs.id, output: returns<SavePdfResult>() },
  /** The business's NRS keys (crypto_keys.txt) sign the printed QR code; kept in the keychain, never shown again. */
  'nrsKeys.status': { input: noInput, output: returns<NrsKeysStatus>() },
  'nrsKeys.set': { input: printInputs.setKeys, output: returns<NrsKeysStatus>() },
  'nrsKeys.clear': { input: noInput, output: returns<NrsKeysStatus>() },

  // Export to TaxPoynt (shared/export.ts, docs/taxpoynt-export.md).
  /** What stops each document from being exported, in words (empty problems: it can go); the profile's as id 0. */
  'export.check': { input: exportInputs.check, output: returns<ExportProblems[]>() },
  /** Checks all, then writes one batch (nothing is exported when any document has a problem: all reasons returned). */
  'export.run': { input: exportInputs.run, output: returns<ExportRunResult>() },
  'export.list': { input: exportInputs.list, output: returns<Page<ExportBatchView>>() },
  /** The batch's files again, byte for byte, in a new folder; `identical` confirms the hashes match. */
  'export.rerun': { input: exportInputs.rerun, output: returns<{ batch: ExportBatchView; path: string; identical: boolean }>() },
  /** Per-item classifications and naira exchange rates (the business profile itself is in settings). */
  'export.mappings.get': { input: noInput, output: returns<ExportMappings>() },
  'export.mappings.set': { input: exportInputs.mappingsSet, output: returns<ExportMappings>() },
  /** Desktop app only: copies a batch's folder where the owner chooses (the browser dashboard says where the files are). */
  'export.saveCopy': { input: exportInputs.rerun, output: returns<{ saved: boolean; folder: string | null }>() },

  // Square connection (OAuth with PKCE in the system browser; tokens in the OS keychain).
  'square.status': { input: noInput, output: returns<SquareStatus>() },
  /** Starts sign-in and returns at once; progress and outcome arrive as 'square.changed' + square.status. */
  'square.connect': { input: noInput, output: returns<{ authorizeUrl: string }>() },
  'square.cancelConnect': { input: noInput, output: returns<SquareStatus>() },
  'square.disconnect': { input: noInput, output: returns<{ revokeHint: string }>() },
  'square.locations.refresh': { input: noInput, output: returns<SquareStatus>() },
  'square.locations.select': {
    input: z.object({ locationIds: z.array(z.string().min(1).max(64)).max(500) }).strict(),
    output: returns<SquareStatus>(),
  },
  /** The owner's own Square application's personal access token (for webhook subscriptions), checked then kept. */
  'square.personalToken.set': {
    input: z.object({ token: z.string().trim().min(10, 'The personal access token looks too short: paste the whole token.').max(512) }).strict(),
    output: returns<{ merchantName: string | null }>(),
  },
  'square.personalToken.clear': { input: noInput, output: returns<SquareStatus>() },

  // Webhooks: receiver, tunnel and Square's subscription.
  'webhooks.status': { input: noInput, output: returns<WebhookStatus>() },
  /** Manual mode: the signature key from the Square Developer Dashboard (kept in the keychain). */
  'webhooks.signatureKey.set': {
    input: z
      .object({ signatureKey: z.string().trim().min(10, 'The signature key looks too short: paste the whole key.').max(200).regex(/^\S+$/, 'The signature key has no spaces: paste it again without them.') })
      .strict(),
    output: returns<WebhookStatus>(),
  },
  /** Creates/updates Square's subscription now (needs the personal access token). */
  'webhooks.subscription.sync': { input: noInput, output: returns<WebhookStatus>() },
  /** Reopen the tunnel now rather than after the backoff (e.g. the network is back). */
  'webhooks.tunnel.reconnect': { input: noInput, output: returns<WebhookStatus>() },

  // Pipeline: failed events can be retried or set aside by the owner.
  'events.list': {
    input: z
      .object({
        state: z.enum(['pending', 'processing', 'done', 'ignored', 'dead']).optional(),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    output: returns<Page<InboxEventView>>(),
  },
  'events.retry': { input: z.object({ id: z.number().int().positive() }).strict(), output: returns<InboxEventView>() },
  'events.ignore': { input: z.object({ id: z.number().int().positive() }).strict(), output: returns<InboxEventView>() },

  // Transactions and failed events (shared/transactions.ts; docs/architecture.md, "Transactions and failed events").
  /** Square's payments and refunds as stored, with their invoice or credit note and any processing problem. */
  'transactions.list': { input: transactionInputs.list, output: returns<Page<TransactionView>>() },
  /** Re-queues the failed events of one payment or refund now; how many went back to the queue. */
  'transactions.retry': { input: transactionInputs.retry, output: returns<{ retried: number }>() },
  /** Dead letters with their payload summarised and the reason in words (newest first). */
  'events.failed': { input: eventInputs.failed, output: returns<Page<FailedEventView>>() },
  /** Retries several events in one transaction; a result for each. */
  'events.retryMany': { input: eventInputs.retryMany, output: returns<{ results: RetryOutcome[]; retried: number }>() },

  // Catch-up sync and backfill from Square.
  'sync.status': { input: noInput, output: returns<SyncStatus>() },
  'sync.run': { input: noInput, output: returns<SyncStatus>() },
  'sync.backfill': {
    input: z
      .object({ from: isoDate, to: isoDate })
      .strict()
      .refine((v) => v.from <= v.to, { message: 'The last day must be on or after the first.', path: ['to'] }),
    output: returns<SyncStatus>(),
  },
  'sync.cancel': { input: noInput, output: returns<SyncStatus>() },

  // Dashboard and notifications (issue 16, shared/dashboard.ts): the owner's summary and what needs them now.
  /** Health line, today's sales, what waits, failed events, last sale and sync, the sales chart. */
  'dashboard.get': { input: noInput, output: returns<DashboardSummary>() },
  /** The notices the banner (and the desktop notifications) show; re-read on 'notifications.changed'. */
  'notifications.list': { input: noInput, output: returns<Notice[]>() },
} as const;

/** One inbox row as the UI sees it (no raw body). */
export interface InboxEventView {
  id: number;
  eventId: string;
  source: 'webhook' | 'sync';
  type: string;
  objectId: string | null;
  state: 'pending' | 'processing' | 'done' | 'ignored' | 'dead';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  receivedAt: string;
  processedAt: string | null;
}

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

/** What the caller may pass (defaults applied on the main side). */
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
/** What the handler receives after parsing. */
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = Contract[C]['output'];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Push events from main to the renderer, with their payloads. */
export interface PushEvents {
  'invoice.changed': { id: number; status: string };
  'stats.changed': Record<string, never>;
  'settings.changed': Settings;
  /** Something about the Square connection changed; read square.status. */
  'square.changed': Record<string, never>;
  /** Tunnel, subscription, key or counters changed; read webhooks.status. */
  'webhooks.changed': Record<string, never>;
  /** Sync or backfill progressed; read sync.status. */
  'sync.changed': Record<string, never>;
  /** A running export moved on (checking, writing, recording, done). */
  'export.progress': ExportProgress;
  /** The notices changed (one appeared, went or has more to say); read notifications.list. */
  'notifications.changed': Record<string, never>;
}
export type PushEventName = keyof PushEvents;
export const PUSH_EVENTS = ['invoice.changed', 'stats.changed', 'settings.changed', 'square.changed', 'webhooks.changed', 'sync.changed', 'export.progress', 'notifications.changed'] as const satisfies readonly PushEventName[];

/** The one Electron IPC channel that carries push events main → renderer as `{ event, payload }`. */
export const PUSH_EVENT_CHANNEL = 'taxpoynt:event';

export function isPushEvent(name: unknown): name is PushEventName {
  return typeof name === 'string' && (PUSH_EVENTS as readonly string[]).includes(name);
}

/** Errors cross both transports as plain data, never as thrown class instances. */
// unauthorized: the caller itself was refused (no or wrong API token, a foreign Host header, an untrusted frame),
// before any input was looked at.
export const API_ERROR_CODES = ['invalid_input', 'unauthorized', 'not_found', 'conflict', 'unavailable', 'internal'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
export interface ApiErrorBody {
  code: ApiErrorCode;
  /** A sentence for the shop owner that says what to do next; never a channel name, field key or Square code. */
  message: string;
  /** Dotted path of the offending input field for invalid_input (for the screen to find the input, not to show). */
  field?: string;
  // Errors in words (issue 16): the technical detail and every field's own problem travel beside the sentence.
  /** The technical detail (channel, input path, Square's code), shown only behind "Details". */
  detail?: string;
  /** Every offending field with its own sentence, when more than one field is wrong (the first is `field`). */
  fieldErrors?: FieldError[];
}
export interface FieldError {
  field: string;
  message: string;
}
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** The renderer-facing API: one method per channel plus a push subscription. */
export type TaxpoyntApi = {
  [C in Channel]: (input?: ChannelInput<C>) => Promise<ChannelOutput<C>>;
} & {
  on<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): () => void;
};

export { SETTING_KEYS };

/**
 * An error raised on purpose, whose message is safe to show the owner. Main-side code throws it (the dispatcher turns
 * it into an ApiErrorBody); client-side wrappers rebuild it from a body as ApiCallError.
 */
export class ApiError extends Error {
  readonly detail?: string;
  readonly fieldErrors?: FieldError[];

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    more: { detail?: string | undefined; fieldErrors?: FieldError[] | undefined } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    if (more.detail) this.detail = more.detail;
    if (more.fieldErrors?.length) this.fieldErrors = more.fieldErrors;
  }

  toBody(): ApiErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.fieldErrors?.length ? { fieldErrors: this.fieldErrors } : {}),
    };
  }
}

/** Error thrown by client-side API wrappers so UI code can show the message, field and details. */
export class ApiCallError extends ApiError {
  constructor(body: ApiErrorBody) {
    super(body.code, body.message, body.field, { detail: body.detail, fieldErrors: body.fieldErrors });
    this.name = 'ApiCallError';
  }
}
