import { SquareError } from 'square';

export type SquareFailureKind = 'expired' | 'revoked' | 'unauthorized' | 'rate_limited' | 'server' | 'network' | 'client';

/** Sorts an SDK failure into what the app does about it. */
export function classifySquareError(err: unknown): SquareFailureKind {
  if (err instanceof SquareError) {
    const codes = (err.errors ?? []).map((e) => e.code);
    if (codes.includes('ACCESS_TOKEN_EXPIRED')) return 'expired';
    if (codes.includes('ACCESS_TOKEN_REVOKED')) return 'revoked';
    const status = err.statusCode;
    if (status === undefined) return 'network'; // timeouts and connection failures carry no status
    if (status === 401 || status === 403 || codes.includes('UNAUTHORIZED')) return 'unauthorized';
    if (status === 429) return 'rate_limited';
    if (status >= 500 || status === 408) return 'server';
    return 'client';
  }
  return 'network';
}

/** Square's own first error detail, for messages the owner can act on. */
export function squareErrorDetail(err: unknown): string {
  if (err instanceof SquareError) {
    const first = err.errors?.[0];
    if (first) return `${first.code}${first.detail ? `: ${first.detail}` : ''}`;
    return err.statusCode ? `HTTP ${err.statusCode}` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * A failed Square call in the owner's words, saying what to do; Square's own code and detail go to `detail` (shown
 * behind "Details" and logged), never into the sentence. `doing` ends "… while <doing>", e.g. "refreshing locations".
 */
export function squareFailureWords(err: unknown, doing: string): { message: string; detail: string } {
  const detail = squareErrorDetail(err);
  switch (classifySquareError(err)) {
    case 'network':
      return { message: `Square could not be reached while ${doing}. Check the internet connection, then try again.`, detail };
    case 'server':
      return { message: `Square had a problem of its own while ${doing}. Try again in a few minutes.`, detail };
    case 'rate_limited':
      return { message: `Square asked the app to slow down while ${doing}. Try again in a minute.`, detail };
    case 'expired':
    case 'revoked':
    case 'unauthorized':
      return { message: `Square refused the app’s access while ${doing}. Reconnect Square on the Square screen.`, detail };
    default:
      return { message: `Square did not accept the request while ${doing}. Try again; if it keeps happening, restart the app.`, detail };
  }
}

/** Thrown when the stored Square authorisation can no longer be used; the UI shows "Reconnect". */
export class ReconnectNeededError extends Error {
  constructor(
    message: string,
    /** Square's own code and detail, for "Details" and the log. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ReconnectNeededError';
  }
}
