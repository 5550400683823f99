import { useEffect, useState } from 'react';

/** Calls `tick` every `ms` while the page is visible (a hidden window costs the host nothing). */
export function usePollWhileVisible(tick: () => void, ms: number): void {
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const sync = () => {
      clearInterval(timer);
      timer = undefined;
      if (document.visibilityState === 'visible') timer = setInterval(tick, ms);
    };
    const onVisibility = () => {
      // Back in view: the numbers may be old, read them now rather than at the next tick.
      if (document.visibilityState === 'visible') tick();
      sync();
    };
    sync();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [tick, ms]);
}

/** The current time, re-read every second while `active` (for countdowns); frozen otherwise. */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
