import type { IncomingMessage, ServerResponse } from 'node:http';
import { INVALID_SUBDOMAIN_MESSAGE, isValidSubdomain } from './ids';
import type { RegistrationBody } from './types';

// The server's own endpoints (any Host that is not `<id>.localhost`), as in localtunnel/server server.js:
//   GET /?new                     → register a client with a random id
//   GET /<subdomain>              → register a client with that id (403 + { message } when the name is invalid)
//   GET /                         → 302 to the landing page
//   GET /api/status               → { tunnels, mem }
//   GET /api/tunnels/<id>/status  → { connected_sockets } (404 when unknown)
// Anything else → 404.

export const LANDING_PAGE = 'https://localtunnel.github.io/www/';

export interface ApiContext {
  register(requested: string | null): Promise<RegistrationBody>;
  refuse(requested: string): void;
  tunnelCount(): number;
  connectedSockets(id: string): number | undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function registerAndReply(ctx: ApiContext, res: ServerResponse, requested: string | null): Promise<void> {
  try {
    sendJson(res, 200, await ctx.register(requested));
  } catch (e) {
    sendText(res, 500, `could not register client: ${(e as Error).message}`);
  }
}

export function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  const url = new URL(req.url ?? '/', 'http://api.invalid');
  const path = url.pathname;
  const isGet = req.method === 'GET' || req.method === 'HEAD';

  if (isGet && path === '/api/status') {
    sendJson(res, 200, { tunnels: ctx.tunnelCount(), mem: process.memoryUsage() });
    return;
  }
  const status = /^\/api\/tunnels\/([^/]+)\/status$/.exec(path);
  if (isGet && status) {
    const sockets = ctx.connectedSockets(decodeURIComponent(status[1] ?? ''));
    if (sockets === undefined) sendText(res, 404, 'Not Found');
    else sendJson(res, 200, { connected_sockets: sockets });
    return;
  }
  if (path === '/') {
    if (url.searchParams.has('new')) {
      void registerAndReply(ctx, res, null);
      return;
    }
    res.writeHead(302, { location: LANDING_PAGE, 'content-length': 0 });
    res.end();
    return;
  }
  const parts = path.split('/');
  if (parts.length === 2) {
    const requested = parts[1] ?? '';
    if (!isValidSubdomain(requested)) {
      ctx.refuse(requested);
      sendJson(res, 403, { message: INVALID_SUBDOMAIN_MESSAGE });
      return;
    }
    void registerAndReply(ctx, res, requested);
    return;
  }
  sendText(res, 404, 'Not Found');
}
