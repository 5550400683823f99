import { createRequire } from 'node:module';
import type { Tunnel } from 'localtunnel';

// The localtunnel client's socket pool (TunnelCluster) is what we want from the library; its URL request is not:
// it retries every second forever, even after close(), and treats a 4xx (e.g. a refused subdomain) as "offline"
// (see docs/tunnel.md). So we subclass Tunnel and replace only `_init` with one bounded request; the supervisor owns
// retrying, with backoff.

const require = createRequire(import.meta.url);
type TunnelInfo = unknown;
interface TunnelInternals {
  opts: { host: string; subdomain?: string; port: number };
  _getInfo(body: unknown): TunnelInfo;
}
type TunnelCtor = new (opts: Record<string, unknown>) => Tunnel & TunnelInternals;
const BaseTunnel = require('localtunnel/lib/Tunnel') as TunnelCtor;

export interface OpenTunnelOptions {
  localPort: number;
  /** Tunnel server, e.g. https://localtunnel.me or a self-hosted/test server. */
  host: string;
  subdomain?: string;
  timeoutMs: number;
}

class BoundedTunnel extends BaseTunnel {
  constructor(
    opts: Record<string, unknown>,
    private readonly timeoutMs: number,
  ) {
    super(opts);
  }

  _init(cb: (err: Error | null, info?: TunnelInfo) => void): void {
    const { host, subdomain } = this.opts;
    const uri = `${host.replace(/\/+$/, '')}/${subdomain ?? '?new'}`;
    fetch(uri, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } })
      .then(async (res) => {
        const body = (await res.json().catch(() => null)) as { message?: string; url?: string } | null;
        if (!res.ok || !body?.url) {
          cb(new Error(`tunnel server ${host} answered ${res.status}: ${body?.message ?? 'no tunnel'}`));
          return;
        }
        cb(null, this._getInfo(body));
      })
      .catch((err: unknown) => cb(new Error(`tunnel server ${host} unreachable: ${(err as Error).message}`)));
  }
}

/** Opens a tunnel to localPort; rejects (never hangs) when the server is unreachable or refuses. */
export function openTunnel(o: OpenTunnelOptions): Promise<Tunnel> {
  const tunnel = new BoundedTunnel(
    // No `local_host`: setting it makes the client rewrite the Host header by re-encoding the first chunks of each
    // request as text, which can corrupt a body split inside a UTF-8 character and so break Square's signature.
    // The client then dials "localhost", which Node (autoSelectFamily) tries on both 127.0.0.1 and ::1.
    { port: o.localPort, host: o.host, ...(o.subdomain ? { subdomain: o.subdomain } : {}) },
    o.timeoutMs,
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      tunnel.close();
      reject(new Error(`tunnel did not open within ${o.timeoutMs} ms`));
    }, o.timeoutMs + 1_000);
    tunnel.open((err?: unknown) => {
      clearTimeout(timer);
      if (err) {
        tunnel.close();
        reject(err instanceof Error ? err : new Error(String(err)));
      } else resolve(tunnel);
    });
  });
}
