import http from 'node:http';
import https from 'node:https';

// The HTTP client under the Square SDK (its `fetch` option): node:http with keep-alive connections, the answer read
// whole into one Buffer, and an object with what the SDK reads of a fetch Response (status, headers, text()).
//
// Why not the global fetch (undici): every Response it makes is registered with a FinalizationRegistry (to cancel an
// unread body), and every request with a signal — the SDK always passes one — registers its AbortController with
// another. In Node 20's V8 a registered object survives every young-generation collection until a full one, and with
// it all it reaches: each call's request, answer, streams and the orders read from it were promoted (measured:
// docs/benchmarks.md, "Issue 18's targets, 2026-12-02 04:56 and 05:12 UTC"). Square's API is JSON over HTTPS with no redirects to
// follow, which is all this speaks.

/** A larger answer is refused rather than held: a SearchOrders page of 1,000 orders is ~3 MB. */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxFreeSockets: 16 }),
  'https:': new https.Agent({ keepAlive: true, maxFreeSockets: 16 }),
} as const;

const utf8 = new TextDecoder('utf-8');

/** What the SDK reads of an answer (see square/core/fetcher: status, headers, text(); the rest for completeness). */
export class SquareAnswer {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';
  /** Never a stream: the answer is read whole before the SDK sees it (its streaming endpoints are not used here). */
  readonly body = null;
  bodyUsed = false;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    readonly url: string,
    private readonly bytes: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  /** The answer's bytes, unread (raw-capture.ts reads orders out of them without making one big string). */
  buffer(): Buffer {
    this.bodyUsed = true;
    return this.bytes;
  }

  /** As fetch decodes it: UTF-8, a leading byte order mark dropped, bad bytes replaced. */
  text(): Promise<string> {
    return Promise.resolve(utf8.decode(this.buffer()));
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.buffer();
    return Promise.resolve(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
  }
}

function abortError(reason: unknown): Error {
  // The SDK reads an AbortError as its own timeout (or as the caller's abort when its signal says so).
  return new DOMException(typeof reason === 'string' ? `aborted: ${reason}` : 'This operation was aborted', 'AbortError');
}

function bodyBytes(body: RequestInit['body']): Buffer | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new TypeError('square-transport: only text or byte request bodies are sent (Square takes JSON)');
}

function urlOf(input: Parameters<typeof fetch>[0]): URL {
  return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
}

/** A `fetch` for the Square SDK; see the comment at the top of this file. */
export const squareTransport = transportWithLimit(MAX_ANSWER_BYTES);

/** squareTransport refusing answers past `maxAnswerBytes` (a parameter so the tests can reach it cheaply). */
export function transportWithLimit(maxAnswerBytes: number) {
  return (input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<SquareAnswer> => send(input, init, maxAnswerBytes);
}

function send(input: Parameters<typeof fetch>[0], init: RequestInit, maxAnswerBytes: number): Promise<SquareAnswer> {
  return new Promise<SquareAnswer>((resolve, reject) => {
    let url: URL;
    let body: Buffer | null;
    try {
      url = urlOf(input);
      body = bodyBytes(init.body);
    } catch (err) {
      reject(err instanceof Error ? err : new TypeError(String(err)));
      return;
    }
    const agent = url.protocol === 'https:' || url.protocol === 'http:' ? agents[url.protocol] : null;
    if (!agent) {
      reject(new TypeError(`square-transport: ${url.protocol} is not HTTP`));
      return;
    }
    const signal = init.signal ?? null;
    if (signal?.aborted) {
      reject(abortError(signal.reason));
      return;
    }
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    if (body) headers['content-length'] = String(body.length);

    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (err: Error) => finish(() => reject(signal?.aborted ? abortError(signal.reason) : new TypeError('fetch failed', { cause: err })));

    const request = (url.protocol === 'https:' ? https : http).request(url, { method: init.method ?? 'GET', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxAnswerBytes) res.destroy(new Error(`Square's answer is larger than ${maxAnswerBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        if (!res.complete) return fail(new Error('the connection closed before the whole answer arrived'));
        const answerHeaders = new Headers();
        const raw = res.rawHeaders;
        for (let i = 0; i + 1 < raw.length; i += 2) answerHeaders.append(raw[i]!, raw[i + 1]!);
        const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
        finish(() => resolve(new SquareAnswer(res.statusCode ?? 0, res.statusMessage ?? '', answerHeaders, url.href, bytes)));
      });
    });
    const onAbort = () => request.destroy(abortError(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', fail);
    request.end(body ?? undefined);
  });
}
