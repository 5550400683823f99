import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BaselineServer {
  server: Server;
  port: number;
  /** Requests answered so far. */
  answered(): number;
  close(): Promise<void>;
}

/**
 * The floor the receiver is compared with: node:http on loopback that reads the whole body and answers 200 `{}`,
 * with no signature check, no parsing and no storage. Same process, same event loop as the receiver would have.
 */
export async function startBaselineServer(): Promise<BaselineServer> {
  let answered = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      Buffer.concat(chunks);
      answered += 1;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end('{}');
    });
    req.on('error', () => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    answered: () => answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
