import { ApiError } from '../../../shared/contract';
import type { InvoiceStore } from '../../invoicing/invoice-store';
import type { Handlers } from './types';

export function createInvoiceHandlers(invoices: InvoiceStore): Pick<Handlers, 'invoices.list' | 'invoices.get'> {
  return {
    'invoices.list': (query) => invoices.list(query),
    'invoices.get': ({ id }) => {
      const invoice = invoices.get(id);
      if (!invoice) throw new ApiError('not_found', `Invoice ${id} does not exist`, 'id');
      return invoice;
    },
  };
}
