import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './send-json';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
  }
}

/** Reads the raw body, refusing (without buffering further) anything over `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Attached first: a client that hangs up mid-body makes the request emit 'error', which must never go unheard.
    req.on('error', reject);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLargeError(limit));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError(limit));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * The body, or null after answering 413 with `refusal` (as JSON) when it is over `limit`. The connection is closed
 * after that answer so a client still sending cannot tie up the socket.
 */
export async function readBodyOrRefuse(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  refusal: (err: BodyTooLargeError) => unknown,
): Promise<Buffer | null> {
  try {
    return await readBody(req, limit);
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    res.setHeader('connection', 'close');
    sendJson(res, 413, refusal(err));
    return null;
  }
}
