import type { Handlers } from './handlers';
import { ApiError } from './errors';
import { InboxAdminRepo } from '../repo/inbox-repo';
import type { Db } from '../db/open';
import type { PipelineWorker } from '../pipeline/worker';

type EventChannel = Extract<keyof Handlers, `events.${string}`>;

export function createEventHandlers(db: Db, worker: PipelineWorker): Pick<Handlers, EventChannel> {
  const inbox = new InboxAdminRepo(db);
  const found = (id: number) => {
    const e = inbox.get(id);
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
