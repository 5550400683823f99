import type { InvoiceSummary } from '../../../../shared/domain';
import { api } from '../../api';
import { usePagedWindows, type PagedWindows } from '../../hooks/usePagedWindows';
import { toListInput, type InvoiceQuery } from './invoice-query';

export type InvoiceWindows = PagedWindows<InvoiceSummary>;

/** The invoice list, fetched a window at a time as the owner scrolls (see hooks/usePagedWindows.ts). */
export function useInvoiceWindows(query: InvoiceQuery): InvoiceWindows {
  return usePagedWindows({
    input: toListInput(query),
    fetchPage: (input, page, pageSize) => api['invoices.list']({ ...input, page, pageSize }),
    refreshCoalesceMs: 200,
  });
}
