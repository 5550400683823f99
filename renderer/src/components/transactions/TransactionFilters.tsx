import { TRANSACTION_KINDS, TRANSACTION_STATUSES, type TransactionKind, type TransactionStatus } from '../../../../shared/transactions';
import type { SquareLocationView } from '../../../../shared/square';
import { useDebouncedSearch } from '../../hooks/useDebouncedSearch';
import { ClearFiltersButton } from '../filters/ClearFiltersButton';
import { DateRangeFields } from '../filters/DateRangeFields';
import { FilterBar } from '../filters/FilterBar';
import { FilterSelect } from '../filters/FilterSelect';
import { LocationSelect } from '../filters/LocationSelect';
import { SearchField } from '../filters/SearchField';
import { clearTransactionFilters, hasTransactionFilters, type TransactionQuery } from './transaction-query';
import { KIND_WORDS, STATUS_WORDS } from './words';

interface Props {
  query: TransactionQuery;
  onChange: (query: TransactionQuery) => void;
  /** The shop's Square locations; the location filter shows when there is more than one to choose from. */
  locations: SquareLocationView[];
}

/** Search, kind, status, location, days and "only with problems" for the Transactions list. */
export function TransactionFilters({ query, onChange, locations }: Props) {
  const [search, setSearch] = useDebouncedSearch(query, onChange);
  const set = (patch: Partial<TransactionQuery>) => onChange({ ...query, ...patch });

  return (
    <FilterBar>
      <SearchField value={search} placeholder="Square id, amount or invoice number" testId="txn-filter-search" onChange={setSearch} />
      <FilterSelect
        label="Type"
        testId="txn-filter-kind"
        value={query.kind}
        allLabel="Sales and refunds"
        options={TRANSACTION_KINDS.map((k) => [k, `${KIND_WORDS[k]}s`])}
        onChange={(v) => set({ kind: v as TransactionKind | '' })}
      />
      <FilterSelect
        label="Status"
        testId="txn-filter-status"
        value={query.status}
        allLabel="All statuses"
        options={TRANSACTION_STATUSES.map((s) => [s, STATUS_WORDS[s]])}
        onChange={(v) => set({ status: v as TransactionStatus | '' })}
      />
      <LocationSelect locations={locations} value={query.locationId} testId="txn-filter-location" onChange={(v) => set({ locationId: v })} />
      <DateRangeFields from={query.from} to={query.to} testIdPrefix="txn-filter" onChange={set} />
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
      <ClearFiltersButton testId="txn-filter-clear" active={hasTransactionFilters(query)} onClear={() => onChange(clearTransactionFilters(query))} />
    </FilterBar>
  );
}
