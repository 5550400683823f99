/** Latency summary in milliseconds (nearest-rank percentiles over every sample; no histogram bucketing). */
export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array: the smallest value with at least p % of samples at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

/**
 * Completions a second over the span from the first completion to the last (epoch ms, any order): those committed
 * with the first one (a batch) are not counted, as they took no time of the span. What a step kept up with: a
 * steady lag adds nothing to the span, a lag growing through the step (falling behind) adds its growth. NaN with
 * fewer than two distinct times.
 */
export function completionRate(times: ArrayLike<number>): number {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < times.length; i++) {
    first = Math.min(first, times[i]!);
    last = Math.max(last, times[i]!);
  }
  if (!(last > first)) return Number.NaN;
  let after = 0;
  for (let i = 0; i < times.length; i++) if (times[i]! > first) after += 1;
  return after / ((last - first) / 1000);
}
