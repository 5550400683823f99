import { useEffect, useRef, useState } from 'react';

const SEARCH_DEBOUNCE_MS = 300;

/**
 * The search box's text for a list query with a `search` field: typing commits to the query after a short pause
 * rather than on every key, and a change from outside (the Clear button, a dashboard link) shows in the box too
 * without our own commits overwriting keys typed since.
 */
export function useDebouncedSearch<Q extends { search: string }>(query: Q, onChange: (query: Q) => void): [string, (text: string) => void] {
  const [search, setSearch] = useState(query.search);
  const committed = useRef(query.search);

  useEffect(() => {
    if (search === query.search) return;
    const timer = setTimeout(() => {
      committed.current = search;
      onChange({ ...query, search });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, query, onChange]);

  useEffect(() => {
    if (query.search === committed.current) return;
    committed.current = query.search;
    setSearch(query.search);
  }, [query.search]);

  return [search, setSearch];
}
