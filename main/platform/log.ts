import pino from 'pino';

export type Logger = pino.Logger;

// Secrets must never reach a log line, even by accident through an object we log whole.
const REDACT = [
  '*.token', '*.accessToken', '*.refreshToken', '*.access_token', '*.refresh_token', '*.signatureKey',
  '*.authorization', 'headers.authorization', 'req.headers.authorization',
];

export function createLogger(level = 'info'): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, pino.destination(2));
}
