import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
