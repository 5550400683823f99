import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api';

/** Rows fetched per call: a few screens' worth, so scrolling rarely waits and a call stays small. */
export const WINDOW_SIZE = 100;
// The pipeline pushes stats.changed after every batch it finishes or fails (a stored payment, a dead letter), and
// invoice.changed for each document; the client sends stats.changed too after a dropped push connection comes back.
const REFRESH_ON = ['invoice.changed', 'stats.changed'] as const;

/** One page of a list channel's answer: the rows asked for and how many match in all. */
export interface Page<Row> {
  items: Row[];
  total: number;
}

interface Loaded<Row> {
  key: string;
  total: number | null;
  windows: ReadonlyMap<number, Row[]>;
  error: unknown;
}

export interface PagedWindows<Row> {
  /** Matching rows on the main side; null until the first window arrives. */
  total: number | null;
  rowAt: (index: number) => Row | undefined;
  /** Asks for the windows covering rows first..last (what the virtual list is about to show). */
  ensureRange: (first: number, last: number) => void;
  error: unknown;
  /** A new query is loading and nothing of it is shown yet. */
  loading: boolean;
  reload: () => void;
}

export interface PagedWindowsOptions<R, Input> {
  /** The list channel's input for the screen's query (filters and sort); its JSON is what makes a query "new". */
  input: Input;
  /** Reads one page (1-based) of pageSize rows for that input. */
  fetchPage: (input: Input, page: number, pageSize: number) => Promise<Page<R>>;
  /** Bursts of push events (a sync catching up on 200 sales) collapse into one refresh after this pause. */
  refreshCoalesceMs: number;
}

/**
 * A list as windows of WINDOW_SIZE rows fetched by offset as the owner scrolls, sorted and filtered on the main side
 * (Invoices and Transactions). A new query starts from nothing; a push event re-reads the windows already shown,
 * keeping them visible meanwhile, so a new sale appears without a reload. Answers to an older query or refresh are
 * dropped.
 */
export function usePagedWindows<R, Input extends object>(options: PagedWindowsOptions<R, Input>): PagedWindows<R> {
  const { input, refreshCoalesceMs } = options;
  const key = JSON.stringify(input);
  const [loaded, setLoaded] = useState<Loaded<R>>({ key, total: null, windows: new Map(), error: undefined });
  const generation = useRef(0);
  const inFlight = useRef(new Set<number>());
  // Refs, so the callbacks below stay stable while the query (and the caller's inline fetchPage) change.
  const inputRef = useRef(input);
  inputRef.current = input;
  const fetchPageRef = useRef(options.fetchPage);
  fetchPageRef.current = options.fetchPage;
  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;

  const fetchWindow = useCallback((index: number, forKey: string, gen: number) => {
    inFlight.current.add(index);
    fetchPageRef.current(inputRef.current, index + 1, WINDOW_SIZE).then(
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
      timer = setTimeout(() => restart(key, true), refreshCoalesceMs);
    };
    const offs = REFRESH_ON.map((event) => api.on(event, schedule));
    return () => {
      clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, [key, restart, refreshCoalesceMs]);

  const current = loaded.key === key ? loaded : { key, total: null, windows: new Map<number, R[]>(), error: undefined };

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
