// Square's pace, for benchmarks and tests of the app's own pacing: a latency added to every API call (a network
// round trip to Square), a rate limit answered with 429 RATE_LIMITED and a Retry-After header, and a count of calls
// per endpoint (kept apart from the call log, which benchmarks clear to keep memory flat).

export interface FakePace {
  /** Added to every request before it is answered, ms (default 0). */
  latencyMs?: number;
  /** Requests per second accepted before 429s (a sliding one-second window over all API calls); unset: no limit. */
  callsPerSecond?: number;
  /** Seconds in the 429's Retry-After header (default 1, Square's answers carry whole seconds). */
  retryAfterSeconds?: number;
}

export class PaceGate {
  private pace: Required<Pick<FakePace, 'latencyMs' | 'retryAfterSeconds'>> & { callsPerSecond: number | null } = {
    latencyMs: 0,
    retryAfterSeconds: 1,
    callsPerSecond: null,
  };
  /** Arrival times (ms, monotonic) of the accepted calls of the last second. */
  private window: number[] = [];
  private readonly counts = new Map<string, number>();
  private limited = 0;

  constructor(pace: FakePace = {}) {
    this.set(pace);
  }

  set(pace: FakePace): void {
    this.pace = {
      latencyMs: pace.latencyMs ?? 0,
      retryAfterSeconds: pace.retryAfterSeconds ?? 1,
      callsPerSecond: pace.callsPerSecond ?? null,
    };
    this.window = [];
  }

  get latencyMs(): number {
    return this.pace.latencyMs;
  }

  /** Counts the call and says whether the rate limit lets it through (at `now`, ms). */
  admit(now: number): boolean {
    const limit = this.pace.callsPerSecond;
    if (limit === null) return true;
    while (this.window.length && this.window[0]! <= now - 1000) this.window.shift();
    if (this.window.length >= limit) {
      this.limited += 1;
      return false;
    }
    this.window.push(now);
    return true;
  }

  get retryAfterSeconds(): number {
    return this.pace.retryAfterSeconds;
  }

  /** One more call to this endpoint ('POST /v2/orders/search'; unknown paths by their path). */
  count(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Calls per endpoint since the last reset, and how many were refused with 429. */
  snapshot(): { byEndpoint: Record<string, number>; rateLimited: number } {
    return { byEndpoint: Object.fromEntries(this.counts), rateLimited: this.limited };
  }

  reset(): void {
    this.counts.clear();
    this.limited = 0;
  }
}
