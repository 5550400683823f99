import { useCallback, useEffect, useRef, useState } from 'react';
import type { TransactionView } from '../../../../shared/transactions';
import { api } from '../../api';
import { toTransactionInput, type TransactionQuery } from './transaction-query';

/** Rows fetched per call: a few screens' worth, so scrolling rarely waits and a call stays small. */
export const WINDOW_SIZE = 100;
/** Bursts of push events (a sync catching up on 200 sales) collapse into one refresh. */
const REFRESH_COALESCE_MS = 150;
// The pipeline pushes stats.changed after every batch it finishes or fails (a stored payment, a dead letter), and
// invoice.changed for each document; the client sends stats.changed too after a dropped push connection comes back.
const REFRESH_ON = ['invoice.changed', 'stats.changed'] as const;

interface Loaded {
  key: string;
  total: number | null;
  windows: ReadonlyMap<number, TransactionView[]>;
  error: unknown;
}

export interface TransactionWindows {
  total: number | null;
  rowAt: (index: number) => TransactionView | undefined;
  ensureRange: (first: number, last: number) => void;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * The transactions list as windows of WINDOW_SIZE rows fetched by offset as the owner scrolls, sorted and filtered on
 * the main side (the invoice list's pattern, components/invoices/use-invoice-windows.ts). A new query starts from
 * nothing; a push event re-reads the windows already shown, keeping them visible meanwhile, so a new sale appears at
 * the top without a reload. Answers to an older query or refresh are dropped.
 */
export function useTransactionWindows(query: TransactionQuery): TransactionWindows {
  const input = toTransactionInput(query);
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
    api['transactions.list']({ ...inputRef.current, page: index + 1, pageSize: WINDOW_SIZE }).then(
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

  const current = loaded.key === key ? loaded : { key, total: null, windows: new Map<number, TransactionView[]>(), error: undefined };

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
