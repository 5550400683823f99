// How fast a backfill's sales are being invoiced, and when the rest will be done. A sliding window, not the average
// since the start: a backfill reads for a while before the pipeline catches up, and the owner wants today's pace.

export const RATE_WINDOW_MS = 60_000;

interface Sample {
  at: number;
  done: number;
}

export class RateMeter {
  private samples: Sample[] = [];

  constructor(private readonly windowMs = RATE_WINDOW_MS) {}

  /** Records the running total `done` at time `at` (epoch ms). Totals never go down; a smaller one is ignored. */
  add(at: number, done: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && (done < last.done || at < last.at)) return;
    if (last && last.at === at) last.done = done;
    else this.samples.push({ at, done });
    // Keep one sample at or before the window's start, so the window is measured over its whole width.
    const start = at - this.windowMs;
    while (this.samples.length > 2 && this.samples[1]!.at <= start) this.samples.shift();
  }

  /** Items per minute over the window, or null while fewer than two samples lie apart in time. */
  perMinute(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at <= first.at) return null;
    return ((last.done - first.done) * 60_000) / (last.at - first.at);
  }

  /** Seconds until `remaining` more are done at the current pace; 0 when none remain, null when the pace is unknown or nil. */
  etaSeconds(remaining: number): number | null {
    if (remaining <= 0) return 0;
    const rate = this.perMinute();
    if (rate === null || rate <= 0) return null;
    return Math.ceil((remaining / rate) * 60);
  }
}

/**
 * How far reading has got through `locations` locations × two streams (payments, refunds) over [begin, end): each
 * (location, stream) pass is an equal share, and inside the current one the created_at of the newest object read tells
 * how much of the range is behind it.
 */
export function readFraction(o: {
  passIndex: number;
  passes: number;
  begin: number;
  end: number;
  /** created_at of the newest object of the current pass, epoch ms; null when it has read nothing yet. */
  readThrough: number | null;
}): number {
  if (o.passes <= 0) return 1;
  const span = o.end - o.begin;
  const inPass = o.readThrough === null || span <= 0 ? 0 : Math.min(1, Math.max(0, (o.readThrough - o.begin) / span));
  return Math.min(1, Math.max(0, (o.passIndex + inPass) / o.passes));
}
