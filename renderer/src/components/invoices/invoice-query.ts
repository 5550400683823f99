import type { ChannelInput } from '../../../../shared/contract';
import type { InvoiceKind, InvoiceSort, InvoiceStatus } from '../../../../shared/domain';

/** What the owner picked in the invoice list; kept by the App so it survives a visit to an invoice's detail. */
export interface InvoiceQuery {
  status: InvoiceStatus | '';
  kind: InvoiceKind | '';
  locationId: string;
  from: string;
  to: string;
  search: string;
  sort: InvoiceSort;
  dir: 'asc' | 'desc';
}

export const EMPTY_QUERY: InvoiceQuery = {
  status: '', kind: '', locationId: '', from: '', to: '', search: '', sort: 'issuedAt', dir: 'desc',
};

/** Filters narrow the list; sorting only reorders it, so it does not count as one. */
export function hasFilters(q: InvoiceQuery): boolean {
  return Boolean(q.status || q.kind || q.locationId || q.from || q.to || q.search.trim());
}

/** Clears the filters but keeps the order the owner chose. */
export function clearFilters(q: InvoiceQuery): InvoiceQuery {
  return { ...EMPTY_QUERY, sort: q.sort, dir: q.dir };
}

/** Only the filters actually set go over the wire; the contract's defaults and checks live on the main side. */
export function toListInput(q: InvoiceQuery): ChannelInput<'invoices.list'> {
  const search = q.search.trim();
  return {
    sort: q.sort,
    dir: q.dir,
    ...(q.status ? { status: [q.status] } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.locationId ? { locationId: q.locationId } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(search ? { search } : {}),
  };
}
