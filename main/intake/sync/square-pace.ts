import { bulkhead } from 'cockatiel';
import { classifySquareError } from '../../square/square-errors';
import { retryAfterMs } from '../../square/retry-after';

// Square's pace for a backfill: several pages in flight (a cockatiel bulkhead), never more calls a second than Square
// allows (a token bucket shared by every page), and a 429 honoured as Square asks: its Retry-After holds EVERY page
// back (the limit is the seller's, not one query's), then the page is tried again. Against the real
// Square each call is a network round trip, so calls in flight, not CPU, set how long an owner waits.

export interface PaceOptions {
  /** Pages read at the same time (default 4). */
  inFlight?: number;
  /** Calls a second the app allows itself (default 10: Square does not publish its limits; 429s say when it is too many). */
  callsPerSecond?: number;
  /** Attempts of one page on 5xx / network failures before the backfill stops (default 6; 429s: see below). */
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

/** 429s in a row one page may meet before the backfill stops (Square keeps refusing: something else is wrong). */
const MAX_RATE_LIMITED = 30;

export function createSquarePace(o: PaceOptions = {}, now: () => number = Date.now): SquarePace {
  const bucket = new TokenBucket(o.callsPerSecond ?? DEFAULT_CALLS_PER_SECOND, now);
  const slots = bulkhead(o.inFlight ?? DEFAULT_PAGES_IN_FLIGHT, Number.MAX_SAFE_INTEGER);
  const attempts = o.attempts ?? 6;
  let rateLimited = 0;
  // A 429 is Square asking to slow down, not a failure: it holds everyone for Retry-After and does not use up the
  // page's attempts (only a long run of them does). 5xx and network failures back off exponentially, at most
  // `attempts` tries, Retry-After honoured when given.
  const once = async <T>(fn: () => Promise<T>): Promise<T> => {
    let failures = 0;
    let limited = 0;
    for (;;) {
      await bucket.take();
      try {
        return await fn();
      } catch (err) {
        if (!transient(err)) throw err;
        const asked = retryAfterMs(err, now());
        if (classifySquareError(err) === 'rate_limited') {
          rateLimited += 1;
          if (++limited >= MAX_RATE_LIMITED) throw err;
          bucket.holdUntil(now() + (asked ?? backoffMs(limited)));
          continue;
        }
        if (++failures >= attempts) throw err;
        await sleep(Math.min(asked ?? backoffMs(failures), 30_000));
      }
    }
  };
  return {
    call: (fn) => slots.execute(() => once(fn)),
    get rateLimited() {
      return rateLimited;
    },
  };
}

/** 250 ms, 500 ms, 1 s … up to 10 s. */
const backoffMs = (n: number) => Math.min(10_000, 250 * 2 ** (n - 1));
