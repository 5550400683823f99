import { ApiError } from '../../../shared/contract';
import type { InboxStore } from '../../inbox/inbox-store';
import type { PipelineWorker } from '../../pipeline/worker';
import type { AreaHandlers } from './types';

/** The owner's actions on inbox events (channels events.*): list, retry now, set aside. */
export function createInboxHandlers(inbox: InboxStore, worker: PipelineWorker): AreaHandlers<'events'> {
  const found = (id: number) => {
    const e = inbox.view(id);
    if (!e) throw new ApiError('not_found', `Event ${id} does not exist`, 'id');
    return e;
  };
  return {
    'events.list': (q) => inbox.list(q),
    'events.retry': ({ id }) => {
      const e = found(id);
      if (!inbox.retry(id, Date.now())) throw new ApiError('conflict', `Event ${id} is ${e.state} and cannot be retried`, 'id');
      const queued = found(id);
      worker.kick();
      return queued;
    },
    'events.ignore': ({ id }) => {
      const e = found(id);
      if (!inbox.ignore(id, Date.now())) throw new ApiError('conflict', `Event ${id} is ${e.state} and cannot be ignored`, 'id');
      return found(id);
    },
  };
}
