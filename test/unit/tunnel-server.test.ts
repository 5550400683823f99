import { createHash, randomBytes } from 'node:crypto';
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import localtunnel from 'localtunnel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  fetchViaTunnel,
  INVALID_SUBDOMAIN_MESSAGE,
  startTunnelServer,
  type RegistrationBody,
  type TunnelServer,
  type TunnelServerOptions,
} from '../fakes/tunnel-server';

// The test tunnel server driven by the REAL localtunnel@2.0.2 client, with a node:http echo server as the local port.

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

interface Echo {
  server: Server;
  port: number;
}

/** Echoes the body back with its hash, the method/path and a per-connection number; `/headers` returns rawHeaders. */
function startEcho(): Promise<Echo> {
  const connIds = new WeakMap<Socket, number>();
  let seq = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/hang') return; // never answers
      const body = Buffer.concat(chunks);
      const out = req.url === '/headers' ? Buffer.from(JSON.stringify({ rawHeaders: req.rawHeaders })) : body;
      res.writeHead(200, [
        ['Content-Type', req.url === '/headers' ? 'application/json' : (req.headers['content-type'] ?? 'application/octet-stream')],
        ['X-Echo-Sha256', sha256(body)],
        ['X-Echo-Length', String(body.length)],
        ['X-Echo-Method', req.method ?? ''],
        ['X-Echo-Path', req.url ?? ''],
        ['X-Echo-Conn', String(connIds.get(req.socket))],
        ['X-Echo-Framing', req.headers['transfer-encoding'] ?? `length ${req.headers['content-length'] ?? 'none'}`],
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ].flat());
      res.end(out);
    });
  });
  server.on('connection', (s: Socket) => connIds.set(s, ++seq));
  return new Promise((resolve) => server.listen(0, 'localhost', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

let echo: Echo;
let server: TunnelServer;
const servers: TunnelServer[] = [];
const tunnels: localtunnel.Tunnel[] = [];
const tunnelErrors = new WeakMap<localtunnel.Tunnel, Error[]>();

async function newServer(options: TunnelServerOptions = {}): Promise<TunnelServer> {
  const s = await startTunnelServer(options);
  servers.push(s);
  return s;
}

const idOf = (t: localtunnel.Tunnel): string => new URL(t.url).hostname.split('.')[0] ?? '';
const errorsOf = (t: localtunnel.Tunnel): Error[] => tunnelErrors.get(t) ?? [];

/** Registers a tracked tunnel; an 'error' listener is attached at once (an unhandled one would crash the run). */
function track(t: localtunnel.Tunnel): localtunnel.Tunnel {
  const errors: Error[] = [];
  tunnelErrors.set(t, errors);
  t.on('error', (e: Error) => errors.push(e));
  tunnels.push(t);
  return t;
}

/** Opens a real localtunnel client against `on` and waits until all its sockets are connected. */
async function open(subdomain?: string, on: TunnelServer = server): Promise<localtunnel.Tunnel> {
  const t = track(await localtunnel({ port: echo.port, host: on.url, ...(subdomain ? { subdomain } : {}) }));
  await on.waitForSockets(idOf(t), on.options.maxSockets);
  return t;
}

beforeEach(async () => {
  echo = await startEcho();
  server = await newServer();
});

afterEach(async () => {
  for (const t of tunnels.splice(0)) t.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  echo.server.closeAllConnections();
  await new Promise<void>((resolve) => echo.server.close(() => resolve()));
});

describe('registration API', () => {
  it('GET /?new returns { id, port, max_conn_count, url } with url http://<id>.localhost:<port>', async () => {
    const res = await fetch(`${server.url}/?new`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as RegistrationBody;
    expect(Object.keys(body).sort()).toEqual(['id', 'max_conn_count', 'port', 'url']);
    expect(body.id).toMatch(/^[a-z0-9]{10}$/);
    expect(body.max_conn_count).toBe(10);
    expect(body.url).toBe(`http://${body.id}.localhost:${new URL(server.url).port}`);
    expect(server.clients()).toEqual([{ id: body.id, port: body.port, sockets: 0, idle: 0, waiting: 0 }]);
    const status = await fetch(`${server.url}/api/tunnels/${body.id}/status`);
    expect(await status.json()).toEqual({ connected_sockets: 0 });
  });

  it('refuses an invalid subdomain with 403 and the real server message', async () => {
    for (const bad of ['abc', 'Upper1', 'bad_name', 'a'.repeat(70)]) {
      const res = await fetch(`${server.url}/${bad}`);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ message: INVALID_SUBDOMAIN_MESSAGE });
    }
    expect(server.clients()).toEqual([]);
    expect(server.registrations.map((r) => r.status)).toEqual([403, 403, 403, 403]);
  });

  it('drops a client that never connects a socket after the grace period', async () => {
    const s = await newServer({ graceMs: 150 });
    const body = (await (await fetch(`${s.url}/?new`)).json()) as RegistrationBody;
    expect(s.client(body.id)).toBeDefined();
    await s.waitForDrop(body.id, 2000);
    expect((await fetchViaTunnel(body.url, '/')).status).toBe(404);
  });
});

describe('forwarding through the real localtunnel client', () => {
  it('round-trips a 2 MiB body byte for byte (content-length and chunked)', async () => {
    const t = await open();
    const big = randomBytes(2 * 1024 * 1024);
    const framings: Array<[Array<[string, string]>, string]> = [
      [[['Content-Type', 'application/octet-stream']], `length ${big.length}`],
      [[['Transfer-Encoding', 'chunked']], 'chunked'],
    ];
    for (const [headers, framing] of framings) {
      const res = await fetchViaTunnel(t.url, '/upload', { method: 'POST', headers, body: big });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-echo-framing')).toBe(framing);
      const back = Buffer.from(await res.arrayBuffer());
      expect(back.length).toBe(big.length);
      expect(sha256(back)).toBe(sha256(big));
      expect(res.headers.get('x-echo-sha256')).toBe(sha256(big));
    }
  });

  it('round-trips a raw JSON body exactly (spacing, unicode and escapes untouched)', async () => {
    const t = await open();
    const raw = '{ "merchant_id":"MLX",\n  "amount" : 1.50, "note":"caf\u00e9 \\u00e9 \u{1F600}", "tags":[ ] }\r\n';
    const res = await fetchViaTunnel(t.url, '/webhooks/square?x=1', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: raw,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-echo-path')).toBe('/webhooks/square?x=1');
    expect(res.headers.get('x-echo-sha256')).toBe(sha256(raw));
    expect(await res.text()).toBe(raw);
  });

  it('preserves request headers (case, order, duplicates, Host) and adds no X-Forwarded headers', async () => {
    const t = await open();
    const res = await fetchViaTunnel(t.url, '/headers', {
      method: 'POST',
      headers: [
        ['X-Square-HmacSha256-Signature', 'c2lnbmF0dXJl'],
        ['x-dup', 'one'],
        ['X-Dup', 'two'],
        ['Content-Type', 'application/json'],
      ],
      body: '{}',
    });
    const { rawHeaders } = (await res.json()) as { rawHeaders: string[] };
    const pairs = rawHeaders.flatMap((v, i) => (i % 2 === 0 ? [`${v}: ${rawHeaders[i + 1]}`] : []));
    expect(pairs[0]).toBe(`Host: ${new URL(t.url).host}`);
    expect(pairs).toEqual(
      expect.arrayContaining(['X-Square-HmacSha256-Signature: c2lnbmF0dXJl', 'x-dup: one', 'X-Dup: two', 'Content-Length: 2']),
    );
    expect(pairs.indexOf('x-dup: one')).toBeLessThan(pairs.indexOf('X-Dup: two'));
    expect(pairs.filter((p) => /^x-forwarded|^forwarded|^via/i.test(p))).toEqual([]);
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(server.requests).toMatchObject([{ id: idOf(t), method: 'POST', path: '/headers', status: 200 }]);
  });

  it('serves many concurrent requests over its 10 sockets (the rest queue)', async () => {
    const t = await open();
    const bodies = Array.from({ length: 40 }, () => randomBytes(64 * 1024));
    const responses = await Promise.all(
      bodies.map((body, i) => fetchViaTunnel(t.url, `/c/${i}`, { method: 'PUT', body, agent: false })),
    );
    for (const [i, res] of responses.entries()) {
      expect(res.status).toBe(200);
      expect(res.headers.get('x-echo-path')).toBe(`/c/${i}`);
      expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(bodies[i]!));
    }
    expect(server.requests).toHaveLength(40);
    expect(server.requests.every((r) => r.status === 200)).toBe(true);
  });

  it('keeps connections alive: sequential requests reuse one tunnel socket and one local connection', async () => {
    const t = await open();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const conns: Array<string | null> = [];
      for (const body of [randomBytes(1536 * 1024), Buffer.from('{"a":1}'), undefined]) {
        const res = await fetchViaTunnel(t.url, '/ka', { method: body ? 'POST' : 'GET', body, agent });
        expect(res.headers.get('x-echo-sha256')).toBe(sha256(body ?? ''));
        await res.arrayBuffer();
        conns.push(res.headers.get('x-echo-conn'));
      }
      expect(new Set(conns).size).toBe(1);
      expect(server.client(idOf(t))?.sockets).toBe(10);
    } finally {
      agent.destroy();
    }
  });

  it('honours a requested subdomain', async () => {
    const t = await open('mystore01');
    expect(t.url).toBe(`http://mystore01.localhost:${new URL(server.url).port}`);
    expect(server.client('mystore01')?.sockets).toBe(10);
    expect((await fetchViaTunnel(t.url, '/hi')).headers.get('x-echo-path')).toBe('/hi');
  });

  it('gives a second client asking for a live subdomain a random id (like the real server)', async () => {
    const first = await open('taken01');
    const second = await open('taken01');
    expect(idOf(first)).toBe('taken01');
    expect(idOf(second)).not.toBe('taken01');
    expect(idOf(second)).toMatch(/^[a-z0-9]{10}$/);
  });

  it("onSubdomainTaken: 'replace' hands the id to the new client and drops the old one", async () => {
    const s = await newServer({ onSubdomainTaken: 'replace' });
    const first = await open('taken02', s);
    const second = await open('taken02', s);
    expect(second.url).toBe(first.url);
    await vi.waitFor(() => expect(errorsOf(first).length).toBeGreaterThan(0));
    expect((await fetchViaTunnel(second.url, '/r')).status).toBe(200);
  });

  it('answers 404 for an unknown tunnel id', async () => {
    const res = await fetchViaTunnel(`http://nosuchid.localhost:${new URL(server.url).port}`, '/x');
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/no tunnel client "nosuchid"/);
  });
});

