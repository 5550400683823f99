import { request, type Agent } from 'node:http';

// `fetch(tunnelUrl + path)` for tests. `<id>.localhost` does not resolve through the system resolver here (getaddrinfo
// → ENOTFOUND) and node's fetch ignores a `host` header, so this connects to 127.0.0.1:<port> with node:http and
// sends `Host: <id>.localhost:<port>` itself. Returns a standard Response (body fully buffered).

export interface TunnelFetchInit {
  method?: string;
  /** Sent as given (case kept; an array keeps duplicates). A `host` entry overrides the tunnel host. */
  headers?: Record<string, string> | Array<[string, string]>;
  body?: string | Uint8Array;
  /** Defaults to node's global agent (keep-alive). Pass your own to control connection reuse. */
  agent?: Agent | false;
  signal?: AbortSignal;
  /** Fails the request when no complete response arrived in time (default 30000 ms). */
  timeoutMs?: number;
}

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

export function fetchViaTunnel(tunnelUrl: string, path = '/', init: TunnelFetchInit = {}): Promise<Response> {
  const target = new URL(tunnelUrl);
  const port = Number(target.port || 80);
  const pairs: Array<[string, string]> = Array.isArray(init.headers) ? init.headers : Object.entries(init.headers ?? {});
  const has = (name: string): boolean => pairs.some(([k]) => k.toLowerCase() === name);
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  const raw: string[] = [];
  if (!has('host')) raw.push('Host', target.host);
  for (const [k, v] of pairs) raw.push(k, v);
  // With array headers node would otherwise send the body chunked.
  if (body && !has('content-length') && !has('transfer-encoding')) raw.push('Content-Length', String(body.length));
  const method = (init.method ?? 'GET').toUpperCase();

  return new Promise<Response>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: raw, agent: init.agent, signal: init.signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('error', reject);
        res.once('end', () => {
          clearTimeout(timer);
          const headers = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          const status = res.statusCode ?? 0;
          const body = NULL_BODY_STATUS.has(status) || method === 'HEAD' ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers }));
        });
      },
    );
    const timer = setTimeout(
      () => req.destroy(new Error(`no response from ${tunnelUrl}${path} within ${init.timeoutMs ?? 30_000} ms`)),
      init.timeoutMs ?? 30_000,
    );
    req.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(body);
  });
}
