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

interface SelectProps {
  label: string;
  testId: string;
  value: string;
  /** The first choice, which sets no filter. */
  allLabel: string;
  options: [value: string, label: string][];
  onChange: (value: string) => void;
}

function FilterSelect({ label, testId, value, allLabel, options, onChange }: SelectProps) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select className="input" value={value} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
        <option value="">{allLabel}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
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
      <FilterSelect
        label="Status"
        testId="filter-status"
        value={query.status}
        allLabel="All statuses"
        options={INVOICE_STATUSES.map((s) => [s, STATUS_LABELS[s]])}
        onChange={(v) => set({ status: v as InvoiceStatus | '' })}
      />
      <FilterSelect
        label="Type"
        testId="filter-kind"
        value={query.kind}
        allLabel="All types"
        options={INVOICE_KINDS.map((k) => [k, KIND_LABELS[k]])}
        onChange={(v) => set({ kind: v as InvoiceKind | '' })}
      />
      {locations.length > 1 || query.locationId ? (
        <FilterSelect
          label="Location"
          testId="filter-location"
          value={query.locationId}
          allLabel="All locations"
          options={locations.map((l) => [l.id, l.name])}
          onChange={(v) => set({ locationId: v })}
        />
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
