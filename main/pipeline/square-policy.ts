import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IBackoff,
  type IPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { BreakerState } from '../../shared/domain';
import { classifySquareError } from '../square/square-errors';
import { retryAfterMs } from '../square/retry-after';

// Resilience for every Square call the pipeline makes: a per-call timeout, retries on 429/5xx/network that honour
// Retry-After, and a circuit breaker that stops hammering Square when it is down (half-open probe after a pause).

export interface SquarePolicyOptions {
  timeoutMs?: number;
  maxRetries?: number;
  /** Consecutive failures that open the breaker. */
  breakAfter?: number;
  halfOpenAfterMs?: number;
  onStateChange?: (state: BreakerState) => void;
}

/** Failures worth retrying and counting against Square's health; auth and 4xx problems are not Square being down. */
export function isTransient(err: unknown): boolean {
  if (err instanceof TaskCancelledError) return true; // our own timeout
  const kind = classifySquareError(err);
  return kind === 'rate_limited' || kind === 'server' || kind === 'network';
}

export interface SquarePolicy {
  execute<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
  breakerState(): BreakerState;
  breakerOpenedAt(): string | null;
  /** How long callers should wait before the breaker lets a probe through. */
  halfOpenAfterMs: number;
}

export function createSquarePolicy(o: SquarePolicyOptions = {}): SquarePolicy {
  const halfOpenAfterMs = o.halfOpenAfterMs ?? 10_000;
  const exponential = new ExponentialBackoff({ initialDelay: 200, maxDelay: 5_000 });
  const retryPolicy = retry(handleWhen(isTransient), {
    maxAttempts: o.maxRetries ?? 3,
    backoff: new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown> | undefined>((ctx, state) => {
      const fromHeader = 'error' in ctx.result ? retryAfterMs(ctx.result.error) : null;
      const step = state ?? exponential.next();
      return { delay: Math.min(fromHeader ?? step.duration, 30_000), state: step.next(undefined) };
    }),
  });
  const breaker = circuitBreaker(handleWhen(isTransient), {
    halfOpenAfter: halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(o.breakAfter ?? 5),
  });
  let openedAt: string | null = null;
  const toState = (s: CircuitState): BreakerState =>
    s === CircuitState.Closed ? 'closed' : s === CircuitState.HalfOpen ? 'half_open' : 'open';
  breaker.onStateChange((s) => {
    openedAt = s === CircuitState.Open ? new Date().toISOString() : s === CircuitState.Closed ? null : openedAt;
    o.onStateChange?.(toState(s));
  });
  // abortOnReturn off: aborting each call's signal once it has answered (cockatiel's default) made a DOMException,
  // stack trace and all, for every Square call, and nothing is left running then to cancel. A call that times out is
  // still aborted, by the timer. Cooperative, with the give-up done by failOnAbort below: cockatiel's Aggressive
  // strategy races each call against a promise that never settles, and in Node 20 that kept every call's answer and
  // the orders read from it alive through young-generation collections until a full one (promoted per call: 24.1 KB
  // raced, 10.1 KB this way; `npm run bench:square-calls`, docs/benchmarks.md, "Square calls raced against their
  // timeout").
  const timeoutMs = o.timeoutMs ?? 15_000;
  const perCall = timeout(timeoutMs, { strategy: TimeoutStrategy.Cooperative, abortOnReturn: false });
  // Retries go around the breaker: once it opens, the remaining retries fail fast with BrokenCircuitError.
  const policy: IPolicy = wrap(retryPolicy, breaker, perCall);
  return {
    execute: (fn) => policy.execute(({ signal }) => failOnAbort(fn(signal), signal, timeoutMs)),
    breakerState: () => toState(breaker.state),
    breakerOpenedAt: () => openedAt,
    halfOpenAfterMs,
  };
}

/**
 * `call`, or a TaskCancelledError as soon as `signal` aborts (the per-call timeout) even if the call ignores it, as
 * cockatiel's Aggressive strategy would, with its message (an event's stored error; shared/transactions.ts reads it
 * as Square out of reach); the listener goes once the call settles, so nothing outlives it.
 */
function failOnAbort<T>(call: Promise<T>, signal: AbortSignal, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new TaskCancelledError(`Operation timed out after ${timeoutMs}ms`));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    call.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err as Error); // as the call gave it
      },
    );
  });
}

export { BrokenCircuitError };
