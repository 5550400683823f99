// Rate-limits a notification: the first call runs at once, calls within `minIntervalMs` of the last run collapse into
// one trailing run, so the latest state is always delivered and never more than 1000/minIntervalMs times a second.

export interface Throttled {
  (): void;
  /** Drops a pending trailing run (on shutdown). */
  cancel(): void;
}

export function throttle(fn: () => void, minIntervalMs: number, now: () => number = Date.now): Throttled {
  let last = -Infinity;
  let timer: NodeJS.Timeout | null = null;
  const fire = () => {
    timer = null;
    last = now();
    fn();
  };
  const call = () => {
    if (timer) return;
    const wait = last + minIntervalMs - now();
    if (wait <= 0) return fire();
    timer = setTimeout(fire, wait);
    timer.unref();
  };
  return Object.assign(call, {
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  });
}
