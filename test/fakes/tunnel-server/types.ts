// Public types of the test tunnel server (see README.md).

export interface TunnelServerOptions {
  /** HTTP port on 127.0.0.1; 0 (default) picks a free one. `stop()`/`start()` keep the port. */
  port?: number;
  /** `max_conn_count` handed to each client, and the cap on its TCP sockets (real server: 10). */
  maxSockets?: number;
  /** A client with no connected socket for this long is dropped (real server: 1000 ms). */
  graceMs?: number;
  /** How long a request waits for an idle tunnel socket before a 504 (default 5000 ms). */
  socketWaitMs?: number;
  /** How long a forwarded request waits for the response head before a 504 (default 30000 ms). */
  responseTimeoutMs?: number;
  /**
   * A requested subdomain that a live client already holds: 'random' (default, what the real server does: the new
   * client silently gets a random id) or 'replace' (the old client is dropped and the new one gets the id).
   */
  onSubdomainTaken?: 'random' | 'replace';
}

export type ResolvedOptions = Required<TunnelServerOptions>;

/** The JSON body of `GET /?new` and `GET /<subdomain>`, exactly the fields the real server sends. */
export interface RegistrationBody {
  id: string;
  port: number;
  max_conn_count: number;
  url: string;
}

export interface ClientSummary {
  id: string;
  /** The per-client TCP port the localtunnel client connects its sockets to. */
  port: number;
  /** Connected tunnel sockets (idle + busy). */
  sockets: number;
  idle: number;
  /** Requests waiting for an idle socket. */
  waiting: number;
}

/** One request that arrived for `<id>.localhost`. `status` 0 = the caller went away before a response was sent. */
export interface RequestLogEntry {
  id: string;
  method: string;
  path: string;
  status: number;
  /** Why the server answered 404/502/504 itself, or why the exchange broke. */
  error?: string;
  at: number;
}

/** One `GET /?new` or `GET /<subdomain>`. `id` is null when refused (403). */
export interface RegistrationLogEntry {
  requested: string | null;
  id: string | null;
  status: number;
  at: number;
}
