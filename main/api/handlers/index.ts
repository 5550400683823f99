import type { AppInfo } from '../../../shared/domain';
import { InboxStore } from '../../inbox/inbox-store';
import type { SyncService } from '../../intake/sync/sync-service';
import type { WebhookService } from '../../intake/webhooks/webhook-service';
import { InvoiceStore } from '../../invoicing/invoice-store';
import type { PipelineWorker } from '../../pipeline/worker';
import type { Db } from '../../platform/db/open';
import type { PushBus } from '../../platform/push-bus';
import { SettingsRepo } from '../../platform/settings/settings-repo';
import type { SquareConnectionService } from '../../square/connection-service';
import type { ReviewService } from '../../review/review-service';
import { NrsKeyVault } from '../../invoicing/nrs-key-vault';
import type { Logger } from '../../platform/log';
import type { SecretStore } from '../../platform/secrets/secret-store';
import type { ExportService } from '../../export/export-service';
import type { DashboardService } from '../dashboard-service';
import type { NotificationsWatcher } from '../notifications-watcher';
import { createDashboardHandlers } from './dashboard';
import { createExportHandlers, type SaveExportCopy } from './export';
import { createAppHandlers } from './app-info';
import { createInboxHandlers } from './inbox';
import { createInvoiceHandlers } from './invoices';
import { createNrsKeyHandlers } from './nrs-keys';
import { createPrintHandlers, type SavePdf } from './print';
import { createReviewHandlers } from './review';
import { createSettingsHandlers } from './settings';
import { createSquareHandlers } from './square';
import { createStatsHandlers } from './stats';
import { createSyncHandlers } from './sync';
import { createTransactionHandlers } from './transactions';
import type { Handlers } from './types';
import { createWebhookHandlers } from './webhooks';

export type { Handlers } from './types';

export interface HandlerDeps {
  db: Db;
  bus: PushBus;
  info: () => AppInfo;
  square: SquareConnectionService;
  webhooks: WebhookService;
  worker: PipelineWorker;
  sync: SyncService;
  review: ReviewService;
  secrets: SecretStore;
  log: Logger;
  /** The desktop shell's PDF saver; absent in the headless host. */
  savePdf?: SavePdf;
  exports: ExportService;
  /** The desktop shell's folder picker + copy for export batches; absent in the headless host. */
  saveExportCopy?: SaveExportCopy;
  dashboard: DashboardService;
  notifications: NotificationsWatcher;
}

/** Every contract channel's handler, area by area (one file each in this folder). */
export function createHandlers({ db, bus, info, square, webhooks, worker, sync, review, secrets, log, savePdf, exports, saveExportCopy, dashboard, notifications }: HandlerDeps): Handlers {
  const invoices = new InvoiceStore(db);
  const inbox = new InboxStore(db);
  const settings = new SettingsRepo(db);
  const nrsKeys = new NrsKeyVault(secrets);
  return {
    ...createAppHandlers(info),
    ...createSettingsHandlers(settings, bus, () => info().settingsFromEnvironment),
    ...createInvoiceHandlers(invoices),
    ...createPrintHandlers({
      invoices,
      settings,
      keys: nrsKeys,
      ...(savePdf ? { savePdf } : {}),
      // The reason stays in the log; the printed invoice only says the code is not signed.
      onSignFailed: (err) => log.warn({ err }, 'NRS keys could not sign a QR code'),
    }),
    ...createNrsKeyHandlers(nrsKeys),
    ...createReviewHandlers(review),
    ...createStatsHandlers(invoices, inbox, worker),
    ...createSquareHandlers(square),
    ...createWebhookHandlers(webhooks),
    ...createInboxHandlers(db, inbox, worker, bus),
    ...createTransactionHandlers(db, inbox, worker, bus),
    ...createSyncHandlers(sync),
    ...createExportHandlers(exports, saveExportCopy),
    ...createDashboardHandlers(dashboard, notifications),
  };
}
