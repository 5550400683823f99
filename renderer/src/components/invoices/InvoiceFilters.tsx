import { INVOICE_KINDS, INVOICE_STATUSES, type InvoiceKind, type InvoiceStatus } from '../../../../shared/domain';
import type { SquareLocationView } from '../../../../shared/square';
import { KIND_LABELS, STATUS_LABELS } from '../../format';
import { useDebouncedSearch } from '../../hooks/useDebouncedSearch';
import { ClearFiltersButton } from '../filters/ClearFiltersButton';
import { DateRangeFields } from '../filters/DateRangeFields';
import { FilterBar } from '../filters/FilterBar';
import { FilterSelect } from '../filters/FilterSelect';
import { LocationSelect } from '../filters/LocationSelect';
import { SearchField } from '../filters/SearchField';
import { clearFilters, hasFilters, type InvoiceQuery } from './invoice-query';

interface Props {
  query: InvoiceQuery;
  onChange: (query: InvoiceQuery) => void;
  /** The shop's Square locations; the location filter shows when there is more than one to choose from. */
  locations: SquareLocationView[];
}

/** Search, status, type, location and days for the Invoices list. */
export function InvoiceFilters({ query, onChange, locations }: Props) {
  const [search, setSearch] = useDebouncedSearch(query, onChange);
  const set = (patch: Partial<InvoiceQuery>) => onChange({ ...query, ...patch });

  return (
    <FilterBar>
      <SearchField value={search} placeholder="Number, buyer, item, amount or IRN" testId="filter-search" onChange={setSearch} />
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
      <LocationSelect locations={locations} value={query.locationId} testId="filter-location" onChange={(v) => set({ locationId: v })} />
      <DateRangeFields from={query.from} to={query.to} testIdPrefix="filter" onChange={set} />
      <ClearFiltersButton testId="filter-clear" active={hasFilters(query)} onClear={() => onChange(clearFilters(query))} />
    </FilterBar>
  );
}
