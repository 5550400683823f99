import { ApiError } from '../../../shared/contract';
import type { InboxStore } from '../../inbox/inbox-store';
import type { Db } from '../../platform/db/open';
import type { PushBus } from '../../platform/push-bus';
import { listTransactions, problemEventIds } from '../../pipeline/transactions';
import type { PipelineWorker } from '../../pipeline/worker';
import type { AreaHandlers } from './types';

/** Square's payments and refunds as stored (channels transactions.*): the list, and Retry for one with a problem. */
export function createTransactionHandlers(db: Db, inbox: InboxStore, worker: PipelineWorker, bus: PushBus): AreaHandlers<'transactions'> {
  return {
    'transactions.list': (q) => listTransactions(db, q),
    'transactions.retry': ({ kind, id }) => {
      const ids = problemEventIds(db, kind, id);
      const what = kind === 'refund' ? 'refund' : 'sale';
      if (!ids.length) throw new ApiError('conflict', `Nothing is waiting to be retried for this ${what}; reload the list.`, 'id');
      const retried = inbox.retryMany(ids, Date.now()).filter((r) => r.outcome === 'retried').length;
      worker.kick();
      bus.emit('stats.changed', {});
      return { retried };
    },
  };
}
