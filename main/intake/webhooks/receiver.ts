import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from '../../platform/log';
import { closeServer, createLocalServer, listenLocal } from '../../platform/http/local-server';
import { readBodyOrRefuse } from '../../platform/http/read-body';
import { sendJson } from '../../platform/http/send-json';
import { parseEnvelope, routeOf, toInboxRow, type Envelope } from '../../inbox/envelope';
import type { InboxWriter } from '../../inbox/group-commit';
import type { ClaimedRow, NewInboxRow } from '../../inbox/inbox-row';
import { verifySquareSignature } from './signature';

export const WEBHOOK_PATH = '/webhooks/square';
export const HEALTH_PATH = '/webhooks/health';
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

import type { WebhookCounts, WebhookRejectReason } from '../../../shared/webhooks';

type RejectReason = WebhookRejectReason;
export type ReceiverCounts = WebhookCounts;

export interface ReceiverDeps {
  /**
   * Durable insert: resolves once the row is on disk, false for an event_id already stored; calls back as soon as it
   * is committed, before that (inbox/group-commit.ts).
   */
  inbox: InboxWriter;
  log: Logger;
  /** The subscription's signature key (from the keychain, cached by the caller); null → every event is refused. */
  signatureKey(): string | null;
  /** The notification URL exactly as registered with Square; the signature covers it. */
  notificationUrl(): string | null;
  /** The connected merchant, to keep other sellers' events out of invoicing (one app subscription serves all). */
  currentMerchantId(): string | null;
  /**
   * Called once a new event is committed (never before), so consumers may wake up: before it is durable and answered,
   * so the pipeline need not wait for the disk (inbox/group-commit.ts says why that is safe). `pending`: stored to be
   * processed (not set aside as ignored or as another seller's). `claimed`: the row as stored already claimed for the
   * pipeline (see liveLeaseMs), which must now be handed to it.
   */
  onStored?(event: Envelope, route: ReturnType<typeof routeOf>, pending: boolean, claimed: ClaimedRow | null): void;
  /**
   * The lease a sale event is stored with, already claimed, when the pipeline takes it straight from here
   * (pipeline/worker.ts, takeLive: no claim has to find it again); null: stored pending, for a claim.
   */
  liveLeaseMs?(): number | null;
  onCountsChanged?(): void;
  now?: () => number;
}

export interface WebhookReceiver {
  server: Server;
  port: number;
  counts(): ReceiverCounts;
  close(): Promise<void>;
}

/** The row as the pipeline works on it once stored already claimed (ClaimedRow: no body, no lease). */
function claimedRow(row: NewInboxRow, id: number): ClaimedRow {
  const { rawBody: _body, leaseUntil: _lease, ...stored } = row;
  return { ...stored, id, attempts: 0, lastError: null };
}

/**
 * Square's webhook endpoint. Order of checks: size → content type → signature (fail closed) → shape → durable insert
 * → 200. The answer is sent only after SQLite has committed the row; a duplicate event_id is acknowledged without
 * a second row. Nothing a request does can crash the process.
 */
