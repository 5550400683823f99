// What a log line may carry of an object: everything except secrets. Pure, so it is tested without a logger.

export const CENSOR = '[redacted]';

/**
 * Keys whose values are secrets wherever they sit: accessToken, refresh_token, signatureKey, apiKey, password, the NRS
 * crypto keys, … (not every "…key": a source key or cursor key is an identifier the log needs).
 */
const SECRET_KEY = /token|secret|passw|authori[sz]ation|cookie|signature|crypto|private.?key|api.?key|nrs.?keys?|^keys?$/i;

/** Parts of an error (an SDK's or fetch's) that carry the HTTP exchange, whose headers hold bearer tokens. */
const EXCHANGE_KEYS = new Set(['request', 'response', 'rawResponse', 'headers', 'config', 'body', 'options']);

const MAX_DEPTH = 8;

export function redactDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return serializeError(value, depth, seen);
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[deep]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1, seen));
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? CENSOR : redactDeep(v, depth + 1, seen);
  return out;
}

/** An error as logged: type, message, code/status, stack, cause and its own fields, never the HTTP exchange. */
export function serializeError(err: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (!(err instanceof Error)) return redactDeep(err, depth, seen);
  if (seen.has(err)) return '[circular]';
  seen.add(err);
  const out: Record<string, unknown> = { type: err.name, message: err.message, stack: err.stack };
  for (const [k, v] of Object.entries(err)) {
    if (EXCHANGE_KEYS.has(k) || k === 'cause') continue;
    out[k] = SECRET_KEY.test(k) ? CENSOR : redactDeep(v, depth + 1, seen);
  }
  if (err.cause !== undefined) out.cause = serializeError(err.cause, depth + 1, seen);
  return out;
}
