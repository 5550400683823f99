import { useEffect, useRef, useState } from 'react';
import { TRANSACTION_KINDS, TRANSACTION_STATUSES, type TransactionKind, type TransactionStatus } from '../../../../shared/transactions';
import type { SquareLocationView } from '../../../../shared/square';
import { clearTransactionFilters, hasTransactionFilters, type TransactionQuery } from './transaction-query';
import { KIND_WORDS, STATUS_WORDS } from './words';

const SEARCH_DEBOUNCE_MS = 300;

interface Props {
  query: TransactionQuery;
  onChange: (query: TransactionQuery) => void;
  /** The shop's Square locations; the location filter shows when there is more than one to choose from. */
  locations: SquareLocationView[];
}

function Select(props: { label: string; testId: string; value: string; allLabel: string; options: [string, string][]; onChange: (v: string) => void }) {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <select className="input" value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.allLabel}</option>
        {props.options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Search, kind, status, location, days and "only with problems" for the Transactions list. */
export function TransactionFilters({ query, onChange, locations }: Props) {
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

  // A change from outside (Clear) shows in the box too; our own commits must not overwrite keys typed since.
  useEffect(() => {
    if (query.search === committed.current) return;
    committed.current = query.search;
    setSearch(query.search);
  }, [query.search]);

  const set = (patch: Partial<TransactionQuery>) => onChange({ ...query, ...patch });

  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <label className="field field-grow">
        <span className="field-label">Search</span>
        <input
          type="search"
          className="input"
          placeholder="Square id, amount or invoice number"
          value={search}
          data-testid="txn-filter-search"
          onChange={(e) => setSearch(e.target.value)}
        />
      </label>
      <Select
        label="Type"
        testId="txn-filter-kind"
        value={query.kind}
        allLabel="Sales and refunds"
        options={TRANSACTION_KINDS.map((k) => [k, `${KIND_WORDS[k]}s`])}
        onChange={(v) => set({ kind: v as TransactionKind | '' })}
      />
      <Select
        label="Status"
        testId="txn-filter-status"
        value={query.status}
        allLabel="All statuses"
        options={TRANSACTION_STATUSES.map((s) => [s, STATUS_WORDS[s]])}
        onChange={(v) => set({ status: v as TransactionStatus | '' })}
      />
      {locations.length > 1 || query.locationId ? (
        <Select
          label="Location"
          testId="txn-filter-location"
          value={query.locationId}
          allLabel="All locations"
          options={locations.map((l) => [l.id, l.name])}
          onChange={(v) => set({ locationId: v })}
        />
      ) : null}
      <label className="field">
        <span className="field-label">From</span>
        <input type="date" className="input" value={query.from} data-testid="txn-filter-from" onChange={(e) => set({ from: e.target.value })} />
      </label>
      <label className="field">
        <span className="field-label">To</span>
        <input type="date" className="input" value={query.to} data-testid="txn-filter-to" onChange={(e) => set({ to: e.target.value })} />
      </label>
      <label className="field txn-problem-filter">
        <span className="field-label">Problems</span>
        <span className="txn-check">
          <input
            type="checkbox"
            className="checkbox"
            checked={query.problemOnly}
            data-testid="txn-filter-problem"
            onChange={(e) => set({ problemOnly: e.target.checked })}
          />
          Only with a problem
        </span>
      </label>
      <button
        type="button"
        className="btn btn-secondary filters-clear"
        data-testid="txn-filter-clear"
        disabled={!hasTransactionFilters(query)}
        onClick={() => onChange(clearTransactionFilters(query))}
      >
        Clear
      </button>
    </form>
  );
}
