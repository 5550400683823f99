import { describe, expect, it } from 'vitest';
import { completionRate, percentile } from '../../bench/lib/stats';

// How the pipeline bench decides a step kept up: its rate of completions. No benchmark runs here.

/** Completion times of `count` sales offered at `rate` a second from t=0, each done `lagMs(i)` after it was sent. */
const completions = (count: number, rate: number, lagMs: (i: number) => number) =>
  Array.from({ length: count }, (_, i) => (i * 1000) / rate + lagMs(i));

describe('completionRate', () => {
  it('reads the offered rate from a step that kept pace behind a steady lag, however long the lag', () => {
    for (const lag of [5, 300, 900]) expect(completionRate(completions(7_500, 2_500, () => lag))).toBeCloseTo(2_500, 0);
  });

  it('reads less than offered from a step whose lag grows (falling behind)', () => {
    // 7,500 sales in 3 s, the lag growing from 0 to 600 ms: done over 3.6 s.
    const rate = completionRate(completions(7_500, 2_500, (i) => (i / 7_500) * 600));
    expect(rate).toBeGreaterThan(2_050);
    expect(rate).toBeLessThan(2_100);
  });

  it('does not count a batch committed with the first sale as taking time, nor depend on the order of the times', () => {
    // Batches of 100 committed together every 40 ms: 2,500 a second, the first batch's 100 at the span's start.
    const batched = Array.from({ length: 1_000 }, (_, i) => 1_000 + Math.floor(i / 100) * 40);
    expect(completionRate(batched)).toBeCloseTo(2_500, 6);
    expect(completionRate([...batched].reverse())).toBeCloseTo(2_500, 6);
  });

  it('is NaN when there is no span to measure', () => {
    expect(completionRate([])).toBeNaN();
    expect(completionRate([5])).toBeNaN();
    expect(completionRate([5, 5, 5])).toBeNaN();
  });
});

describe('percentile', () => {
  it('is the nearest rank: the smallest value with at least p % at or below it', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile([], 50)).toBeNaN();
  });
});
