// The headless host's security checklist, probed with real HTTP requests against the real host (main/host/server.ts)
// on a real core: it listens on 127.0.0.1 only, refuses a foreign Host header (DNS rebinding), wants the bearer token
// for every API answer and the event stream, and sends no CORS header on any answer, preflight included, so no web
// page on another origin can read from it. The Electron shell's checklist is electron-security-checklist.test.ts.
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../main/host/server';
import { createTempApp, tempDir } from '../support/temp-app';

const TOKEN = 'checklist-token-0123456789-abcdefghijkl';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request; `headers` replaces the defaults (a header set to undefined is left out). */
function call(port: number, method: string, path: string, headers: Record<string, string | undefined>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const sent: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) if (v !== undefined) sent[k] = v;
    const req = request({ host: '127.0.0.1', port, path, method, headers: sent }, (res) => {
      const chunks: Buffer[] = [];
      // The event stream never ends on its own: its status and headers are all this needs.
      if (res.headers['content-type']?.startsWith('text/event-stream')) {
        resolve({ status: res.statusCode!, headers: res.headers, body: '' });
        res.destroy();
        return;
      }
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A raw HTTP/1.0 request with no Host header at all (Node's client always sends one). */
function rawStatus(port: number, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    socket.on('data', (c: Buffer) => (data += c.toString()));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0)));
    socket.on('error', reject);
    socket.write(text);
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function corsHeaders(reply: Reply): string[] {
  return Object.keys(reply.headers).filter((h) => h.startsWith('access-control-'));
}

describe('headless host security checklist', () => {
  const app = createTempApp();
  const rendererDir = tempDir('tp-checklist-renderer-');
  let host: RunningHost;
  let hostHeader: string;

  beforeAll(async () => {
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>TaxPoynt</title>');
    host = await startHost(app, { port: 0, token: TOKEN, rendererDir });
    hostHeader = `127.0.0.1:${host.port}`;
  });
  afterAll(async () => {
    await host.close();
    await app.dispose();
  });

  const auth = () => ({ host: hostHeader, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' });

  it('listens on 127.0.0.1 only: not on IPv6 loopback, not on any other interface', async () => {
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(await canConnect('127.0.0.1', host.port)).toBe(true);
    expect(await canConnect('::1', host.port)).toBe(false);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal)
      .map((i) => i!.address);
    for (const address of others) expect(await canConnect(address, host.port), address).toBe(false);
  });

  it('refuses a foreign or missing Host header (DNS rebinding) before looking at anything else, even with the token', async () => {
    for (const foreign of [`evil.example:${host.port}`, 'evil.example', '127.0.0.1', `127.0.0.1:${host.port + 1}`, `127.0.0.1.nip.io:${host.port}`]) {
      for (const [method, path] of [['POST', '/api/invoices.list'], ['GET', '/api/events'], ['GET', '/']] as const) {
        const reply = await call(host.port, method, path, { ...auth(), host: foreign }, method === 'POST' ? '{}' : undefined);
        expect(reply.status, `${method} ${path} Host: ${foreign}`).toBe(421);
        expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'unauthorized' } });
      }
    }
    expect(await rawStatus(host.port, 'GET / HTTP/1.0\r\n\r\n')).toBe(421);
    // The two names of our own address are accepted.
    for (const ours of [`127.0.0.1:${host.port}`, `localhost:${host.port}`]) {
      expect((await call(host.port, 'POST', '/api/app.info', { ...auth(), host: ours }, '{}')).status, ours).toBe(200);
    }
  });

  it('answers 401 to every API call and the event stream without the right bearer token', async () => {
    const wrong: Array<Record<string, string | undefined>> = [
      { authorization: undefined },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: `bearer ${TOKEN}` },
      { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
      { authorization: 'Bearer ' },
      { authorization: undefined, cookie: `token=${TOKEN}` },
    ];
    for (const headers of wrong) {
      for (const [method, path] of [['POST', '/api/invoices.list'], ['POST', '/api/settings.set'], ['GET', '/api/events'], ['POST', '/api/nope']] as const) {
        const reply = await call(host.port, method, path, { ...auth(), ...headers }, method === 'POST' ? '{}' : undefined);
        expect(reply.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(reply.headers['www-authenticate']).toBe('Bearer');
      }
    }
    // Not in the query string either: URLs end up in logs and browser history.
    expect((await call(host.port, 'POST', `/api/app.info?token=${TOKEN}`, { ...auth(), authorization: undefined }, '{}')).status).toBe(401);
    expect((await call(host.port, 'POST', '/api/app.info', auth(), '{}')).status).toBe(200);
    expect((await call(host.port, 'GET', '/api/events', auth())).status).toBe(200);
  });

  it('sends no CORS header on any answer, and a cross-origin preflight gets no permission', async () => {
    const origin = { origin: 'https://evil.example' };
    const preflight = { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' };
    const replies: Array<[string, Reply]> = [];
    for (const path of ['/api/invoices.list', '/api/events', '/', '/index.html']) {
      replies.push([`OPTIONS ${path}`, await call(host.port, 'OPTIONS', path, { host: hostHeader, ...preflight })]);
      replies.push([`OPTIONS ${path} (token)`, await call(host.port, 'OPTIONS', path, { ...auth(), ...preflight })]);
    }
    replies.push(['POST ok', await call(host.port, 'POST', '/api/invoices.list', { ...auth(), ...origin }, '{}')]);
    replies.push(['POST 400', await call(host.port, 'POST', '/api/invoices.list', { ...auth(), ...origin }, '{"page":0}')]);
    replies.push(['POST 401', await call(host.port, 'POST', '/api/invoices.list', { host: hostHeader, ...origin }, '{}')]);
    replies.push(['POST 404', await call(host.port, 'POST', '/api/nope', { ...auth(), ...origin }, '{}')]);
    replies.push(['POST 421', await call(host.port, 'POST', '/api/invoices.list', { ...auth(), ...origin, host: 'evil.example' }, '{}')]);
    replies.push(['GET events', await call(host.port, 'GET', '/api/events', { ...auth(), ...origin })]);
    replies.push(['GET /', await call(host.port, 'GET', '/', { host: hostHeader, ...origin })]);
    replies.push(['GET asset', await call(host.port, 'GET', '/assets/none.js', { host: hostHeader, ...origin })]);
    for (const [what, reply] of replies) {
      expect(corsHeaders(reply), what).toEqual([]);
      if (what.startsWith('OPTIONS')) expect(reply.status, what).toBeGreaterThanOrEqual(400);
    }
    expect(replies.map(([, r]) => r.status)).toEqual(expect.arrayContaining([200, 400, 401, 404, 405, 421]));
  });
});
