import { useEffect, useRef, useState } from 'react';
import { INVOICE_KINDS, INVOICE_STATUSES, type InvoiceKind, type InvoiceStatus } from '../../../../shared/domain';
import { KIND_LABELS, STATUS_LABELS } from '../../format';
import type { SquareLocationView } from '../../../../shared/square';
import { clearFilters, hasFilters, type InvoiceQuery } from './invoice-query';

const SEARCH_DEBOUNCE_MS = 300;

interface Props {
  query: InvoiceQuery;
  onChange: (query: InvoiceQuery) => void;
  /** The shop's Square locations; the location filter shows when there is more than one to choose from. */
  locations: SquareLocationView[];
}

export function InvoiceFilters({ query, onChange, locations }: Props) {
  const [search, setSearch] = useState(query.search);
  const committed = useRef(query.search);

  // Typing searches after a short pause rather than on every key.
  useEffect(() => {
    if (search === query.search) return;
    const timer = setTimeout(() => {
      committed.current = search;
      onChange({ ...query, search });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, query, onChange]);

  // A change from outside (the Clear button, a dashboard link) must show in the box too; our own commits must not
  // overwrite keys typed since.
  useEffect(() => {
    if (query.search === committed.current) return;
    committed.current = query.search;
    setSearch(query.search);
  }, [query.search]);

  const set = (patch: Partial<InvoiceQuery>) => onChange({ ...query, ...patch });

  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <label className="field field-grow">
        <span className="field-label">Search</span>
        <input
          type="search"
          className="input"
          placeholder="Number, buyer, item, amount or IRN"
          value={search}
          data-testid="filter-search"
          onChange={(e) => setSearch(e.target.value)}
        />
      </label>
      <label className="field">
        <span className="field-label">Status</span>
        <select
          className="input"
          value={query.status}
          data-testid="filter-status"
          onChange={(e) => set({ status: e.target.value as InvoiceStatus | '' })}
        >
          <option value="">All statuses</option>
          {INVOICE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Type</span>
        <select
          className="input"
          value={query.kind}
          data-testid="filter-kind"
          onChange={(e) => set({ kind: e.target.value as InvoiceKind | '' })}
        >
          <option value="">All types</option>
          {INVOICE_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {locations.length > 1 || query.locationId ? (
        <label className="field">
          <span className="field-label">Location</span>
          <select
            className="input"
            value={query.locationId}
            data-testid="filter-location"
            onChange={(e) => set({ locationId: e.target.value })}
          >
            <option value="">All locations</option>
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="field">
        <span className="field-label">From</span>
        <input
          type="date"
          className="input"
          value={query.from}
          data-testid="filter-from"
          onChange={(e) => set({ from: e.target.value })}
        />
      </label>
      <label className="field">
        <span className="field-label">To</span>
        <input
          type="date"
          className="input"
          value={query.to}
          data-testid="filter-to"
          onChange={(e) => set({ to: e.target.value })}
        />
      </label>
      <button
        type="button"
        className="btn btn-secondary filters-clear"
        data-testid="filter-clear"
        disabled={!hasFilters(query)}
        onClick={() => onChange(clearFilters(query))}
      >
        Clear
      </button>
    </form>
  );
}
