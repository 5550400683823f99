import { readdirSync, readFileSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServer, createLocalServer, listenLocal } from '../../main/platform/http/local-server';

// A client that sends its request a byte at a time (or never finishes it) must lose its socket soon after the limit,
// not after Node's 30-second connection check (sockets were held 38–68 s).

function slowClient(port: number, bytes: string, everyMs: number): { socket: Socket; closed: Promise<string>; sent: () => number } {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  let i = 0;
  const timer = setInterval(() => {
    if (i < bytes.length && !socket.destroyed) socket.write(bytes[i++]!);
  }, everyMs);
  socket.on('data', (d) => { answer += String(d); });
  const closed = new Promise<string>((resolve) => socket.on('close', () => { clearInterval(timer); resolve(answer); }));
  socket.on('error', () => undefined);
  return { socket, closed, sent: () => i };
}

describe('servers cut slow clients', () => {
  const servers: ReturnType<typeof createLocalServer>[] = [];
  afterEach(async () => { for (const s of servers.splice(0)) await closeServer(s); });

  async function serve(limits: Parameters<typeof createLocalServer>[1]) {
    // Like the app's servers: the answer comes once the whole body has been read.
    const server = createLocalServer((req, res) => { req.resume(); req.on('end', () => res.end('ok')); }, limits);
    servers.push(server);
    return listenLocal(server, 0);
  }

  it('headers sent a byte at a time: 408 and the socket closed', async () => {
    const port = await serve({ headersTimeoutMs: 400, requestTimeoutMs: 600 });
    const request = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(600);
    const { closed, sent } = slowClient(port, request, 50);
    const answer = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    // Cut while still dribbling (sending it all takes 30 s: as long as Node's own check would have let it run).
    expect(sent()).toBeLessThan(request.length);
  });

  it('a body that never ends: the socket is closed', { timeout: 10_000 }, async () => {
    const port = await serve({ headersTimeoutMs: 400, requestTimeoutMs: 600 });
    const { socket, closed } = slowClient(port, '', 1000);
    socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"a":');
    // Closed by the server (this test's time limit is well under Node's 30-second check).
    expect(await closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('every server of the app is made by createLocalServer (none without the limits)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(name) && !p.endsWith(join('http', 'local-server.ts')) && /\bcreateServer\s*\(/.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk('main');
    expect(offenders).toEqual([]);
  });
});
