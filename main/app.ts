import { hostname } from 'node:os';
import { createDispatch, type Dispatch } from './api/dispatch';
import { createHandlers } from './api/handlers/index';
import { settingsFromEnvironment, type AppConfig } from './config';
import { startCheckpointer } from './platform/db/checkpointer';
import { openDatabase, type Db } from './platform/db/open';
import { LATEST_SCHEMA_VERSION } from './platform/db/migrations/index';
import { PushBus } from './platform/push-bus';
import { createLogger, type Logger } from './platform/log';
import { DEFAULT_KEYCHAIN_SERVICE, loadKeytar } from './platform/secrets/keytar-store';
import { ChosenSecretStore, type SecretStoreChoice } from './platform/secrets/choose-secret-store';
import type { SecretStore } from './platform/secrets/secret-store';
import { SquareConnectionService } from './square/connection-service';
import { WebhookService } from './intake/webhooks/webhook-service';
import { PipelineWorker } from './pipeline/worker';
import { LocalPipelineStore, type PipelineStore } from './pipeline/pipeline-store';
import { tendersSettleSale } from './pipeline/order-tenders';
import { ThreadPipelineStore } from './pipeline/writer-thread';
import { ParsedHandOff, WEBHOOK_HAND_OFF_MAX } from './inbox/hand-off';
import type { Envelope } from './inbox/envelope';
import type { ClaimedRow } from './inbox/inbox-row';
import { SquarePosConnector } from './square/pos-connector';
import { SyncService } from './intake/sync/sync-service';
import { InvoiceStore } from './invoicing/invoice-store';
import { ReviewService } from './review/review-service';
import { ExportService } from './export/export-service';
import { SettingsRepo } from './platform/settings/settings-repo';
import { DashboardService } from './api/dashboard-service';
import { NotificationsWatcher } from './api/notifications-watcher';

