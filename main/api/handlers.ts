import type { Channel, ChannelOutput, ParsedInput } from '../../shared/contract';
import type { AppInfo } from '../../shared/domain';
import type { Db } from '../db/open';
import type { PushBus } from '../events';
import { InvoicesRepo } from '../repo/invoices-repo';
import { SettingsRepo } from '../repo/settings-repo';
import { StatsRepo } from '../repo/stats-repo';
import { ApiError } from './errors';
import { createSquareHandlers } from './square-handlers';
import type { SquareConnectionService } from '../square/connection-service';
import { createWebhookHandlers } from './webhook-handlers';
import type { WebhookService } from '../webhooks/webhook-service';
import { createEventHandlers } from './pipeline-handlers';
import type { PipelineWorker } from '../pipeline/worker';
import type { SyncService } from '../sync/sync-service';

export interface HandlerDeps {
  db: Db;
  bus: PushBus;
  info: () => AppInfo;
  square: SquareConnectionService;
  webhooks: WebhookService;
  worker: PipelineWorker;
  sync: SyncService;
}

export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>> };

/** One handler per contract channel. Inputs arrive already parsed by the channel's zod schema. */
export function createHandlers({ db, bus, info, square, webhooks, worker, sync }: HandlerDeps): Handlers {
  const invoices = new InvoicesRepo(db);
  const settings = new SettingsRepo(db);
  const stats = new StatsRepo(db);

  return {
    'app.info': () => info(),
    'settings.get': () => settings.getAll(),
    'settings.set': (patch) => {
      const next = settings.update(patch);
      bus.emit('settings.changed', next);
      return next;
    },
    'invoices.list': (query) => invoices.list(query),
    'invoices.get': ({ id }) => {
      const invoice = invoices.get(id);
      if (!invoice) throw new ApiError('not_found', `Invoice ${id} does not exist`, 'id');
      return invoice;
    },
    'stats.get': () => ({ ...stats.get(), pipeline: worker.stats() }),
    ...createSquareHandlers(square),
    ...createWebhookHandlers(webhooks),
    ...createEventHandlers(db, worker),
    'sync.status': () => sync.status(),
    'sync.run': () => sync.runCatchUp('requested by the owner'),
    'sync.backfill': (range) => sync.backfill(range),
    'sync.cancel': () => sync.cancel(),
  };
}
