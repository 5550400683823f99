import net from 'node:net';

// The load generator's HTTP/1.1 client: keep-alive connections, one request in flight on each (no pipelining, as
// Square's senders and node's http.Agent do), requests written as bytes built before the clock starts.
//
// Why not http.request: on this 2-core machine the generator shares the cores with the app it measures, and
// http.request (ClientRequest, agent bookkeeping, header objects, streams, a timer per request) cost ~200 µs of CPU a
// request — at 2,000 requests/s, 40 % of a core taken from the app under test. This client writes a prepared
// buffer and reads the status line and the body's length, nothing else: the server sees the same bytes on the wire.

export const CONN_ERROR = -1;
export const TIMEOUT = -2;

export interface RawPoolOptions {
  host: string;
  port: number;
  maxSockets: number;
  /** A request with no complete answer this long after it was written is aborted (its connection destroyed). */
  timeoutMs: number;
  /** Called once per request: the HTTP status, or CONN_ERROR / TIMEOUT. */
  onDone: (request: number, status: number) => void;
  /** Called when a new connection is opened. */
  onConnect?: () => void;
}

/** One complete HTTP/1.1 request (head + body) ready to write. */
export function requestBytes(host: string, port: number, path: string, headers: Record<string, string>, body: Buffer): Buffer {
  let head = `POST ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: keep-alive\r\nContent-Length: ${body.length}\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), body]);
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('0\r\n\r\n');

/** What is known of the answer being read on a connection. */
interface Answer {
  status: number;
  /** Body bytes still expected (content-length), or -1 for a chunked body read up to its last chunk. */
  remaining: number;
  close: boolean;
}

class Connection {
  request = -1;
  sentAt = 0;
  private buf: Buffer | null = null;
  private answer: Answer | null = null;
  dead = false;

  constructor(
    readonly socket: net.Socket,
    private readonly pool: RawHttpPool,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.fail(CONN_ERROR));
    socket.on('close', () => this.fail(CONN_ERROR));
  }

  send(request: number, bytes: Buffer, now: number): void {
    this.request = request;
    this.sentAt = now;
    this.socket.write(bytes);
  }

  fail(code: number): void {
    if (this.dead) return;
    this.dead = true;
    const r = this.request;
    this.request = -1;
    this.socket.destroy();
    this.pool.lost(this, r, code);
  }

  private onData(chunk: Buffer): void {
    if (this.request < 0) return this.fail(CONN_ERROR); // bytes nobody asked for: the connection is out of step
    this.buf = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
    if (!this.answer) {
      const end = this.buf.indexOf(HEAD_END);
      if (end < 0) return;
      const answer = parseHead(this.buf.toString('latin1', 0, end));
      if (!answer) return this.fail(CONN_ERROR);
      this.answer = answer;
      this.buf = this.buf.subarray(end + HEAD_END.length);
    }
    const a = this.answer;
    if (a.remaining >= 0) {
      if (this.buf.length < a.remaining) return;
      if (this.buf.length > a.remaining) return this.fail(CONN_ERROR);
    } else if (this.buf.length < CHUNKED_END.length || !this.buf.subarray(this.buf.length - CHUNKED_END.length).equals(CHUNKED_END)) {
      return;
    }
    const r = this.request;
    this.request = -1;
    this.buf = null;
    this.answer = null;
    if (a.close) {
      this.dead = true;
      this.socket.destroy();
      this.pool.answered(this, r, a.status, false);
    } else {
      this.pool.answered(this, r, a.status, true);
    }
  }
}

function parseHead(head: string): Answer | null {
  const lines = head.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!m) return null;
  let remaining = 0;
  let close = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim().toLowerCase();
    if (name === 'content-length') remaining = Number(value);
    else if (name === 'transfer-encoding' && value.includes('chunked')) remaining = -1;
    else if (name === 'connection' && value === 'close') close = true;
  }
  return Number.isSafeInteger(remaining) ? { status: Number(m[1]), remaining, close } : null;
}

/** Up to `maxSockets` keep-alive connections; requests beyond that wait for the next free one (LIFO reuse). */
export class RawHttpPool {
  private readonly idle: Connection[] = [];
  private readonly busy = new Set<Connection>();
  private readonly waiting: { request: number; bytes: Buffer }[] = [];
  private opening = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly o: RawPoolOptions,
    private readonly now: () => number,
  ) {
    // One sweep for every connection instead of a timer per request.
    this.sweeper = setInterval(() => {
      const deadline = this.now() - this.o.timeoutMs;
      for (const c of [...this.busy]) if (c.request >= 0 && c.sentAt < deadline) c.fail(TIMEOUT);
    }, Math.min(100, this.o.timeoutMs));
  }

  send(request: number, bytes: Buffer): void {
    const c = this.idle.pop();
    if (c) return this.start(c, request, bytes);
    this.waiting.push({ request, bytes });
    if (this.busy.size + this.opening < this.o.maxSockets) this.open();
  }

  destroy(): void {
    clearInterval(this.sweeper);
    for (const c of [...this.idle, ...this.busy]) c.fail(CONN_ERROR);
  }

  answered(c: Connection, request: number, status: number, reusable: boolean): void {
    this.busy.delete(c);
    this.o.onDone(request, status);
    if (reusable) this.release(c);
    else this.openForWaiting();
  }

  lost(c: Connection, request: number, code: number): void {
    this.busy.delete(c);
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    if (request >= 0) this.o.onDone(request, code);
    this.openForWaiting();
  }

  private openForWaiting(): void {
    if (this.waiting.length > 0 && this.busy.size + this.opening < this.o.maxSockets) this.open();
  }

  private start(c: Connection, request: number, bytes: Buffer): void {
    this.busy.add(c);
    c.send(request, bytes, this.now());
  }

  private release(c: Connection): void {
    const next = this.waiting.shift();
    if (next) this.start(c, next.request, next.bytes);
    else this.idle.push(c);
  }

  private open(): void {
    this.opening += 1;
    const socket = net.connect(this.o.port, this.o.host);
    const onError = () => {
      this.opening -= 1;
      // Nothing was sent on it: the oldest waiting request fails, as http.request's would.
      const w = this.waiting.shift();
      if (w) this.o.onDone(w.request, CONN_ERROR);
      this.openForWaiting();
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      this.opening -= 1;
      this.o.onConnect?.();
      this.release(new Connection(socket, this));
    });
  }
}
