import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi, type ApiContext } from './api';
import { TunnelClient } from './client';
import { forwardRequest } from './forward';
import { clientIdFromHost, tunnelUrlFor } from './host';
import { randomId } from './ids';
import type {
  ClientSummary,
  RegistrationBody,
  RegistrationLogEntry,
  RequestLogEntry,
  ResolvedOptions,
  TunnelServerOptions,
} from './types';

// The test tunnel server: one node:http server on 127.0.0.1 that is both the localtunnel API (Host 127.0.0.1) and
// the public side of every tunnel (Host <id>.localhost), plus test controls (drop, stop/start, logs).

const DEFAULTS: ResolvedOptions = {
  port: 0,
  maxSockets: 10,
  graceMs: 1000,
  socketWaitMs: 5000,
  responseTimeoutMs: 30_000,
  onSubdomainTaken: 'random',
};

export class TunnelServer {
  /** Every request that arrived for a `<id>.localhost` host, in arrival order of completion. */
  readonly requests: RequestLogEntry[] = [];
  /** Every registration attempt (`/?new`, `/<subdomain>`). */
  readonly registrations: RegistrationLogEntry[] = [];
  readonly options: ResolvedOptions;
  private readonly clientsById = new Map<string, TunnelClient>();
  private readonly closing = new Set<Promise<void>>();
  private http: Server | null = null;
  private port: number;
  private closed = false;

  constructor(options: TunnelServerOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.port = this.options.port;
  }

  /** `http://127.0.0.1:PORT`: pass it to the client as `host`. Stable across stop()/start(). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.http !== null;
  }

  /** The public URL the server hands out for `id`: `http://<id>.localhost:PORT`. */
  tunnelUrl(id: string): string {
    return tunnelUrlFor(id, this.port);
  }

  clients(): ClientSummary[] {
    return [...this.clientsById.values()].map((c) => c.summary());
  }

  client(id: string): ClientSummary | undefined {
    return this.clientsById.get(id)?.summary();
  }

  /** Destroys the client's sockets and TCP listener and forgets it (a server-side outage for that client). */
  dropClient(id: string, reason = 'dropped by test'): boolean {
    const client = this.clientsById.get(id);
    if (!client) return false;
    client.close(reason);
    return true;
  }

  /** Resolves when client `id` has at least `count` connected sockets; rejects after `timeoutMs`. */
  async waitForSockets(id: string, count = 1, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.client(id)?.sockets ?? 0) < count) {
      if (Date.now() > deadline) {
        throw new Error(`tunnel client ${id} has ${this.client(id)?.sockets ?? 'no'} sockets, wanted ${count}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Resolves when client `id` is gone (dropped, or its grace period ran out); rejects after `timeoutMs`. */
  async waitForDrop(id: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.clientsById.has(id)) {
      if (Date.now() > deadline) throw new Error(`tunnel client ${id} is still registered`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Listens (again) on 127.0.0.1; after a stop() it reuses the same port, with an empty client table. */
  async start(): Promise<void> {
    if (this.closed) throw new Error('tunnel server is closed');
    if (this.http) return;
    const server = createServer((req, res) => this.onRequest(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
    this.http = server;
  }

  /** The server goes away: every client is dropped, every connection cut, the port refuses connections. */
  async stop(): Promise<void> {
    const server = this.http;
    if (!server) return;
    this.http = null;
    for (const id of [...this.clientsById.keys()]) this.dropClient(id, 'tunnel server stopped');
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await Promise.all(this.closing);
  }

  async close(): Promise<void> {
    await this.stop();
    this.closed = true;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const host = req.headers.host;
    if (!host) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Host header is required');
      return;
    }
    const id = clientIdFromHost(host);
    if (id === null) {
      handleApi(this.api, req, res);
      return;
    }
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const log = (status: number, error?: string): void => {
      this.requests.push({ id, method, path, status, ...(error ? { error } : {}), at: Date.now() });
    };
    const client = this.clientsById.get(id);
    if (!client) {
      req.resume();
      const body = `404: no tunnel client "${id}" on this server\n`;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      log(404, body.trim());
      return;
    }
    forwardRequest(client, req, res, this.options, log);
  }

  private readonly api: ApiContext = {
    register: (requested) => this.register(requested),
    refuse: (requested) => this.registrations.push({ requested, id: null, status: 403, at: Date.now() }),
    tunnelCount: () => this.clientsById.size,
    connectedSockets: (id) => this.clientsById.get(id)?.summary().sockets,
  };

  private async register(requested: string | null): Promise<RegistrationBody> {
    const taken = (id: string): boolean => this.clientsById.has(id);
    let id = requested ?? randomId(taken);
    if (taken(id)) {
      if (this.options.onSubdomainTaken === 'replace') this.dropClient(id, 'replaced by a new client with the same id');
      else id = randomId(taken);
    }
    const client = new TunnelClient(id, {
      maxSockets: this.options.maxSockets,
      graceMs: this.options.graceMs,
      onClose: (c) => {
        if (this.clientsById.get(c.id) === c) this.clientsById.delete(c.id);
        const done = c.whenClosed();
        this.closing.add(done);
        void done.then(() => this.closing.delete(done));
      },
    });
    // In the table before listening, like the real server, so two racing requests cannot get the same id.
    this.clientsById.set(id, client);
    try {
      const port = await client.listen();
      if (client.closed) throw new Error(`client ${id} was dropped while registering`);
      this.registrations.push({ requested, id, status: 200, at: Date.now() });
      return { id, port, max_conn_count: this.options.maxSockets, url: this.tunnelUrl(id) };
    } catch (e) {
      client.close('registration failed');
      this.registrations.push({ requested, id: null, status: 500, at: Date.now() });
      throw e;
    }
  }
}

export async function startTunnelServer(options: TunnelServerOptions = {}): Promise<TunnelServer> {
  const server = new TunnelServer(options);
  await server.start();
  return server;
}