export interface App {
  /** Calls a contract channel with untrusted input; both transports go through here. */
  dispatch: Dispatch;
  bus: PushBus;
  db: Db;
  log: Logger;
  secrets: SecretStore;
  square: SquareConnectionService;
  webhooks: WebhookService;
  worker: PipelineWorker;
  sync: SyncService;
  config: AppConfig;
  /** The dashboard's summary and health (the desktop tray reads the health line). */
  dashboard: DashboardService;
  /** The current notices; 'notifications.changed' is pushed when they change. */
  notifications: NotificationsWatcher;
  /**
   * Resolves once the event path's writer thread has its connection (loading it takes seconds under tsx; calls made
   * meanwhile wait in its queue), or at once when those writes run on this thread or the thread could not start.
   */
  pipelineReady(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds every core service from one config. Entry points (main/electron, main/host) stay thin: they build the
 * config, call createApp, and attach a transport. Tests call it directly with a temp data dir.
 */
export function createApp(config: AppConfig): App {
  const log = createLogger(config.logLevel);
  const db = openDatabase(config.dataDir, { nativeBinding: config.sqliteNativeBinding });
  const checkpointer = startCheckpointer(db, {
    ...(config.sqliteNativeBinding ? { nativeBinding: config.sqliteNativeBinding } : {}),
    onError: (message) => log.warn(message),
  });
  const bus = new PushBus();
  // The keychain when one answers; without one (a server, SSH) an owner-only file, said in the log and the UI.
  const secrets = new ChosenSecretStore({
    mode: config.secretStore ?? 'auto',
    keytar: () => loadKeytar(config.keytarNativeBinding),
    service: config.keychainService ?? DEFAULT_KEYCHAIN_SERVICE,
    dataDir: config.dataDir,
    log,
    cipher: config.secretCipher ?? null,
  });
  let secretChoice: SecretStoreChoice | null = null;
  const square = new SquareConnectionService({
    db,
    bus,
    log,
    secrets,
    config: config.square,
    ...(config.openExternal ? { openExternal: config.openExternal } : {}),
  });
  // The event path's writes (receiver inserts, claims, batch commits) on one writer thread with its own connection,
  // so the receiver and the pipeline no longer share one JavaScript thread's budget (docs/architecture.md, "The
  // pipeline past one core"); `pipeline.thread: 'main'` keeps them here. Should the thread fail, the same writes run
  // here.
  const pipelineStore: PipelineStore =
    config.pipeline?.thread === 'main'
      ? new LocalPipelineStore(db)
      : new ThreadPipelineStore(
          { dataDir: config.dataDir, ...(config.sqliteNativeBinding ? { nativeBinding: config.sqliteNativeBinding } : {}) },
          () => new LocalPipelineStore(db),
          (err) => log.error({ err }, 'the pipeline writer thread stopped; its writes continue on the main thread'),
        );
  // The worker is created below; the receiver hands it each committed sale event (or wakes it for a claim).
  let wakeWorker = (): void => undefined;
  let takeLive: ((row: ClaimedRow) => void) | null = null;
  let liveLeaseMs = (): number | null => null;
  // Webhook envelopes the receiver parsed, handed to the pipeline with their stored bodies (inbox/hand-off.ts): a
  // burst's worth (a few seconds at thousands a second); any beyond that are parsed again from the inbox.
  const envelopes = new ParsedHandOff<Envelope>(WEBHOOK_HAND_OFF_MAX);
  const webhooks = new WebhookService({
    db,
    bus,
    log,
    secrets,
    square,
    config: config.webhooks,
    onSaleStored: (event, pending, claimed) => {
      if (pending) envelopes.put(event.event_id, event);
      if (claimed && takeLive) takeLive(claimed);
      else wakeWorker();
    },
    // Sales stored already claimed for the worker while it takes them (no claim has to find them: worker.ts, takeLive).
    liveLeaseMs: () => liveLeaseMs(),
    inboxWriter: pipelineStore,
  });
  // The pipeline's own policy retries and feeds the circuit breaker, so the SDK must not retry underneath it.
  const connector = new SquarePosConnector(square, 0);
  // Orders a backfill read, handed to the pipeline already parsed (inbox/hand-off.ts).
  const handOff = new ParsedHandOff();
  const worker = new PipelineWorker(
    {
      db, bus, log, connector, store: pipelineStore, isConnected: () => square.isConnected(),
      connectedMerchantId: () => square.currentMerchantId(), applyRevocation: (merchantId) => webhooks.applyRevocation(merchantId),
      handOff,
      envelopes,
    },
    config.pipeline,
  );
  const sync = new SyncService({
    db,
    bus,
    log,
    connector,
    connection: square,
    onQueued: () => worker.kick(),
    // Pages go to the writer thread with the rest of the inbox's writes (no second writer waiting for the lock).
    pageSink: (rows, advances, at, leaseUntil) => pipelineStore.insertPage(rows, advances, at, leaseUntil),
    handOff,
    // A backfill's pages are stored already claimed and handed to the worker (no claim has to find them again).
    feed: { leaseMs: worker.leaseMs, rows: (rows) => worker.feed(rows) },
    // Orders whose tenders settle the sale are invoiced straight from their page, with no inbox event each.
    directOrders: { settlesAlone: tendersSettleSale, commit: (orders, merchantId, at) => pipelineStore.commitOrders(orders, merchantId, at) },
    ...(config.sync?.intervalMs ? { intervalMs: config.sync.intervalMs } : {}),
    ...(config.sync?.overlapMs ? { overlapMs: config.sync.overlapMs } : {}),
    ...(config.sync?.backfillVia ? { backfillVia: config.sync.backfillVia } : {}),
    ...(config.sync?.backfillPace ? { backfillPace: config.sync.backfillPace } : {}),
  });
  // When the tunnel comes back, events may have been missed while it was down: catch up from Square.
  let tunnelState: string | null = null;
  bus.on('webhooks.changed', () => {
    const state = webhooks.tunnelState();
    if (state === 'up' && tunnelState !== null && tunnelState !== 'up') sync.trigger('tunnel up again');
    tunnelState = state;
  });
  // A stored webhook or a change in the connection may make work due now.
  wakeWorker = () => worker.kick();
  takeLive = (row) => worker.takeLive(row);
  liveLeaseMs = () => (worker.takesLive() ? worker.leaseMs : null);
  bus.on('square.changed', () => worker.kick());
  // The owner's decisions are recorded as made on this device (the audit log's "who").
  const actor = `owner@${hostname()}` as const;
  const review = new ReviewService({ db, store: new InvoiceStore(db), bus, actor });
  // Headless: batches are written under <dataDir>/exports/ and the path is returned (the Electron save dialog that
  // copies a batch elsewhere is the shell's part).
  const settingsRepo = new SettingsRepo(db);
  const exports = new ExportService({ db, store: new InvoiceStore(db), bus, dataDir: config.dataDir, settings: () => settingsRepo.getAll(), actor });
  const dashboard = new DashboardService({ db, square, webhooks, sync, worker });
  const notifications = new NotificationsWatcher(bus, () => dashboard.notices(), (err) => log.warn({ err }, 'could not work out the notices'));
  const handlers = createHandlers({
    dashboard,
    notifications,
    review,
    secrets,
    log,
    ...(config.savePdf ? { savePdf: config.savePdf } : {}),
    ...(config.saveExportCopy ? { saveExportCopy: config.saveExportCopy } : {}),
    exports,
    square,
    webhooks,
    worker,
    sync,
    db,
    bus,
    info: () => ({
      name: 'TaxPoynt POS Desk',
      version: config.appVersion,
      runtime: config.runtime,
      dataDir: config.dataDir,
      schemaVersion: LATEST_SCHEMA_VERSION,
      platform: process.platform,
      settingsFromEnvironment: settingsFromEnvironment(config),
      secretStore: secretChoice,
    }),
  });
  const dispatch = createDispatch(handlers, {
    onUnexpected: (channel, err) => log.error({ err, channel }, 'handler failed'),
  });

  let stopped = false;
  return {
    dispatch,
    bus,
    db,
    log,
    secrets,
    square,
    webhooks,
    worker,
    sync,
    config,
    dashboard,
    notifications,
    pipelineReady: (): Promise<void> => (pipelineStore instanceof ThreadPipelineStore ? pipelineStore.ready.catch(() => undefined) : Promise.resolve()),
    // Background services (webhook receiver, tunnel, pipeline, sync) start here as they arrive.
    async start() {
      // Decided first: in 'keychain' mode a missing keychain stops the start with a message that says what to do.
      secretChoice = await secrets.ready();
      await square.init();
      await webhooks.start();
      worker.start();
      if (config.sync?.enabled !== false) sync.start();
      notifications.start();
      log.info({ dataDir: config.dataDir }, 'core started');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      square.cancelConnect();
      notifications.stop();
      await sync.stop();
      await webhooks.stop();
      await worker.stop();
      await pipelineStore.close();
      await checkpointer.stop();
      db.close();
      log.info('core stopped');
    },
  };
}
