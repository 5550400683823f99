import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TunnelSupervisor, type TunnelStatus } from '../../main/intake/tunnel/supervisor';
import { createLogger } from '../../main/platform/log';
import { startTunnelServer, type TunnelServer } from '../fakes/tunnel-server/index';

// The supervisor's backoff as the statuses it reports show it (every one recorded, none missed by polling): the REAL
// localtunnel client against the test tunnel server, a real local HTTP server behind it.

let tunnels: TunnelServer;
let local: Server;
let supervisor: TunnelSupervisor;
let statuses: TunnelStatus[];

const quietLog = createLogger('warn', new Writable({ write: (_chunk, _enc, done) => done() }));
const retryDelay = (s: TunnelStatus) => Date.parse(s.nextRetryAt!) - Date.parse(s.since);
const downs = () => statuses.filter((s) => s.state === 'down');
const ups = () => statuses.filter((s) => s.state === 'up');

/**
 * Waits for the n-th 'up' and then for the client's whole socket pool. The drops below are of an established tunnel:
 * 'up' is reported as soon as the server hands out the tunnel, while the client is still dialling; a listener closed
 * before those dials complete resets them before they connect, and the library forgets such a socket without an
 * event (only a refused dial is reported), so only the health probe would notice (docs/tunnel.md).
 */
async function upAndConnected(n: number): Promise<void> {
  await expect.poll(() => ups().length, { timeout: 30_000 }).toBe(n);
  await tunnels.waitForSockets('supervised01', tunnels.options.maxSockets, 10_000);
}

beforeEach(async () => {
  tunnels = await startTunnelServer({ graceMs: 3_000 });
  local = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
  statuses = [];
  supervisor = new TunnelSupervisor({
    localPort: (local.address() as AddressInfo).port,
    host: tunnels.url,
    subdomain: 'supervised01',
    openTimeoutMs: 3_000,
    probeIntervalMs: 60_000,
    probe: async () => true,
    log: quietLog,
    onStatus: (s) => statuses.push(s),
  });
});

afterEach(async () => {
  await supervisor.stop();
  await tunnels.close();
  await new Promise<void>((resolve) => local.close(() => resolve()));
});

describe('tunnel supervisor backoff', () => {
  it('retries within 1 s after each drop once it had been up, and waits longer after each failed reopen', async () => {
    supervisor.start();
    await upAndConnected(1);

    // Two drops, each after the tunnel was up again: each first retry is scheduled from the backoff's first step.
    for (const drop of [1, 2]) {
      expect(tunnels.dropClient('supervised01')).toBe(true);
      await expect.poll(() => downs().length, { timeout: 10_000 }).toBe(drop);
      expect(retryDelay(downs().at(-1)!)).toBeGreaterThanOrEqual(499);
      expect(retryDelay(downs().at(-1)!)).toBeLessThanOrEqual(1_000);
      await upAndConnected(drop + 1);
      expect(supervisor.status()).toMatchObject({ state: 'up', failures: 0, lastError: null });
    }

    // The server goes away: the drop is the first failure, each reopen that fails is another, further out each time.
    await tunnels.stop();
    await expect.poll(() => downs().length, { timeout: 30_000 }).toBe(5);
    const [first, second, third] = downs().slice(2);
    expect(retryDelay(first!)).toBeLessThanOrEqual(1_000);
    expect(retryDelay(second!)).toBeGreaterThanOrEqual(999);
    expect(retryDelay(second!)).toBeLessThanOrEqual(2_000);
    expect(retryDelay(third!)).toBeGreaterThanOrEqual(1_999);
    expect(retryDelay(third!)).toBeLessThanOrEqual(4_000);
    expect(third).toMatchObject({ failures: 3, url: null });
    expect(third!.lastError).toMatch(/could not open tunnel/);

    // Back: the next reopen finds it and the count starts over.
    await tunnels.start();
    await expect.poll(() => ups().length, { timeout: 30_000 }).toBe(4);
    expect(supervisor.status()).toMatchObject({ state: 'up', failures: 0, lastError: null });
  });
});
