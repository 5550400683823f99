import { close as fsClose, fdatasync as fsFdatasync, open as fsOpen, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { InboxGroupCommit } from '../../main/inbox/group-commit';
import { InboxStore } from '../../main/inbox/inbox-store';
import { startWebhookReceiver, type WebhookReceiver } from '../../main/intake/webhooks/receiver';
import { openDatabase, type Db } from '../../main/platform/db/open';
import { WalSync, type SyncIo } from '../../main/platform/db/wal-sync';
import { createLogger } from '../../main/platform/log';
import { tempDir } from '../support/temp-app';
import { postWebhook, signSquare, squareEvent, type PostResult } from '../support/webhook-client';

// The receiver hands a stored sale on as soon as its row is committed, while the WAL sync that makes it durable (and
// lets the receiver answer 200) is still running: the pipeline starts on it without waiting for the disk. A real
// receiver, a real SQLite file, real fdatasyncs held until the test lets them run.

const URL_ = 'https://shop.example.com/webhooks/square';
const KEY = 'test-signature-key-0123456789';
const quietLog = createLogger('warn', new Writable({ write: (_c, _e, done) => done() }));

describe('webhook receiver hand-off', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(onStored: (eventId: string, pending: boolean) => void) {
    const dir = tempDir();
    const db: Db = openDatabase(dir);
    // Each sync held until the test runs it (release) or fails it as the kernel would (failHeld).
    const held: { run: () => void; fail: () => void }[] = [];
    let holding = true;
    const io: SyncIo = {
      open: fsOpen,
      close: fsClose,
      fdatasync: ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
        const sync = {
          run: () => fsFdatasync(fd, cb),
          fail: () => cb(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })),
        };
        if (holding) held.push(sync);
        else sync.run();
      }) as SyncIo['fdatasync'],
    };
    const receiver: WebhookReceiver = await startWebhookReceiver(
      {
        inbox: new InboxGroupCommit(db, new InboxStore(db), WalSync.of(db, io)),
        log: quietLog,
        signatureKey: () => KEY,
        notificationUrl: () => URL_,
        currentMerchantId: () => 'M1',
        onStored: (event, _route, pending) => onStored(event.event_id, pending),
      },
      0,
    );
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => { db.close(); }, () => receiver.close());
    const send = (event: Record<string, unknown>): Promise<PostResult> => {
      const body = JSON.stringify(event);
      return postWebhook(receiver.port, body, { 'x-square-hmacsha256-signature': signSquare(URL_, body, KEY) });
    };
    const stored = () => db.prepare('SELECT event_id FROM webhook_inbox ORDER BY id').pluck().all();
    const release = () => {
      holding = false;
      held.splice(0).forEach((sync) => sync.run());
    };
    const failHeld = () => held.splice(0).forEach((sync) => sync.fail());
    return { send, stored, held, release, failHeld };
  }

  it('hands a new sale on once it is committed, before its answer waits out the disk; a redelivery is not handed on again', async () => {
    const handed: { eventId: string; pending: boolean; answered: boolean }[] = [];
    let answered = false;
    const { send, stored, held, release } = await setup((eventId, pending) => handed.push({ eventId, pending, answered }));
    const event = squareEvent({ merchant_id: 'M1' });
    const first = send(event).then((res) => ((answered = true), res));
    await expect.poll(() => held.length).toBe(1); // committed; its sync is held
    expect(stored()).toEqual([event.event_id]);
    expect(handed).toEqual([{ eventId: event.event_id, pending: true, answered: false }]);
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false); // 200 only once on disk
    release();
    expect((await first).status).toBe(200);
    const again = await send(event);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true });
    expect(handed).toHaveLength(1);
  });

  it('an event handed on whose sync then fails is answered 500 (Square resends it), and the resend is a stored duplicate', async () => {
    const handed: string[] = [];
    const { send, stored, held, release, failHeld } = await setup((eventId) => handed.push(eventId));
    const event = squareEvent({ merchant_id: 'M1' });
    const answer = send(event);
    await expect.poll(() => held.length).toBe(1);
    expect(handed).toEqual([event.event_id]); // the pipeline may already be making its invoice
    failHeld();
    expect((await answer).status).toBe(500);
    expect(stored()).toEqual([event.event_id]);
    release();
    const resent = await send(event);
    expect(resent.status).toBe(200);
    expect(JSON.parse(resent.body)).toMatchObject({ duplicate: true });
    expect(handed).toEqual([event.event_id]); // handed on once
  });
});
