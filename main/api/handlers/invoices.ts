import { ApiError, MAX_FILTER_IDS } from '../../../shared/contract';
import type { InvoiceStore } from '../../invoicing/invoice-store';
import type { Handlers } from './types';

export function createInvoiceHandlers(invoices: InvoiceStore): Pick<Handlers, 'invoices.list' | 'invoices.ids' | 'invoices.get'> {
  return {
    'invoices.list': (query) => invoices.list(query),
    'invoices.ids': (filter) => invoices.ids(filter, MAX_FILTER_IDS),
    'invoices.get': ({ id }) => {
      const invoice = invoices.get(id);
      if (!invoice) throw new ApiError('not_found', 'That invoice is not here any more. Go back to the list and open it again.', 'id', { detail: `No invoice with id ${id}` });
      return invoice;
    },
  };
}
