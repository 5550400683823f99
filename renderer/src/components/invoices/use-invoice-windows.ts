import { useCallback, useEffect, useRef, useState } from 'react';
import type { InvoiceSummary } from '../../../../shared/domain';
import { api } from '../../api';
import { toListInput, type InvoiceQuery } from './invoice-query';

/** Rows fetched per call: a few screens' worth, so scrolling rarely waits and a call stays small. */
export const WINDOW_SIZE = 100;
/** Bursts of push events (a sync catching up on 200 sales) collapse into one refresh. */
const REFRESH_COALESCE_MS = 200;
// stats.changed is also what the client sends after a dropped push connection comes back.
const REFRESH_ON = ['invoice.changed', 'stats.changed'] as const;

interface Loaded {
  key: string;
  total: number | null;
  windows: ReadonlyMap<number, InvoiceSummary[]>;
  error: unknown;
}

export interface InvoiceWindows {
  /** Matching documents on the main side; null until the first window arrives. */
  total: number | null;
  rowAt: (index: number) => InvoiceSummary | undefined;
  /** Asks for the windows covering rows first..last (what the virtual list is about to show). */
  ensureRange: (first: number, last: number) => void;
  error: unknown;
  /** A new query is loading and nothing of it is shown yet. */
  loading: boolean;
  reload: () => void;
}

/**
 * The invoice list as windows of WINDOW_SIZE rows fetched by offset as the owner scrolls, sorted and filtered on the
 * main side. A new query starts from nothing; a push event re-reads the windows already shown, keeping them visible
 * meanwhile. Answers to an older query or refresh are dropped.
 */
export function useInvoiceWindows(query: InvoiceQuery): InvoiceWindows {
  const input = toListInput(query);
  const key = JSON.stringify(input);
  const [loaded, setLoaded] = useState<Loaded>({ key, total: null, windows: new Map(), error: undefined });
  const generation = useRef(0);
  const inFlight = useRef(new Set<number>());
  const inputRef = useRef(input);
  inputRef.current = input;
  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;

  const fetchWindow = useCallback((index: number, forKey: string, gen: number) => {
    inFlight.current.add(index);
    api['invoices.list']({ ...inputRef.current, page: index + 1, pageSize: WINDOW_SIZE }).then(
      (page) => {
        if (gen !== generation.current) return;
        inFlight.current.delete(index);
        setLoaded((s) => {
          const windows = new Map(s.key === forKey ? s.windows : []);
          windows.set(index, page.items);
          return { key: forKey, total: page.total, windows, error: undefined };
        });
      },
      (error: unknown) => {
        if (gen !== generation.current) return;
        inFlight.current.delete(index);
        setLoaded((s) => ({ ...s, key: forKey, error }));
      },
    );
  }, []);

  /** Starts over for this key: a new query shows nothing stale; a refresh re-reads what is on screen. */
  const restart = useCallback(
    (forKey: string, keepShown: boolean) => {
      const gen = ++generation.current;
      inFlight.current.clear();
      const shown = keepShown && loadedRef.current.key === forKey ? [...loadedRef.current.windows.keys()] : [];
      if (!keepShown) setLoaded({ key: forKey, total: null, windows: new Map(), error: undefined });
      for (const index of new Set([0, ...shown])) fetchWindow(index, forKey, gen);
    },
    [fetchWindow],
  );

  useEffect(() => restart(key, false), [key, restart]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => restart(key, true), REFRESH_COALESCE_MS);
    };
    const offs = REFRESH_ON.map((event) => api.on(event, schedule));
    return () => {
      clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, [key, restart]);

  const current = loaded.key === key ? loaded : { key, total: null, windows: new Map<number, InvoiceSummary[]>(), error: undefined };

  const ensureRange = useCallback(
    (first: number, last: number) => {
      const state = loadedRef.current;
      if (state.key !== key) return;
      for (let index = Math.floor(first / WINDOW_SIZE); index <= Math.floor(last / WINDOW_SIZE); index++) {
        if (!state.windows.has(index) && !inFlight.current.has(index)) fetchWindow(index, key, generation.current);
      }
    },
    [key, fetchWindow],
  );

  const rowAt = useCallback(
    (index: number) => current.windows.get(Math.floor(index / WINDOW_SIZE))?.[index % WINDOW_SIZE],
    [current.windows],
  );

  return {
    total: current.total,
    rowAt,
    ensureRange,
    error: current.error,
    loading: current.total === null && !current.error,
    reload: useCallback(() => restart(key, true), [key, restart]),
  };
}