export async function startWebhookReceiver(deps: ReceiverDeps, port: number): Promise<WebhookReceiver> {
  const now = deps.now ?? Date.now;
  const counts: ReceiverCounts = { accepted: 0, duplicates: 0, rejected: 0, rejectedByReason: {}, lastRejection: null };

  const countRejection = (status: number, reason: RejectReason, message: string) => {
    counts.rejected += 1;
    counts.rejectedByReason[reason] = (counts.rejectedByReason[reason] ?? 0) + 1;
    counts.lastRejection = { reason, at: new Date(now()).toISOString() };
    deps.log.warn({ reason, status }, `webhook refused: ${message}`);
    deps.onCountsChanged?.();
  };
  const reject = (res: ServerResponse, status: number, reason: RejectReason, message: string) => {
    countRejection(status, reason, message);
    sendJson(res, status, { error: message });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && (path === HEALTH_PATH || path === '/health')) {
      sendJson(res, 200, { ok: true });
      return;
    }
    if (path !== WEBHOOK_PATH) {
      sendJson(res, 404, { error: 'Not found' });
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      sendJson(res, 405, { error: 'Use POST' });
      return;
    }
    const tooLarge = `body larger than ${WEBHOOK_BODY_LIMIT} bytes`;
    const raw = await readBodyOrRefuse(req, res, WEBHOOK_BODY_LIMIT, () => ({ error: tooLarge }));
    if (!raw) return countRejection(413, 'too_large', tooLarge);
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') {
      return reject(res, 415, 'wrong_content_type', `content type must be application/json, got "${contentType}"`);
    }
    // Fail closed, each cause counted as itself: without the URL Square was given (webhooks off or not chosen yet,
    // the tunnel not up yet) no signature can be checked, whatever key is saved; without a key neither.
    const url = deps.notificationUrl();
    if (!url) {
      return reject(res, 401, 'no_notification_url', 'no notification URL is in use (webhooks off, or the public address not ready yet); events are refused until there is one');
    }
    const key = deps.signatureKey();
    if (!key) {
      return reject(res, 401, 'no_signature_key', 'no webhook signature key is configured; events are refused until one is set');
    }
    const signature = req.headers['x-square-hmacsha256-signature'];
    if (!verifySquareSignature({ rawBody: raw, signatureHeader: Array.isArray(signature) ? signature[0] : signature, signatureKey: key, notificationUrl: url })) {
      return reject(res, 401, 'bad_signature', 'signature missing or does not match');
    }
    // Square sends UTF-8. A lenient decode would store U+FFFD in place of bad bytes: a body no longer the one signed.
    let body: string;
    try {
      body = strictUtf8.decode(raw);
    } catch {
      return reject(res, 400, 'not_json', 'body is not valid UTF-8 text');
    }
    const parsed = parseEnvelope(body);
    if (!parsed.ok) return reject(res, 400, parsed.reason, parsed.message);
    const event = parsed.envelope;
    const route = routeOf(event.type);
    const merchant = deps.currentMerchantId();
    const otherSeller = route === 'sale' && merchant !== null && event.merchant_id !== merchant;
    const pending = route !== 'ignored' && !otherSeller;
    const lease = pending && route === 'sale' ? (deps.liveLeaseMs?.() ?? null) : null;
    const receivedAt = now();
    const row = toInboxRow(event, body, {
      source: 'webhook',
      receivedAt,
      state: pending ? (lease === null ? 'pending' : 'processing') : 'ignored',
      lastError: otherSeller ? `event for merchant ${event.merchant_id}, connected merchant is ${merchant}` : null,
    });
    if (lease !== null) row.leaseUntil = receivedAt + lease;
    const inserted = await deps.inbox.insert(row, (isNew, id) => {
      if (!isNew || !deps.onStored) return;
      try {
        deps.onStored(event, route, pending, lease !== null && id !== null ? claimedRow(row, id) : null);
      } catch (err) {
        deps.log.error({ err }, 'a stored webhook event could not be handed on; the pipeline will find it in the inbox');
      }
    });
    if (inserted) counts.accepted += 1;
    else counts.duplicates += 1;
    deps.onCountsChanged?.();
    sendJson(res, 200, { ok: true, duplicate: !inserted });
  }

  const server = createLocalServer((req, res) => {
    req.on('error', (err) => deps.log.debug({ err }, 'webhook client error'));
    res.on('error', (err) => deps.log.debug({ err }, 'webhook response error'));
    handle(req, res).catch((err: unknown) => {
      // A storage failure must never be acknowledged: 500 makes Square retry later.
      deps.log.error({ err }, 'webhook could not be stored');
      if (!res.headersSent) sendJson(res, 500, { error: 'could not store the event; Square will retry' });
      else res.destroy();
    });
  });

  const boundPort = await listenLocal(server, port);
  return {
    server,
    port: boundPort,
    counts: () => structuredClone(counts),
    close: () => closeServer(server),
  };
}
