import type { TransactionView } from '../../../../shared/transactions';
import { api } from '../../api';
import { usePagedWindows, type PagedWindows } from '../../hooks/usePagedWindows';
import { toTransactionInput, type TransactionQuery } from './transaction-query';

export type TransactionWindows = PagedWindows<TransactionView>;

/**
 * The transactions list, fetched a window at a time as the owner scrolls (see hooks/usePagedWindows.ts): a new sale
 * appears at the top without a reload.
 */
export function useTransactionWindows(query: TransactionQuery): TransactionWindows {
  return usePagedWindows({
    input: toTransactionInput(query),
    fetchPage: (input, page, pageSize) => api['transactions.list']({ ...input, page, pageSize }),
    refreshCoalesceMs: 150,
  });
}
