import { Agent, request, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream';
import type { GatewayError, TunnelClient } from './client';

// Forwarding one HTTP request over one of the client's tunnel sockets, like the real server's Client.handleRequest:
// the request line, the raw headers (case, order and duplicates kept; nothing added but `Connection: keep-alive` when
// absent) and the body are written into the socket, and the response is piped back. One request per socket at a time;
// a socket whose exchange ended cleanly goes back to the pool (keep-alive), anything else is destroyed and the
// localtunnel client opens a replacement.

export interface ForwardTimeouts {
  socketWaitMs: number;
  responseTimeoutMs: number;
}

/** Outcome for the request log: the status sent (0 = none) and, when the server answered itself, why. */
export type ForwardDone = (status: number, error?: string) => void;

/** An http.Agent that hands a ClientRequest the one socket it was built with (ClientRequest calls addRequest). */
class OneSocketAgent extends Agent {
  constructor(private readonly socket: Socket) {
    super({ keepAlive: true });
  }

  addRequest(req: ClientRequest): void {
    (req as ClientRequest & { onSocket(socket: Socket): void }).onSocket(this.socket);
  }
}

const wantsClose = (headers: IncomingHttpHeaders): boolean => /\bclose\b/i.test(String(headers.connection ?? ''));

export function forwardRequest(
  client: TunnelClient,
  req: IncomingMessage,
  res: ServerResponse,
  timeouts: ForwardTimeouts,
  done: ForwardDone,
): void {
  let error: string | undefined;
  let upstream: ClientRequest | undefined;

  const answer = (status: number, message: string): void => {
    error = message;
    if (res.destroyed || res.writableEnded) return;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = `${status === 502 ? 'Bad Gateway' : status === 504 ? 'Gateway Timeout' : 'Error'}: ${message}\n`;
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  res.once('finish', () => done(res.statusCode, error));
  res.once('close', () => {
    cancel();
    if (res.writableFinished) return;
    upstream?.destroy();
    done(res.headersSent ? res.statusCode : 0, error ?? 'caller went away before the response was complete');
  });

  const send = (socket: Socket): void => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      up.destroy(new Error('response timeout'));
    }, timeouts.responseTimeoutMs);

    const up = request(
      { method: req.method, path: req.url, headers: req.rawHeaders, agent: new OneSocketAgent(socket) },
      (upRes) => {
        clearTimeout(timer);
        socket.once('free', () => client.release(socket, !wantsClose(req.headers) && !wantsClose(upRes.headers)));
        res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, upRes.rawHeaders);
        pipeline(upRes, res, () => {});
      },
    );
    upstream = up;
    up.on('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      if (timedOut) answer(504, `tunnel client ${client.id} sent no response within ${timeouts.responseTimeoutMs} ms`);
      else answer(502, `tunnel client ${client.id} connection failed: ${err.message}`);
    });
    // Not pipeline(): on an upstream failure the caller's request must stay alive to receive the 502/504.
    req.once('error', () => up.destroy());
    req.pipe(up);
  };

  const cancel = client.acquire(timeouts.socketWaitMs, (err: GatewayError | null, socket?: Socket) => {
    if (err || !socket) {
      answer(err?.status ?? 502, err?.message ?? 'no socket');
      return;
    }
    if (res.destroyed) {
      client.release(socket, true);
      return;
    }
    send(socket);
  });
}
