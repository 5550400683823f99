import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Db } from '../../main/platform/db/open';
import { InboxStore } from '../../main/inbox/inbox-store';
import { envelopeSchema, toInboxRow, type Envelope } from '../../main/inbox/envelope';
import { verifySquareSignature } from '../../main/intake/webhooks/signature';
import { signedPaymentBodies, type SignedBody } from './payload';
import { summarize, type Summary } from './stats';

export interface StageCost {
  stage: string;
  /** Per call, microseconds. */
  us: { mean: number; p50: number; p99: number; max: number };
  samples: number;
  note?: string;
}

const toUs = (s: Summary) => ({ mean: s.mean * 1000, p50: s.p50 * 1000, p99: s.p99 * 1000, max: s.max * 1000 });

function insertEvent(inbox: InboxStore, e: Envelope, body: Buffer): void {
  inbox.insert(toInboxRow(e, body.toString('utf8'), { source: 'webhook', receivedAt: Date.now() }));
}

function withTempDb<T>(fn: (db: Db) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'tp-bench-stages-'));
  const db = openDatabase(dir); // the app's own pragmas: WAL, synchronous=NORMAL, busy_timeout
  try {
    return fn(db);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The receiver's own steps, timed one call at a time outside HTTP on the same ~1.5 KB bodies: where its time per
 * request goes beyond what the raw node:http baseline also pays. The inserts go to temp databases opened like the
 * app's, so the receiver's inbox is not touched. SQLite is timed twice, one insert per commit: with SQLite's own
 * auto-checkpoint (every 1000 WAL pages, inline in whichever commit crosses the threshold — how the receiver ran before
 * group commit and background checkpoints) and split into a pure WAL append plus a timed checkpoint, since in WAL
 * mode with synchronous=NORMAL a commit does not fsync but a checkpoint does. The app now pays only the WAL append on
 * its thread, shared by the inserts of one event-loop turn; checkpoints run in a worker thread (main/db/checkpointer).
 */
export function measureStageCosts(n: number, notificationUrl: string, key: string): StageCost[] {
  const fresh = (seq: number) => signedPaymentBodies(n, notificationUrl, key, seq);
  const bodies = fresh(10_000_000);
  const hmac = new Float64Array(n);
  const parse = new Float64Array(n);
  const zod = new Float64Array(n);
  const events: Envelope[] = new Array(n);
  // One untimed pass first so every stage is compiled and warm, like the receiver after its warm-up.
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < n; i++) {
      const { body, signature } = bodies[i]!;
      const t0 = performance.now();
      const ok = verifySquareSignature({ rawBody: body, signatureHeader: signature, signatureKey: key, notificationUrl });
      const t1 = performance.now();
      const json: unknown = JSON.parse(body.toString('utf8'));
      const t2 = performance.now();
      const parsed = envelopeSchema.safeParse(json);
      const t3 = performance.now();
      if (!ok || !parsed.success) throw new Error('stage-cost body did not verify or parse');
      hmac[i] = t1 - t0;
      parse[i] = t2 - t1;
      zod[i] = t3 - t2;
      events[i] = parsed.data;
    }
  }

  const timeInserts = (inbox: InboxStore, list: SignedBody[], evs: Envelope[]) => {
    const t = new Float64Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const t0 = performance.now();
      insertEvent(inbox, evs[i]!, list[i]!.body);
      t[i] = performance.now() - t0;
    }
    return t;
  };

  // As the app runs it.
  const asApp = withTempDb((db) => timeInserts(new InboxStore(db), bodies, events));

  // Same rows, auto-checkpoint off: the commit alone (WAL append, no fsync) ...
  const other = fresh(20_000_000);
  const otherEvents = other.map((b) => envelopeSchema.parse(JSON.parse(b.body.toString('utf8'))));
  const split = withTempDb((db) => {
    db.pragma('wal_autocheckpoint = 0');
    const inbox = new InboxStore(db);
    // Calibrate: WAL pages one insert writes (PASSIVE reports the WAL's frame count; TRUNCATE then empties it).
    const calib = Math.min(200, n);
    timeInserts(inbox, other.slice(0, calib), otherEvents.slice(0, calib));
    const [{ log: frames }] = db.pragma('wal_checkpoint(PASSIVE)') as [{ log: number }];
    db.pragma('wal_checkpoint(TRUNCATE)');
    const framesPerInsert = frames / calib;
    // Then the app's rhythm done by hand: ~1000 pages of inserts (each timed: the commit alone, a WAL append), then
    // the checkpoint the app would have run inline (copy into the database file, fsync both), timed on its own.
    const batch = Math.max(1, Math.round(1000 / framesPerInsert));
    const append: number[] = [];
    const checkpoints: number[] = [];
    for (let from = calib; from < n; from += batch) {
      const to = Math.min(n, from + batch);
      append.push(...timeInserts(inbox, other.slice(from, to), otherEvents.slice(from, to)));
      const t0 = performance.now();
      db.pragma('wal_checkpoint(PASSIVE)');
      checkpoints.push(performance.now() - t0);
    }
    return { append, framesPerInsert, batch, checkpoints };
  });
  const ckpt = summarize(split.checkpoints);

  return [
    { stage: 'HMAC-SHA256 verify (verifySquareSignature)', us: toUs(summarize(hmac)), samples: n },
    { stage: 'body toString + JSON.parse', us: toUs(summarize(parse)), samples: n },
    { stage: 'zod envelope safeParse', us: toUs(summarize(zod)), samples: n },
    {
      stage: 'SQLite insert, one commit each, inline auto-checkpoint every 1000 pages (the receiver before group commit)',
      us: toUs(summarize(asApp)),
      samples: n,
    },
    {
      stage: 'SQLite insert, WAL append only (checkpoints taken out and timed below)',
      us: toUs(summarize(split.append)),
      samples: split.append.length,
      note: `${split.framesPerInsert.toFixed(1)} WAL pages per insert`,
    },
    {
      stage: 'WAL checkpoint of ~1000 pages (fsync WAL and database)',
      us: toUs(ckpt),
      samples: split.checkpoints.length,
      note: `one every ~${split.batch} inserts: ${((ckpt.mean * 1000) / split.batch).toFixed(1)} µs per insert amortised`,
    },
  ];
}
