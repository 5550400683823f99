import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../main/app';

export function tempDir(prefix = 'tp-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A real core on a real SQLite file in a fresh temp folder; `dispose` stops it and deletes the folder. */
export function createTempApp(runtime: 'electron' | 'headless' = 'headless'): App & { dispose(): Promise<void> } {
  const dataDir = tempDir();
  const app = createApp({ dataDir, runtime, appVersion: '0.0.0-test', logLevel: 'silent' });
  return Object.assign(app, {
    async dispose() {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
