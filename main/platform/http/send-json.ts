import type { ServerResponse } from 'node:http';

/** Every JSON answer of our servers: UTF-8, never cached (they carry live state or secrets-adjacent data). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