describe('outages', () => {
  it('answers 504 when the client has no socket in time and 502 when it goes away mid-wait', async () => {
    const s = await newServer({ graceMs: 10_000, socketWaitMs: 400 });
    const reg = (await (await fetch(`${s.url}/?new`)).json()) as RegistrationBody;
    const timedOut = await fetchViaTunnel(reg.url, '/slow');
    expect(timedOut.status).toBe(504);
    expect(await timedOut.text()).toMatch(/has no connected tunnel sockets \(waited 400 ms\)/);

    const pending = fetchViaTunnel(reg.url, '/gone', { method: 'POST', body: 'x' });
    await vi.waitFor(() => expect(s.client(reg.id)?.waiting).toBe(1));
    s.dropClient(reg.id);
    const gone = await pending;
    expect(gone.status).toBe(502);
    expect(await gone.text()).toMatch(/went away/);
    expect(s.requests.map((r) => [r.path, r.status])).toEqual([
      ['/slow', 504],
      ['/gone', 502],
    ]);
  });

  it('answers 504 when the local app never responds, and the tunnel recovers', async () => {
    const s = await newServer({ responseTimeoutMs: 300 });
    const t = await open(undefined, s);
    const res = await fetchViaTunnel(t.url, '/hang');
    expect(res.status).toBe(504);
    expect(await res.text()).toMatch(/sent no response within 300 ms/);
    await s.waitForSockets(idOf(t), 10); // the client replaced the socket the server gave up on
    expect((await fetchViaTunnel(t.url, '/ok')).status).toBe(200);
  });

  it('a caller that aborts mid-upload is logged with status 0 and the tunnel recovers', async () => {
    const t = await open();
    const port = Number(new URL(server.url).port);
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/abort',
        headers: { host: new URL(t.url).host, 'content-length': String(4 << 20) },
      });
      req.on('error', () => resolve());
      req.write(randomBytes(1 << 20), () => setTimeout(() => req.destroy(), 50));
    });
    await vi.waitFor(() => expect(server.requests).toMatchObject([{ path: '/abort', status: 0 }]));
    await server.waitForSockets(idOf(t), 10);
    const res = await fetchViaTunnel(t.url, '/after-abort', { method: 'POST', body: 'still fine' });
    expect(await res.text()).toBe('still fine');
  });

  it('dropClient makes the client emit error (not close) and never come back; a new client gets the same URL', async () => {
    const t = await open('dropme01');
    let closed = false;
    t.on('close', () => (closed = true));
    expect(server.dropClient('dropme01')).toBe(true);
    expect(server.clients()).toEqual([]);
    await vi.waitFor(() => expect(errorsOf(t).length).toBeGreaterThan(0));
    expect(errorsOf(t)[0]?.message).toMatch(/^connection refused: 127\.0\.0\.1:\d+/);
    // It does not re-register or reconnect on its own.
    const registrations = server.registrations.length;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(server.registrations.length).toBe(registrations);
    expect(closed).toBe(false);
    expect((await fetchViaTunnel(t.url, '/x')).status).toBe(404);

    t.close();
    const again = await open('dropme01');
    expect(again.url).toBe(t.url);
    expect((await fetchViaTunnel(again.url, '/back')).headers.get('x-echo-path')).toBe('/back');
  });

  it('drops a client whose sockets all closed after the grace period', async () => {
    const s = await newServer({ graceMs: 200 });
    const t = await open(undefined, s);
    t.close();
    await s.waitForDrop(idOf(t), 3000);
    expect(s.clients()).toEqual([]);
  });

  it('an unreachable server makes await localtunnel() retry until it comes back', async () => {
    await server.stop();
    const pending = localtunnel({ port: echo.port, host: server.url, subdomain: 'later01' }).then(track);
    try {
      const first = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve('timeout'), 2500))]);
      expect(first).toBe('timeout');
    } finally {
      await server.start(); // the client keeps retrying every second; let it succeed so no retry timer leaks
    }
    const t = await pending;
    expect(t.url).toBe(server.tunnelUrl('later01'));
    await server.waitForSockets('later01', 10);
    expect((await fetchViaTunnel(t.url, '/up')).status).toBe(200);
  });

  it('stop()/start(): clients error out; after the restart the same subdomain gets the same URL', async () => {
    const t = await open('restart01');
    await server.stop();
    await vi.waitFor(() => expect(errorsOf(t).length).toBeGreaterThan(0));
    await server.start();
    expect(server.clients()).toEqual([]);
    t.close();
    const again = await open('restart01');
    expect(again.url).toBe(t.url);
    expect((await fetchViaTunnel(again.url, '/after')).status).toBe(200);
  });
});
