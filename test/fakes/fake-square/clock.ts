// An injectable clock: every expiry (codes, tokens) and every timestamp the fake stamps reads it.

export class FakeClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number = Date.now) {}

  /** Milliseconds since the epoch, as the fake sees it. */
  now(): number {
    return this.base() + this.offsetMs;
  }

  /** RFC 3339 with milliseconds, as Square stamps created_at / updated_at. */
  iso(offsetMs = 0): string {
    return new Date(this.now() + offsetMs).toISOString();
  }

  /** Moves the fake's time forward (or back, with a negative value). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Jumps to an absolute time. */
  set(time: number | Date | string): void {
    const target = time instanceof Date ? time.getTime() : typeof time === 'string' ? Date.parse(time) : time;
    if (Number.isNaN(target)) throw new Error(`FakeClock.set: not a time: ${String(time)}`);
    this.offsetMs = target - this.base();
  }
}

/** Square writes token expiry times without fractional seconds. */
export function rfc3339Seconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
