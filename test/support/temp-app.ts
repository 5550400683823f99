import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createApp, type App } from '../../main/app';
import type { AppConfig } from '../../main/config';
import type { SquareConfig } from '../../main/square/connection-service';
import type { WebhookConfig } from '../../main/intake/webhooks/webhook-service';
import type { WorkerOptions } from '../../main/pipeline/worker';

export function tempDir(prefix = 'tp-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A real core on a real SQLite file in a fresh temp folder; `dispose` stops it and deletes the folder. */
export interface TempAppOptions {
  square?: Partial<SquareConfig>;
  webhooks?: Partial<WebhookConfig>;
  pipeline?: WorkerOptions;
  sync?: AppConfig['sync'];
  /** Re-open an existing data folder (restart tests); it is then not deleted on dispose. */
  dataDir?: string;
  keychainService?: string;
  /** The desktop shell's export copier (stand-in dialog), for export.saveCopy. */
  saveExportCopy?: AppConfig['saveExportCopy'];
}

export function createTempApp(
  runtime: 'electron' | 'headless' = 'headless',
  options: TempAppOptions = {},
): App & { dispose(opts?: { keep?: boolean }): Promise<void> } {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? tempDir();
  const square = options.square ?? {};
  const app = createApp({
    dataDir,
    runtime,
    appVersion: '0.0.0-test',
    logLevel: 'silent',
    // Each test app gets its own keychain service so tests never see each other's (or a real user's) secrets.
    keychainService: options.keychainService ?? `TaxPoynt POS Desk test ${randomUUID()}`,
    // The real keychain of the test run's Secret Service, never the file fallback: a missing one fails the test.
    secretStore: 'keychain',
    square: { callbackPort: 0, callbackPath: '/oauth/callback', oauthTimeoutMs: 30_000, ...square },
    // No tunnel unless a test asks for one: nothing may leave the machine.
    webhooks: { port: 0, tunnelEnabled: false, tunnelHost: 'http://127.0.0.1:9', ...options.webhooks },
    ...(options.pipeline ? { pipeline: options.pipeline } : {}),
    ...(options.saveExportCopy ? { saveExportCopy: options.saveExportCopy } : {}),
    ...(options.sync ? { sync: options.sync } : {}),
  });
  return Object.assign(app, {
    async dispose(opts: { keep?: boolean } = {}) {
      // Leave nothing behind in the keychain or on disk, unless a restart test wants to re-open both.
      if (!opts.keep) for (const account of await app.secrets.accounts()) await app.secrets.delete(account);
      await app.stop();
      if (ownDir && !opts.keep) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
