import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { PUSH_EVENTS, type ApiErrorBody } from '../../shared/contract';
import type { App } from '../app';
import { HTTP_STATUS } from '../api/errors';
import { bearerMatches } from './auth';
import { closeServer, createLocalServer, listenLocal } from '../platform/http/local-server';
import { readBodyOrRefuse } from '../platform/http/read-body';
import { sendJson } from '../platform/http/send-json';
import { serveStatic } from '../platform/http/static-files';

export interface HostOptions {
  port: number;
  token: string;
  /** Built renderer folder (dist/renderer); served at / without a token because it holds no data. */
  rendererDir: string;
}

export interface RunningHost {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

const API_BODY_LIMIT = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

function sendError(res: ServerResponse, status: number, error: ApiErrorBody): void {
  sendJson(res, status, { error });
}

/**
 * Headless transport: the same contract handlers as Electron IPC, at POST /api/<channel> with a bearer token, and
 * push events as Server-Sent Events at GET /api/events. Listens on 127.0.0.1 only.
 */
export async function startHost(app: App, options: HostOptions): Promise<RunningHost> {
  const sseClients = new Set<ServerResponse>();
  let boundPort = options.port;

  // DNS-rebinding guard: a web page on another origin that resolves to 127.0.0.1 still sends its own Host.
  const hostAllowed = (host: string | undefined) =>
    host === `127.0.0.1:${boundPort}` || host === `localhost:${boundPort}`;

  async function handleApi(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (!bearerMatches(req.headers.authorization, options.token)) {
      res.setHeader('www-authenticate', 'Bearer');
      sendError(res, 401, { code: 'unauthorized', message: 'This page has no valid key for the app. Open the address that npm run serve printed.', detail: 'Missing or wrong API token' });
      return;
    }
    if (channel === 'events' && req.method === 'GET') return openEventStream(req, res);
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      sendError(res, 405, { code: 'invalid_input', message: 'The page asked the app in a way it does not understand. Reload the page.', detail: `${req.method ?? '?'} /api/${channel}: use POST with a JSON body` });
      return;
    }
    const raw = await readBodyOrRefuse(req, res, API_BODY_LIMIT, (err) => ({ error: { code: 'invalid_input', message: 'That was too much to send at once. Send less, or split it up.', detail: err.message } }));
    if (!raw) return;
    let input: unknown = undefined;
    if (raw.length > 0) {
      try {
        input = JSON.parse(raw.toString('utf8'));
      } catch {
        sendError(res, 400, { code: 'invalid_input', message: 'The page sent something the app could not read. Reload the page.', detail: `/api/${channel}: request body is not valid JSON` });
        return;
      }
    }
    const result = await app.dispatch(channel, input);
    if (result.ok) sendJson(res, 200, result.value);
    else sendError(res, HTTP_STATUS[result.error.code], result.error);
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    const unsubscribe = PUSH_EVENTS.map((event) =>
      app.bus.on(event, (payload) => res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)),
    );
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    sseClients.add(res);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe.forEach((off) => off());
      sseClients.delete(res);
    });
  }

  const server = createLocalServer((req, res) => {
    // A client that disconnects early (SSE tab closed, body cut off) must not take the host down.
    req.on('error', (err) => app.log.debug({ err }, 'client request error'));
    res.on('error', (err) => app.log.debug({ err }, 'client response error'));
    if (!hostAllowed(req.headers.host)) {
      sendError(res, 421, { code: 'unauthorized', message: 'Open the app at the address npm run serve printed.', detail: `Unexpected Host header: ${req.headers.host ?? '(none)'}` });
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const apiMatch = /^\/api\/([A-Za-z0-9._-]+)$/.exec(path);
    const work = apiMatch
      ? handleApi(req, res, apiMatch[1]!)
      : req.method === 'GET' || req.method === 'HEAD'
        ? serveStatic(options.rendererDir, path, res)
        : Promise.resolve(sendError(res, 404, { code: 'not_found', message: 'There is nothing at this address.', detail: `${req.method ?? '?'} ${path}` }));
    work.catch((err: unknown) => {
      app.log.error({ err, path }, 'host request failed');
      if (!res.headersSent) sendError(res, 500, { code: 'internal', message: 'Something went wrong in the app. Try again; if it keeps happening, restart it.', detail: `${path}: ${err instanceof Error ? err.message : String(err)}` });
      else res.end();
    });
  });

  boundPort = await listenLocal(server, options.port);

  return {
    server,
    port: boundPort,
    url: `http://127.0.0.1:${boundPort}/`,
    close: () => {
      for (const client of sseClients) client.end();
      return closeServer(server);
    },
  };
}
