import type { ChannelInput } from '../../../../shared/contract';
import type { TransactionKind, TransactionSort, TransactionStatus } from '../../../../shared/transactions';

/** What the owner picked on the Transactions screen. Days are the owner's local calendar days. */
export interface TransactionQuery {
  kind: TransactionKind | '';
  status: TransactionStatus | '';
  locationId: string;
  from: string;
  to: string;
  problemOnly: boolean;
  search: string;
  sort: TransactionSort;
  dir: 'asc' | 'desc';
}

export const EMPTY_TRANSACTION_QUERY: TransactionQuery = {
  kind: '', status: '', locationId: '', from: '', to: '', problemOnly: false, search: '', sort: 'time', dir: 'desc',
};

export function hasTransactionFilters(q: TransactionQuery): boolean {
  return Boolean(q.kind || q.status || q.locationId || q.from || q.to || q.problemOnly || q.search.trim());
}

export function clearTransactionFilters(q: TransactionQuery): TransactionQuery {
  return { ...EMPTY_TRANSACTION_QUERY, sort: q.sort, dir: q.dir };
}

/** A local calendar day's first or last instant, as main compares Square's UTC times with it. */
function localDayEdge(day: string, end: boolean): string | undefined {
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Only the filters actually set go over the wire; the contract's defaults and checks live on the main side. */
export function toTransactionInput(q: TransactionQuery): ChannelInput<'transactions.list'> {
  const search = q.search.trim();
  const from = q.from ? localDayEdge(q.from, false) : undefined;
  const to = q.to ? localDayEdge(q.to, true) : undefined;
  return {
    sort: q.sort,
    dir: q.dir,
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.status ? { status: [q.status] } : {}),
    ...(q.locationId ? { locationId: q.locationId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(q.problemOnly ? { problem: true } : {}),
    ...(search ? { search } : {}),
  };
}
