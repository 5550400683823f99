import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getEventListeners } from 'node:events';
import { SquareError, SquareTimeoutError } from 'square';
import { afterEach, describe, expect, it } from 'vitest';
import { createSquareClient } from '../../main/square/square-client';
import { classifySquareError } from '../../main/square/square-errors';
import { squareTransport, transportWithLimit } from '../../main/square/square-transport';

// The HTTP client under the Square SDK (main/square/square-transport.ts), against a real local server: what goes out,
// what the SDK makes of what comes back (answers, Square's errors, timeouts, a refused connection), and that nothing
// is left behind on a caller's signal or connection.

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server | null = null;

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ url: string; seen: Seen[]; connections: () => number }> {
  const seen: Seen[] = [];
  let connections = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, connections: () => connections };
}

afterEach(async () => {
  const s = server;
  server = null;
  if (s) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

describe('the Square SDK over square-transport', () => {
  it('sends the SDK request as given (method, path, headers, JSON body) and hands back the answer it parses', async () => {
    const { url, seen } = await serve((_req, res) => json(res, 200, { orders: [{ id: 'O1', location_id: 'L1', state: 'COMPLETED', version: 3 }] }));
    const client = createSquareClient({ baseUrl: url, token: 'EAAA-transport' });
    const res = await client.orders.batchGet({ locationId: 'L1', orderIds: ['O1'] });
    expect(res.orders?.map((o) => [o.id, o.locationId, o.state, o.version])).toEqual([['O1', 'L1', 'COMPLETED', 3]]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.url).toBe('/v2/orders/batch-retrieve');
    expect(seen[0]!.headers.authorization).toBe('Bearer EAAA-transport');
    expect(seen[0]!.headers['square-version']).toBeTruthy();
    expect(seen[0]!.headers['content-length']).toBe(String(Buffer.byteLength(seen[0]!.body)));
    expect(JSON.parse(seen[0]!.body)).toEqual({ location_id: 'L1', order_ids: ['O1'] });
  });

  it("gives the SDK Square's error answer: status and Square's own codes, sorted as the app sorts them", async () => {
    const { url } = await serve((_req, res) => json(res, 401, { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'ACCESS_TOKEN_EXPIRED', detail: 'expired' }] }));
    const client = createSquareClient({ baseUrl: url, token: 'EAAA-old', maxRetries: 0 });
    const err = await client.locations.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SquareError);
    expect((err as SquareError).statusCode).toBe(401);
    expect(classifySquareError(err)).toBe('expired');
  });

  it('a call Square does not answer in time ends as the SDK timeout, and its connection is closed', async () => {
    let closed = 0;
    const { url } = await serve((req) => req.socket.on('close', () => (closed += 1))); // never answers
    const client = createSquareClient({ baseUrl: url, token: 'EAAA-slow', timeoutInSeconds: 0.2, maxRetries: 0 });
    const err = await client.locations.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SquareTimeoutError);
    await expect.poll(() => closed).toBe(1);
  });

  it('a refused connection is a network failure to the app, not a crash', async () => {
    const { url } = await serve(() => undefined);
    const port = Number(new URL(url).port);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    const client = createSquareClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'EAAA-offline', maxRetries: 0 });
    const err = await client.locations.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SquareError);
    expect((err as SquareError).statusCode).toBeUndefined();
    expect(classifySquareError(err)).toBe('network');
  });

  it('reuses its connection for the next call, and leaves no listener on the caller’s signal', async () => {
    const { url, connections } = await serve((_req, res) => json(res, 200, { ok: true }));
    const controller = new AbortController();
    for (let i = 0; i < 3; i++) {
      const res = await squareTransport(`${url}/v2/locations`, { signal: controller.signal });
      expect(await res.json()).toEqual({ ok: true });
    }
    expect(connections()).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('decodes UTF-8 split across packets and drops a leading byte order mark, as fetch does', async () => {
    const text = '{"name":"Café Ọ̀rẹ́ 🍩"}';
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const cut = bytes.indexOf(0xc3) + 1; // inside the é
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, cut));
      setTimeout(() => res.end(bytes.subarray(cut)), 20);
    });
    const res = await squareTransport(`${url}/x`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe(text);
  });

  it('refuses an answer past its size limit instead of holding it', async () => {
    const { url } = await serve((_req, res) => json(res, 200, { pad: 'x'.repeat(10_000) }));
    const err = await transportWithLimit(4096)(`${url}/big`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(String((err as Error & { cause?: Error }).cause?.message)).toMatch(/larger than 4096 bytes/);
  });

  it('refuses what it does not speak: a non-HTTP address, a stream body', async () => {
    await expect(squareTransport('file:///etc/passwd')).rejects.toThrow(/not HTTP/);
    const stream = new ReadableStream();
    await expect(squareTransport('http://127.0.0.1:9/x', { method: 'POST', body: stream })).rejects.toThrow(/only text or byte request bodies/);
  });

  it('an already aborted signal sends nothing', async () => {
    const { url, seen } = await serve((_req, res) => json(res, 200, {}));
    const controller = new AbortController();
    controller.abort('stop');
    const err = await squareTransport(`${url}/x`, { signal: controller.signal }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(seen).toHaveLength(0);
  });
});
