import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CONN_ERROR, RawHttpPool, requestBytes, TIMEOUT } from '../../bench/lib/raw-http-pool';

// The load generator's client must count exactly what a server answered: a miscounted answer would make the
// pipeline bench report loss (or hide it). Tested against a real node:http server.

let server: http.Server | null = null;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

async function listen(handler: http.RequestListener): Promise<number> {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

function run(port: number, bodies: string[], opts: { maxSockets?: number; timeoutMs?: number } = {}) {
  const results = new Map<number, number>();
  let opened = 0;
  return new Promise<{ results: Map<number, number>; opened: number }>((resolve) => {
    const pool = new RawHttpPool(
      {
        host: '127.0.0.1',
        port,
        maxSockets: opts.maxSockets ?? 4,
        timeoutMs: opts.timeoutMs ?? 5_000,
        onConnect: () => (opened += 1),
        onDone: (i, status) => {
          expect(results.has(i)).toBe(false);
          results.set(i, status);
          if (results.size === bodies.length) {
            pool.destroy();
            resolve({ results, opened });
          }
        },
      },
      () => performance.now(),
    );
    bodies.forEach((b, i) => pool.send(i, requestBytes('127.0.0.1', port, '/hook', { 'Content-Type': 'application/json', 'X-Sig': `s${i}` }, Buffer.from(b))));
  });
}

describe('raw HTTP pool (load generator client)', () => {
  it('sends each body with its headers and reads every status over reused keep-alive connections', async () => {
    const seen: { body: string; sig: string | undefined; type: string | undefined }[] = [];
    const port = await listen((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ body, sig: req.headers['x-sig'] as string | undefined, type: req.headers['content-type'] });
        res.writeHead(body.includes('bad') ? 401 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, echo: body }));
      });
    });
    const bodies = Array.from({ length: 200 }, (_, i) => (i % 10 === 3 ? `{"bad":${i}}` : `{"n":${i},"pad":"${'x'.repeat(i * 37)}"}`));
    const { results, opened } = await run(port, bodies, { maxSockets: 4 });
    expect([...results.values()].filter((s) => s === 200)).toHaveLength(180);
    expect([...results.values()].filter((s) => s === 401)).toHaveLength(20);
    expect(results.get(3)).toBe(401);
    expect(opened).toBeLessThanOrEqual(4);
    expect(seen.map((s) => s.body).sort()).toEqual([...bodies].sort());
    expect(seen.every((s) => s.type === 'application/json' && /^s\d+$/.test(s.sig ?? ''))).toBe(true);
  });

  it('reads chunked answers and answers that close the connection', async () => {
    let n = 0;
    const port = await listen((req, res) => {
      req.resume();
      req.on('end', () => {
        n += 1;
        if (n % 2 === 0) res.setHeader('connection', 'close');
        res.writeHead(n % 3 === 0 ? 500 : 200, { 'content-type': 'text/plain' });
        res.write('part one;'); // no content-length: node sends it chunked
        res.end('part two');
      });
    });
    const { results, opened } = await run(port, Array.from({ length: 30 }, (_, i) => `{"i":${i}}`), { maxSockets: 2 });
    expect(results.size).toBe(30);
    expect([...results.values()].filter((s) => s === 500)).toHaveLength(10);
    expect([...results.values()].filter((s) => s === 200)).toHaveLength(20);
    expect(opened).toBeGreaterThanOrEqual(15); // every other answer closed its connection
  });

  it('counts a request with no answer in time as a timeout, and a refused connection as a connection error', async () => {
    const port = await listen((req) => req.resume()); // never answers
    const slow = await run(port, ['{}', '{}'], { timeoutMs: 150 });
    expect([...slow.results.values()]).toEqual([TIMEOUT, TIMEOUT]);

    await new Promise<void>((r) => server!.close(() => r()));
    server = null;
    const refused = await run(port, ['{}', '{}', '{}'], { maxSockets: 1 });
    expect([...refused.results.values()]).toEqual([CONN_ERROR, CONN_ERROR, CONN_ERROR]);
  });
});
