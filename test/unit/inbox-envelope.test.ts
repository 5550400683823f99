import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildEnvelope, parseEnvelope, toInboxRow } from '../../main/inbox/envelope';
import { InboxStore } from '../../main/inbox/inbox-store';
import { openDatabase } from '../../main/platform/db/open';
import { tempDir } from '../support/temp-app';

// The one envelope path: what the receiver parses and stores, what sync builds, and what the pipeline reads back.

const webhookBody = JSON.stringify({
  merchant_id: 'MERCHANT1',
  location_id: 'LOC1',
  type: 'payment.updated',
  event_id: 'evt-1',
  created_at: '2026-11-30T10:00:00Z',
  data: { type: 'payment', id: 'PAY1', object: { payment: { id: 'PAY1', amount_money: { amount: 1250, currency: 'NGN' } } } },
});

describe('inbox envelope', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('maps a webhook to the row the worker claims, with the body kept byte for byte', () => {
    const parsed = parseEnvelope(webhookBody);
    if (!parsed.ok) throw new Error(parsed.message);
    const row = toInboxRow(parsed.envelope, webhookBody, { source: 'webhook', receivedAt: 42 });
    expect(row).toEqual({
      eventId: 'evt-1', source: 'webhook', type: 'payment.updated', merchantId: 'MERCHANT1', locationId: 'LOC1',
      objectId: 'PAY1', receivedAt: 42, rawBody: webhookBody, state: 'pending', lastError: null,
    });

    const dir = tempDir();
    dirs.push(dir);
    const db = openDatabase(dir);
    try {
      const inbox = new InboxStore(db);
      expect(inbox.insert(row)).toBe(true);
      expect(inbox.insert({ ...row, rawBody: '{}' })).toBe(false); // a redelivery: no second row, the first kept
      const [claimed] = inbox.claim(10, 100, 1_000);
      expect(claimed).toMatchObject({ eventId: 'evt-1', objectId: 'PAY1', merchantId: 'MERCHANT1', state: 'processing', attempts: 0 });
      // A claim leaves the body in SQLite; it is read by id, byte for byte as received, when it was not handed over.
      expect(claimed).not.toHaveProperty('rawBody');
      expect(inbox.body(claimed!.id)).toBe(webhookBody);
      expect(inbox.body(claimed!.id + 1)).toBeNull();
    } finally {
      db.close();
    }
  });

  it('says why a body is not an event, in words', () => {
    expect(parseEnvelope('{not json')).toEqual({ ok: false, reason: 'not_json', message: 'body is not valid JSON' });
    const noId = parseEnvelope(JSON.stringify({ merchant_id: 'M', type: 'payment.created' }));
    expect(noId).toMatchObject({ ok: false, reason: 'malformed', message: expect.stringContaining('event_id') });
    const wrongType = parseEnvelope(JSON.stringify({ merchant_id: 'M', type: 'x', event_id: 'e', data: { id: 7 } }));
    expect(wrongType).toMatchObject({ ok: false, reason: 'malformed', message: expect.stringContaining('data.id') });
  });

  it('builds sync events in the webhook shape, bigint amounts as exact JSON integers', () => {
    const big = 9_007_199_254_740_993n; // 2^53 + 1: a Number would round it
    const { envelope, rawBody } = buildEnvelope({
      merchantId: 'MERCHANT1', locationId: null, type: 'refund.updated', eventId: 'sync:refund:R1:2026-11-30T10:00:00Z',
      createdAt: '2026-11-30T10:05:00Z',
      data: { type: 'refund', id: 'R1', object: { refund: { id: 'R1', amount_money: { amount: big, currency: 'USD' } } } },
    });
    expect(rawBody).toContain('"amount":9007199254740993');
    expect(Object.keys(JSON.parse(rawBody))).toEqual(['merchant_id', 'type', 'event_id', 'created_at', 'data']); // no location_id: null is left out
    const parsed = parseEnvelope(rawBody);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(toInboxRow(parsed.envelope, rawBody, { source: 'sync', receivedAt: 7 })).toMatchObject({
      eventId: envelope.event_id, source: 'sync', type: 'refund.updated', merchantId: 'MERCHANT1', locationId: null, objectId: 'R1',
    });
  });
});
