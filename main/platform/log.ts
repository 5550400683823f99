import pino from 'pino';
import { redactDeep, serializeError } from './log-redact';

export type Logger = pino.Logger;

/**
 * Secrets must never reach a log line, even by accident through an object logged whole: every key that names a
 * token, secret, key, password, signature or authorization is censored at any depth (pino's own redact paths only
 * reach fixed depths), and errors are logged without the request or response they may carry (headers hold tokens).
 */
export function createLogger(level = 'info', destination: pino.DestinationStream = pino.destination(2)): Logger {
  const logger = pino(
    {
      level,
      formatters: { log: (obj) => redactDeep(obj) as Record<string, unknown>, bindings: (b) => redactDeep(b) as Record<string, unknown> },
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );
  // pino applies the bindings formatter to the root's bindings only, not to a child's: children are created through
  // this wrapper (inherited by every descendant, each keeping its own `this`), so their bindings are censored too.
  const child = logger.child;
  logger.child = function redactedChild(this: Logger, bindings, options) {
    return child.call(this, redactDeep(bindings) as pino.Bindings, options);
  } as Logger['child'];
  return logger;
}
