import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { ClientSummary } from './types';

// One registered client: its TCP listener on 127.0.0.1, the raw sockets the localtunnel client opened to it, the
// queue of requests waiting for an idle socket, and the grace timer that drops it when it has no sockets
// (the real server's TunnelAgent + Client).

/** Why a request could not get a socket: 502 (the client went away) or 504 (no idle socket in time). */
export class GatewayError extends Error {
  constructor(
    readonly status: 502 | 504,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export type SocketCallback = (err: GatewayError | null, socket?: Socket) => void;

interface Waiter {
  cb: SocketCallback;
  timer: NodeJS.Timeout;
}

export interface TunnelClientOptions {
  maxSockets: number;
  graceMs: number;
  onClose(client: TunnelClient, reason: string): void;
}

export class TunnelClient {
  port = 0;
  closed = false;
  closeReason = '';
  private readonly listener: Server;
  private readonly sockets = new Set<Socket>();
  /** LIFO, like node's keep-alive agent: sequential requests reuse the most recently freed socket. */
  private readonly idle: Socket[] = [];
  private readonly waiters: Waiter[] = [];
  private graceTimer: NodeJS.Timeout | undefined;
  private started = false;
  private readonly listenerClosed: Promise<void>;

  constructor(
    readonly id: string,
    private readonly opts: TunnelClientOptions,
  ) {
    this.listener = createServer((socket) => this.onConnection(socket));
    this.listener.on('error', () => this.close('tunnel listener error'));
    this.listenerClosed = new Promise((resolve) => this.listener.once('close', () => resolve()));
  }

  /** Listens on 127.0.0.1 (random port) and starts the grace period in which the client must connect. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.listener.once('error', reject);
      this.listener.listen(0, '127.0.0.1', () => {
        this.listener.off('error', reject);
        resolve();
      });
    });
    this.started = true;
    this.port = (this.listener.address() as AddressInfo).port;
    if (!this.closed) this.armGrace();
    return this.port;
  }

  private armGrace(): void {
    clearTimeout(this.graceTimer);
    this.graceTimer = setTimeout(() => this.close(`no tunnel sockets for ${this.opts.graceMs} ms`), this.opts.graceMs);
    this.graceTimer.unref();
  }

  private onConnection(socket: Socket): void {
    if (this.closed || this.sockets.size >= this.opts.maxSockets) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.removeIdle(socket);
      if (this.sockets.size === 0 && !this.closed) this.armGrace();
    });
    // Flowing from the start so an idle socket notices the client's FIN (and closes) instead of being handed out.
    socket.resume();
    this.sockets.add(socket);
    clearTimeout(this.graceTimer);
    this.release(socket, true);
  }

  private removeIdle(socket: Socket): void {
    const i = this.idle.indexOf(socket);
    if (i >= 0) this.idle.splice(i, 1);
  }

  /** Hands an idle socket to `cb` (now or when one frees up); returns a cancel function for callers that go away. */
  acquire(waitMs: number, cb: SocketCallback): () => void {
    if (this.closed) {
      cb(new GatewayError(502, `tunnel client ${this.id} is gone (${this.closeReason})`));
      return () => {};
    }
    const socket = this.idle.pop();
    if (socket) {
      cb(null, socket);
      return () => {};
    }
    const waiter: Waiter = {
      cb,
      timer: setTimeout(() => {
        this.removeWaiter(waiter);
        const why = this.sockets.size === 0 ? 'has no connected tunnel sockets' : 'has no idle tunnel socket';
        cb(new GatewayError(504, `tunnel client ${this.id} ${why} (waited ${waitMs} ms)`));
      }, waitMs),
    };
    this.waiters.push(waiter);
    return () => {
      clearTimeout(waiter.timer);
      this.removeWaiter(waiter);
    };
  }

  private removeWaiter(waiter: Waiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  /** Returns a socket after a finished exchange; one that cannot carry another request is destroyed instead. */
  release(socket: Socket, reusable: boolean): void {
    if (!reusable || this.closed || socket.destroyed || !socket.writable || socket.readableEnded) {
      socket.destroy();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.cb(null, socket);
      return;
    }
    this.idle.push(socket);
  }

  /** Drops the client: stops accepting first (so its reconnects are refused), then destroys every socket. */
  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    clearTimeout(this.graceTimer);
    this.listener.close();
    for (const socket of this.sockets) socket.destroy();
    this.idle.length = 0;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.cb(new GatewayError(502, `tunnel client ${this.id} went away (${reason})`));
    }
    this.opts.onClose(this, reason);
  }

  /** Resolves once the listener and all its sockets are closed (after `close`). */
  whenClosed(): Promise<void> {
    return this.started ? this.listenerClosed : Promise.resolve();
  }

  summary(): ClientSummary {
    return { id: this.id, port: this.port, sockets: this.sockets.size, idle: this.idle.length, waiting: this.waiters.length };
  }
}
