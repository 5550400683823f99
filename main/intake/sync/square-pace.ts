import {
  bulkhead,
  DelegateBackoff,
  ExponentialBackoff,
  handleWhen,
  retry,
  type IBackoff,
  type IRetryBackoffContext,
} from 'cockatiel';
import { classifySquareError } from '../../square/square-errors';
import { retryAfterMs } from '../../square/retry-after';

// Square's pace for a backfill: several pages in flight (a cockatiel bulkhead), never more calls a second than Square
// allows (a token bucket shared by every page), and a 429 honoured as Square asks: its Retry-After holds EVERY page
// back (the limit is the seller's, not one query's), then the page is tried again (cockatiel retry). Against the real
// Square each call is a network round trip, so calls in flight, not CPU, set how long an owner waits.

export interface PaceOptions {
  /** Pages read at the same time (default 4). */
  inFlight?: number;
  /** Calls a second the app allows itself (default 10: Square does not publish its limits; 429s say when it is too many). */
  callsPerSecond?: number;
  /** Attempts of one page on 429 / 5xx / network before the backfill stops (default 6). */
  attempts?: number;
}

export const DEFAULT_PAGES_IN_FLIGHT = 4;
export const DEFAULT_CALLS_PER_SECOND = 10;

/** Calls a second, with a burst of one second's worth; `holdUntil` pauses every taker (a 429's Retry-After). */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private heldUntil = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly perSecond: number, private readonly now: () => number = Date.now) {
    this.tokens = Math.max(1, perSecond);
    this.last = now();
  }

  /** Resolves when a call may go; takers are served in order. */
  take(): Promise<void> {
    const turn = this.chain.then(() => this.wait());
    this.chain = turn.catch(() => undefined);
    return turn;
  }

  holdUntil(at: number): void {
    this.heldUntil = Math.max(this.heldUntil, at);
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = this.now();
      if (now < this.heldUntil) {
        await sleep(this.heldUntil - now);
        continue;
      }
      this.tokens = Math.min(Math.max(1, this.perSecond), this.tokens + ((now - this.last) * this.perSecond) / 1000);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - this.tokens) * 1000) / this.perSecond));
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const transient = (err: unknown): boolean => {
  const kind = classifySquareError(err);
  return kind === 'rate_limited' || kind === 'server' || kind === 'network';
};

export interface SquarePace {
  /** Runs one Square call within the pace: a slot in flight, a token, retried on 429 / 5xx / network. */
  call<T>(fn: () => Promise<T>): Promise<T>;
  /** How many 429s were answered so far (for the log and the bench). */
  readonly rateLimited: number;
}

export function createSquarePace(o: PaceOptions = {}, now: () => number = Date.now): SquarePace {
  const bucket = new TokenBucket(o.callsPerSecond ?? DEFAULT_CALLS_PER_SECOND, now);
  const slots = bulkhead(o.inFlight ?? DEFAULT_PAGES_IN_FLIGHT, Number.MAX_SAFE_INTEGER);
  const exponential = new ExponentialBackoff({ initialDelay: 250, maxDelay: 10_000 });
  let rateLimited = 0;
  const retrying = retry(handleWhen(transient), {
    maxAttempts: (o.attempts ?? 6) - 1,
    backoff: new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown> | undefined>((ctx, state) => {
      const step = state ?? exponential.next();
      const error = 'error' in ctx.result ? ctx.result.error : undefined;
      const asked = retryAfterMs(error, now());
      if (classifySquareError(error) === 'rate_limited') {
        rateLimited += 1;
        // Everyone waits what Square asked (or the backoff when it did not say); this page then queues for a token.
        bucket.holdUntil(now() + (asked ?? step.duration));
        return { delay: 0, state: step.next(undefined) };
      }
      return { delay: Math.min(asked ?? step.duration, 30_000), state: step.next(undefined) };
    }),
  });
  return {
    call: (fn) => slots.execute(() => retrying.execute(async () => {
      await bucket.take();
      return fn();
    })),
    get rateLimited() {
      return rateLimited;
    },
  };
}
