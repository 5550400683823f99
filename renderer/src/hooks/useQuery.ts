import { useCallback, useEffect, useRef, useState } from 'react';
import type { PushEventName } from '../../../shared/contract';
import { api } from '../api';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Bursts of push events (a sync catching up on 200 sales) collapse into at most one reload per this many ms. The first
 * event of a burst is never postponed by the ones after it: a new sale must show within a second (issue 16), and a
 * long burst must not freeze the screen until it ends.
 */
const REFRESH_COALESCE_MS = 200;

/**
 * Loads data from the API, reloads when `key` changes or when one of `refreshOn` is pushed, and ignores answers
 * that arrive after a newer request was started (so a slow page 1 never overwrites page 2).
 */
export function useQuery<T>(load: () => Promise<T>, key: string, refreshOn: readonly PushEventName[] = []): QueryState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    let current = true;
    setLoading(true);
    loadRef.current().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (!current) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [key, tick]);

  const events = refreshOn.join(',');
  useEffect(() => {
    if (!events) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        reload();
      }, REFRESH_COALESCE_MS);
    };
    const offs = (events.split(',') as PushEventName[]).map((event) => api.on(event, schedule));
    return () => {
      clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, [events, reload]);

  return { data, error, loading, reload };
}
