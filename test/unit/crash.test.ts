import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../main/platform/db/open';
import { freePort } from '../support/free-port';
import { connectDirect, HOOK_KEY, HOOK_URL, startShop, type Shop } from '../support/pipeline-harness';
import { createTempApp, tempDir } from '../support/temp-app';
import { postWebhook, signSquare } from '../support/webhook-client';

// Crash safety: a child process running the core is SIGKILLed at random moments while 2,000 payment webhooks
// arrive, then restarted, at least 20 times. Like Square, the sender re-sends anything not acknowledged with 200.
// At the end every sale must have exactly one invoice, every event one inbox row, and the numbering no gaps.

const SALES = 2_000;
const KILLS = 20;
const SEED = Number(process.env.CRASH_SEED ?? 20261125);

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let shop: Shop;
let dataDir: string;
let port: number;
const keychainService = `TaxPoynt POS Desk crash test ${process.pid}`;

function startHost(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/crash-host.ts'], {
    env: {
      ...process.env,
      CRASH_DATA_DIR: dataDir,
      CRASH_KEYCHAIN_SERVICE: keychainService,
      CRASH_SQUARE_URL: shop.fake.url,
      CRASH_WEBHOOK_PORT: String(port),
      CRASH_HOOK_URL: HOOK_URL,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('crash-host ready')) resolve(child);
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`crash host exited (${code}) before ready: ${out}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

beforeAll(async () => {
  shop = await startShop();
  port = await freePort();
  dataDir = tempDir('tp-crash-');
  // Set up the install once: connected to the shop, webhook key saved. Then the process is gone.
  const setup = createTempApp('headless', {
    dataDir,
    keychainService,
    square: { baseUrl: shop.fake.url, applicationId: 'sq0idp-fake-app' },
    webhooks: { publicUrl: HOOK_URL },
    sync: { enabled: false },
  });
  await setup.start();
  await setup.webhooks.setSignatureKey(HOOK_KEY);
  await connectDirect(setup, shop);
  await setup.dispose({ keep: true });
}, 60_000);

afterAll(async () => {
  const cleanup = createTempApp('headless', { dataDir, keychainService, sync: { enabled: false } });
  await cleanup.dispose();
  await shop.fake.close();
});

describe('crash safety', () => {
  it(`keeps exactly one invoice per sale across ${KILLS} SIGKILLs while ${SALES} events arrive (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const sales = Array.from({ length: SALES }, (_, i) =>
      shop.fake.addSale({ locationId: shop.locationId, lines: [{ name: `Item ${i}`, unitPrice: 100 + (i % 900), quantity: 1 + (i % 3) }] }),
    );
    const bodies = sales.map((s) => JSON.stringify(shop.fake.buildEvent('payment.created', s.payment.id)));
    const unacked = new Set(bodies.keys());

    // Sends until told to stop; a failed or refused send stays unacknowledged and is sent again later.
    async function sender(stop: { now: boolean }): Promise<void> {
      const queue = [...unacked];
      const lane = async () => {
        while (!stop.now && queue.length) {
          const i = queue.shift()!;
          try {
            const res = await postWebhook(port, bodies[i]!, { 'x-square-hmacsha256-signature': signSquare(HOOK_URL, bodies[i]!, HOOK_KEY) });
            if (res.status === 200) unacked.delete(i);
          } catch {
            return; // the host is gone; this lane stops
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, lane));
    }

    let kills = 0;
    while (kills < KILLS) {
      const child = await startHost();
      const stop = { now: false };
      const sending = sender(stop);
      await new Promise((r) => setTimeout(r, 50 + random() * 700));
      await killHard(child);
      stop.now = true;
      await sending;
      kills += 1;
    }

    // Last start: nothing kills it; all remaining events arrive and the queue drains.
    const last = await startHost();
    try {
      while (unacked.size) await sender({ now: false });
      const db = new Database(join(dataDir, DB_FILE_NAME), { readonly: true });
      try {
        const live = () => (db.prepare(`SELECT count(*) AS n FROM webhook_inbox WHERE state IN ('pending', 'processing')`).get() as { n: number }).n;
        await expect.poll(live, { timeout: 120_000, interval: 200 }).toBe(0);

        const inbox = db.prepare('SELECT state, count(*) AS n FROM webhook_inbox GROUP BY state').all();
        expect(inbox).toEqual([{ state: 'done', n: SALES }]);
        const invoices = db.prepare('SELECT source_key, number FROM invoices ORDER BY number').all() as { source_key: string; number: string }[];
        expect(invoices).toHaveLength(SALES);
        expect(new Set(invoices.map((r) => r.source_key))).toEqual(new Set(sales.map((s) => `order:${s.order.id}`)));
        // Numbers were assigned inside the same transactions, so killed work left no gaps and no repeats.
        expect(invoices.map((r) => r.number)).toEqual(Array.from({ length: SALES }, (_, i) => `INV${String(i + 1).padStart(6, '0')}`));
        const lines = db.prepare('SELECT count(DISTINCT invoice_id) AS n FROM invoice_lines').get() as { n: number };
        expect(lines.n).toBe(SALES);
      } finally {
        db.close();
      }
    } finally {
      await killHard(last);
    }
    expect(kills).toBeGreaterThanOrEqual(20);
  }, 400_000);
});
