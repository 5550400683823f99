import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A port on 127.0.0.1 that was free a moment ago, for listeners whose address must be known before they start (the
 * OAuth redirect URL registered with Square, a host restarted on the same port). Chosen below the kernel's ephemeral
 * range: a port from that range (what listening on port 0 gives) can meanwhile become the local end of any outgoing
 * loopback connection — the test files running beside this one make thousands — and the listener's own bind then
 * fails with EADDRINUSE (seen once in CI: the OAuth test's second sign-in on the same port).
 */
export async function freePort(): Promise<number> {
  const below = ephemeralLow();
  for (let tries = 0; tries < 100; tries++) {
    const port = LOWEST + Math.floor(Math.random() * (below - LOWEST));
    if ((await bindOnce(port)) !== null) return port;
  }
  const any = await bindOnce(0);
  if (any === null) throw new Error('no free port on 127.0.0.1');
  return any;
}

/** Above the well-known and most registered services' ports. */
const LOWEST = 10_000;

/** Where the kernel starts handing out ports to outgoing connections (Linux's default where it cannot be read). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > LOWEST + 1_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/** Binds the port, closes it again and says which port it was; null when it is taken. */
function bindOnce(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(address !== null && typeof address !== 'string' ? address.port : null));
    });
  });
}
