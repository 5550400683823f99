import type { Server } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { closeServer, createLocalServer, listenLocal } from '../platform/http/local-server';

// The loopback listener Square's redirect lands on (RFC 8252 §7.3). It accepts exactly one callback on its path — the
// one carrying this sign-in's state — and answers the browser with a short page; the flow decides what the parameters
// mean. Any web page can make the browser request this address (an <img> pointing at it), so a callback with another
// state is answered 400 and does NOT end the sign-in: the listener keeps waiting for Square until the flow's timeout.

export interface CallbackParams {
  code: string | null;
  state: string | null;
  error: string | null;
  errorDescription: string | null;
}

export interface CallbackServer {
  port: number;
  /** Resolves with the first request to the callback path. */
  received: Promise<CallbackParams>;
  /** Sets the page the browser sees for the pending callback, then closes the listener. */
  respond(outcome: { ok: boolean; message: string }): void;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} on 127.0.0.1 is in use, so Square's sign-in cannot return to the app. Close the program using ` +
        'it, or set another port (SQUARE_REDIRECT_PORT) and register the matching redirect URL with Square.',
    );
  }
}

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

function page(ok: boolean, message: string): string {
  const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><title>TaxPoynt POS Desk</title>
<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:32em;color:#1b2533}h1{font-size:1.3em}</style>
<h1>${ok ? 'Connected to Square' : 'Square connection did not complete'}</h1><p>${escaped}</p>
<p>You can close this tab and return to TaxPoynt POS Desk.</p>`;
}

const sameState = (given: string | null, expected: string) =>
  given !== null && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

export async function startCallbackServer(port: number, path: string, expectedState: string): Promise<CallbackServer> {
  let deliver!: (p: CallbackParams) => void;
  const received = new Promise<CallbackParams>((resolve) => (deliver = resolve));
  let answer: ((outcome: { ok: boolean; message: string }) => void) | null = null;
  const outcome = new Promise<{ ok: boolean; message: string }>((resolve) => (answer = resolve));
  let taken = false;

  const server: Server = createLocalServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== path || taken) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    if (!sameState(url.searchParams.get('state'), expectedState)) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_CSP, 'cache-control': 'no-store', connection: 'close' });
      res.end(page(false, 'This answer is not from the sign-in TaxPoynt POS Desk started (state mismatch), so it was ignored. Finish signing in to Square in the tab the app opened.'));
      return;
    }
    taken = true;
    deliver({
      code: url.searchParams.get('code'),
      state: url.searchParams.get('state'),
      error: url.searchParams.get('error'),
      errorDescription: url.searchParams.get('error_description'),
    });
    void outcome.then(({ ok, message }) => {
      res.writeHead(ok ? 200 : 400, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': PAGE_CSP,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        // The listener goes away after this answer; a kept-alive socket would let a browser (or the next sign-in's
        // redirect) talk to this finished listener instead of a new one on the same port.
        connection: 'close',
      });
      res.end(page(ok, message));
    });
  });

  const boundPort = await listenLocal(server, port).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EADDRINUSE' ? new PortInUseError(port) : err;
  });
  // Idle sockets only: the answer to the one callback must still reach the browser.
  const close = () => closeServer(server, { finishActive: true });

  return {
    port: boundPort,
    received,
    respond(o) {
      answer?.(o);
      answer = null;
      void close();
    },
    close,
  };
}
