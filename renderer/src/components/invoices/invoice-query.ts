import type { ChannelInput } from '../../../../shared/contract';
import type { InvoiceKind, InvoiceStatus } from '../../../../shared/domain';

/** What the owner picked in the invoice list; kept by the App so it survives a visit to an invoice's detail. */
export interface InvoiceQuery {
  page: number;
  status: InvoiceStatus | '';
  kind: InvoiceKind | '';
  from: string;
  to: string;
  search: string;
}

export const PAGE_SIZE = 25;

export const EMPTY_QUERY: InvoiceQuery = { page: 1, status: '', kind: '', from: '', to: '', search: '' };

export function hasFilters(q: InvoiceQuery): boolean {
  return Boolean(q.status || q.kind || q.from || q.to || q.search.trim());
}

/** Only the filters actually set go over the wire; the contract's defaults and checks live on the main side. */
export function toListInput(q: InvoiceQuery): ChannelInput<'invoices.list'> {
  const search = q.search.trim();
  return {
    page: q.page,
    pageSize: PAGE_SIZE,
    ...(q.status ? { status: [q.status] } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(search ? { search } : {}),
  };
}
