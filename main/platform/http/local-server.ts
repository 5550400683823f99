import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServerLimits {
  /** Whole request headers must arrive within this (a slowloris client sends them a byte at a time). */
  headersTimeoutMs?: number;
  /** The whole request (headers and body) must arrive within this. Responses (the event stream) are not limited. */
  requestTimeoutMs?: number;
  /** An idle kept-alive socket is closed after this. */
  keepAliveTimeoutMs?: number;
}

/**
 * An HTTP server with limits a slow or stuck client cannot outlast. Node enforces the header and request timeouts
 * only when it checks its connections (every 30 s by default, so a slow client held a socket 38–68 s): it checks
 * every second here. Every server of the app is made here.
 */
export function createLocalServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  limits: LocalServerLimits = {},
): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs ?? 10_000,
      requestTimeout: limits.requestTimeoutMs ?? 15_000,
      keepAliveTimeout: limits.keepAliveTimeoutMs ?? 5_000,
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs ?? 1_000),
    },
    handler,
  );
  // A kept-alive socket serves a bounded number of requests, then the client reconnects.
  server.maxRequestsPerSocket = 1_000;
  return server;
}

/** Listens on 127.0.0.1 only (every server of the app is loopback-only); resolves with the bound port. */
export function listenLocal(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Stops listening and resolves once the server has closed. By default open sockets are cut at once (kept-alive
 * clients and streams would otherwise hold the close for minutes); `finishActive` lets requests still being answered
 * finish and cuts only idle sockets.
 */
export function closeServer(server: Server, options: { finishActive?: boolean } = {}): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    if (options.finishActive) server.closeIdleConnections();
    else server.closeAllConnections();
  });
}
