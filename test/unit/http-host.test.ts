import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../main/host/server';
import { createTempApp, tempDir } from '../support/temp-app';
import { seedInvoices } from '../support/seed';

const TOKEN = 'test-token-0123456789-abcdefghijklmnop';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  port: number,
  path: string,
  opts: { method?: string; token?: string | null; body?: string | Buffer; host?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? TOKEN}`;
    if (opts.host) headers.host = opts.host;
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(opts.body);
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

describe('headless HTTP host', () => {
  const app = createTempApp();
  const rendererDir = tempDir('tp-renderer-');
  let host: RunningHost;

  beforeAll(async () => {
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>TaxPoynt</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    seedInvoices(app.db, [{ number: 'INV100', locationId: 'LOC-1' }, { number: 'INV101', status: 'approved', locationId: 'LOC-1' }]);
    host = await startHost(app, { port: 0, token: TOKEN, rendererDir });
  });
  afterAll(async () => {
    await host.close();
    await app.dispose();
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(await canConnect('127.0.0.1', host.port)).toBe(true);
    // Other loopback addresses are not 127.0.0.1: a bind to all interfaces would accept these.
    expect(await canConnect('127.0.0.2', host.port)).toBe(false);
    expect(await canConnect('::1', host.port)).toBe(false);
  });

  it('answers 401 without a token and with a wrong one, and never runs the handler', async () => {
    const none = await call(host.port, '/api/invoices.list', { token: null, body: '{}' });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(JSON.parse(none.body).error).toMatchObject({ code: 'unauthorized', detail: expect.stringMatching(/token/i) });
    expect((await call(host.port, '/api/invoices.list', { token: 'wrong-token', body: '{}' })).status).toBe(401);
    expect((await call(host.port, '/api/invoices.list', { token: `${TOKEN}x`, body: '{}' })).status).toBe(401);
    expect((await call(host.port, '/api/events', { token: null, method: 'GET' })).status).toBe(401);
  });

  it('serves invoices.list as JSON with the right token', async () => {
    const reply = await call(host.port, '/api/invoices.list', { body: '{}' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/application\/json/);
    const page = JSON.parse(reply.body);
    expect(page.total).toBe(2);
    expect(page.items.map((i: { number: string }) => i.number).sort()).toEqual(['INV100', 'INV101']);
    // Sort, direction and location travel the same way as the older filters.
    const sorted = await call(host.port, '/api/invoices.list', { body: JSON.stringify({ sort: 'number', dir: 'desc', locationId: 'LOC-1' }) });
    expect(sorted.status).toBe(200);
    expect(JSON.parse(sorted.body).items.map((i: { number: string }) => i.number)).toEqual(['INV101', 'INV100']);
    // An empty body means "no input" (curl -X POST without -d).
    expect((await call(host.port, '/api/stats.get')).status).toBe(200);
  });

  it('rejects invalid input with 400 and the field named', async () => {
    const reply = await call(host.port, '/api/invoices.list', { body: JSON.stringify({ status: ['paid'] }) });
    expect(reply.status).toBe(400);
    const { error } = JSON.parse(reply.body);
    expect(error).toMatchObject({ code: 'invalid_input', field: 'status.0' });
    expect(error.detail).toContain('status.0');
    const badSort = await call(host.port, '/api/invoices.list', { body: JSON.stringify({ sort: 'price' }) });
    expect(badSort.status).toBe(400);
    expect(JSON.parse(badSort.body).error).toMatchObject({ code: 'invalid_input', field: 'sort' });
  });

  it('handles malformed JSON, oversized bodies, unknown channels, wrong methods and foreign Host headers', async () => {
    const bad = await call(host.port, '/api/invoices.list', { body: '{"page":' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.detail).toMatch(/not valid JSON/);
    const tooLarge = await call(host.port, '/api/invoices.list', { body: Buffer.alloc(1024 * 1024 + 1, 0x20) });
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body).error).toMatchObject({ code: 'invalid_input', detail: expect.stringMatching(/exceeds 1048576 bytes/) });
    expect((await call(host.port, '/api/nope.nothing', { body: '{}' })).status).toBe(404);
    expect((await call(host.port, '/api/invoices.list', { method: 'GET' })).status).toBe(405);
    const foreignHost = await call(host.port, '/api/invoices.list', { body: '{}', host: 'evil.example:80' });
    expect(foreignHost.status).toBe(421);
    expect(JSON.parse(foreignHost.body).error.code).toBe('unauthorized');
    expect((await call(host.port, '/api/invoices.get', { body: '{"id": 99999}' })).status).toBe(404);
    // Still healthy after all of that.
    expect((await call(host.port, '/api/app.info')).status).toBe(200);
  });

  it('serves the renderer with a strict CSP, falls back to index.html, and refuses path traversal', async () => {
    const index = await call(host.port, '/', { method: 'GET', token: null });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).not.toContain('unsafe');
    const asset = await call(host.port, '/assets/app.js', { method: 'GET', token: null });
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const route = await call(host.port, '/invoices/3', { method: 'GET', token: null });
    expect(route.body).toContain('<title>TaxPoynt</title>');
    const traversal = await call(host.port, '/..%2f..%2f..%2fetc%2fpasswd', { method: 'GET', token: null });
    expect(traversal.body).not.toContain('root:');
  });

  it('pushes events over SSE to an authorised client', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: '/api/events', headers: { authorization: `Bearer ${TOKEN}` } },
        (res) => {
          expect(res.headers['content-type']).toMatch(/text\/event-stream/);
          let text = '';
          let triggered = false;
          res.on('data', (c: Buffer) => {
            text += c.toString();
            if (!triggered && text.includes(': connected')) {
              triggered = true;
              call(host.port, '/api/settings.set', { body: '{"businessName":"Ada"}' }).catch(reject);
            }
            if (text.includes('event: settings.changed')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    const data = /event: settings.changed\ndata: (.+)\n/.exec(received)![1]!;
    expect(JSON.parse(data)).toMatchObject({ businessName: 'Ada' });
  });
});
