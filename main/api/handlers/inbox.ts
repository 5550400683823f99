import { ApiError } from '../../../shared/contract';
import type { RetryOutcome } from '../../../shared/transactions';
import type { InboxStore } from '../../inbox/inbox-store';
import type { Db } from '../../platform/db/open';
import type { PushBus } from '../../platform/push-bus';
import { listFailedEvents } from '../../pipeline/transactions-failed-events';
import type { PipelineWorker } from '../../pipeline/worker';
import type { AreaHandlers } from './types';

const STATE_WORDS: Record<string, string> = {
  done: 'was already processed',
  processing: 'is being processed right now',
  pending: 'is already waiting to be processed',
  ignored: 'was set aside',
};
const stateWords = (state: string | undefined) => STATE_WORDS[state ?? ''] ?? 'cannot be changed now';

/** The owner's actions on inbox events (channels events.*): list, failed ones in words, retry now, set aside. */
export function createInboxHandlers(db: Db, inbox: InboxStore, worker: PipelineWorker, bus: PushBus): AreaHandlers<'events'> {
  const found = (id: number) => {
    const e = inbox.view(id);
    if (!e) throw new ApiError('not_found', 'This event is no longer there; reload the list.', 'id', { detail: `inbox event ${id} not found` });
    return e;
  };
  // The dashboard and both screens re-read on stats.changed; a retry or an ignore changes what they count.
  const changed = () => bus.emit('stats.changed', {});
  return {
    'events.list': (q) => inbox.list(q),
    'events.failed': (q) => listFailedEvents(db, q),
    'events.retry': ({ id }) => {
      const e = found(id);
      if (!inbox.retry(id, Date.now())) {
        throw new ApiError('conflict', `This event ${stateWords(e.state)}, so there is nothing to retry; reload the list.`, 'id', { detail: `inbox event ${id} is ${e.state}` });
      }
      const queued = found(id);
      worker.kick();
      changed();
      return queued;
    },
    'events.retryMany': ({ ids }) => {
      const results: RetryOutcome[] = inbox.retryMany(ids, Date.now()).map((r) =>
        r.outcome === 'retried'
          ? { id: r.id, outcome: 'retried' }
          : r.outcome === 'missing'
            ? { id: r.id, outcome: 'missing', reason: 'This event is no longer there; reload the list.' }
            : { id: r.id, outcome: 'refused', reason: `This event ${stateWords(r.state)}; nothing to do.` },
      );
      const retried = results.filter((r) => r.outcome === 'retried').length;
      if (retried) {
        worker.kick();
        changed();
      }
      return { results, retried };
    },
    'events.ignore': ({ id }) => {
      const e = found(id);
      if (!inbox.ignore(id, Date.now())) {
        throw new ApiError('conflict', `This event ${stateWords(e.state)}, so it cannot be set aside; reload the list.`, 'id', { detail: `inbox event ${id} is ${e.state}` });
      }
      changed();
      return found(id);
    },
  };
}
