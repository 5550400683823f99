import type { InboxStore } from '../../inbox/inbox-store';
import type { InvoiceStore } from '../../invoicing/invoice-store';
import type { PipelineWorker } from '../../pipeline/worker';
import type { AreaHandlers } from './types';

/** The dashboard's numbers: each store reports on its own table; the worker adds the live pipeline figures. */
export function createStatsHandlers(invoices: InvoiceStore, inbox: InboxStore, worker: PipelineWorker): AreaHandlers<'stats'> {
  return {
    'stats.get': () => {
      const lastAt = inbox.lastReceivedAt();
      return {
        ...invoices.stats(),
        inbox: inbox.counts(),
        lastEventAt: lastAt === null ? null : new Date(lastAt).toISOString(),
        pipeline: worker.stats(),
      };
    },
  };
}
