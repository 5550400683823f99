import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultQueue } from './faults';
import type { PaceGate } from './pace';
import type { FakeCore, Reply, Route } from './router';
import { ANONYMOUS, authenticate, bearerOf, findRoute } from './router';
import type { FaultSpec, RecordedCall } from './types';
import {
  errorBodyForStatus,
  parseJsonObject,
  readBody,
  sendHtml,
  sendJson,
  sendRedirect,
  SquareHttpError,
} from './wire';

// The HTTP side: node:http on 127.0.0.1, one pipeline per request: record → fault → route → auth → handler.

export interface HttpSide {
  server: Server;
  url: string;
  close(): Promise<void>;
}

function redactHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  if (out.authorization) {
    const token = bearerOf(req.headers);
    out.authorization = token ? `Bearer …${token.slice(-4)}` : '[redacted]';
  }
  return out;
}

function parseRecordedBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function startHttp(
  core: FakeCore,
  routes: Route[],
  faults: FaultQueue,
  calls: RecordedCall[],
  port: number,
  pace: PaceGate,
): Promise<HttpSide> {
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const query = Object.fromEntries(url.searchParams);
    const text = await readBody(req);
    const token = bearerOf(req.headers);
    const call: RecordedCall = {
      method,
      path,
      query,
      body: parseRecordedBody(text, req.headers['content-type']),
      headers: redactHeaders(req),
      ...(token ? { token } : {}),
      status: 0,
      at: core.clock.now(),
    };
    calls.push(call);
    const reply = (r: Reply): void => {
      if (r.kind === 'json') {
        call.status = r.status;
        sendJson(res, r.status, r.body, r.headers);
      } else if (r.kind === 'redirect') {
        call.status = 302;
        sendRedirect(res, r.location);
      } else {
        call.status = r.status;
        sendHtml(res, r.status, r.html);
      }
    };

    // Square's pace (pace.ts): API calls only (/v2), counted per endpoint, delayed by the latency, 429 past the limit.
    if (path.startsWith('/v2/')) {
      let key = `${method} ${path}`;
      try {
        key = `${method} ${findRoute(routes, method, path).route.pattern}`;
      } catch {
        // unknown route: counted by its path
      }
      pace.count(key);
      if (pace.latencyMs > 0) await sleep(pace.latencyMs);
      if (!pace.admit(performance.now())) {
        reply({
          kind: 'json',
          status: 429,
          body: { errors: [{ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED', detail: 'Rate limit exceeded.' }] },
          headers: { 'retry-after': String(pace.retryAfterSeconds) },
        });
        return;
      }
    }

    const fault: FaultSpec | undefined = faults.take(method, path);
    if (fault) {
      call.fault = fault;
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.drop) {
        call.status = 0;
        req.socket.destroy();
        return;
      }
      if (fault.rawBody !== undefined) {
        call.status = fault.status ?? 200;
        const bytes = Buffer.from(fault.rawBody, 'utf8');
        res.writeHead(call.status, { 'content-type': 'application/json', 'content-length': fault.declaredLength ?? bytes.length });
        if (fault.declaredLength !== undefined && fault.declaredLength > bytes.length) {
          // Cut off mid-answer: what was promised never all arrives.
          res.write(bytes, () => req.socket.destroy());
        } else res.end(bytes);
        return;
      }
      if (fault.status !== undefined) {
        const headers: Record<string, string> = {};
        if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
        reply({ kind: 'json', status: fault.status, body: fault.body ?? errorBodyForStatus(fault.status), headers });
        return;
      }
    }

    try {
      const { route, params } = findRoute(routes, method, path);
      const auth = route.auth === 'none' ? ANONYMOUS : authenticate(core, req.headers, route.auth, route.scope);
      const isForm = route.form === true && (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
      const body = isForm ? Object.fromEntries(new URLSearchParams(text)) : method === 'GET' ? {} : parseJsonObject(text);
      reply(route.handle({ core, method, path, params, query, body, headers: req.headers, auth }));
    } catch (e) {
      if (e instanceof SquareHttpError) {
        reply({ kind: 'json', status: e.status, body: { errors: e.errors }, headers: e.headers });
      } else {
        const detail = e instanceof Error ? e.message : String(e);
        reply({ kind: 'json', status: 500, body: { errors: [{ category: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR', detail: `fake square bug: ${detail}` }] } });
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { errors: [{ category: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR', detail: String(e) }] });
      else res.destroy();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://127.0.0.1:${actual}`,
        close: () =>
          new Promise<void>((done) => {
            for (const t of timers) clearTimeout(t);
            timers.clear();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
