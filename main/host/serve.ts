// `npm run serve`: the headless host. Starts the core and serves the built renderer plus the contract API on
// 127.0.0.1, for machines without a display (and for the e2e tests in Chromium).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app';
import { defaultHeadlessDataDir, parseEnv, pipelineConfigFromEnv, squareConfigFromEnv, webhookConfigFromEnv } from '../config';
import { generateApiToken } from './auth';
import { startHost } from './server';

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const app = createApp({
    dataDir: env.TAXPOYNT_DATA_DIR ?? defaultHeadlessDataDir(),
    runtime: 'headless',
    appVersion: pkg.version,
    logLevel: env.TAXPOYNT_LOG_LEVEL ?? 'info',
    ...(env.TAXPOYNT_KEYCHAIN_SERVICE ? { keychainService: env.TAXPOYNT_KEYCHAIN_SERVICE } : {}),
    // A server or container has no keychain: secrets then go to an owner-only file (TAXPOYNT_SECRET_STORE decides).
    secretStore: env.TAXPOYNT_SECRET_STORE ?? 'auto',
    square: squareConfigFromEnv(env),
    webhooks: webhookConfigFromEnv(env),
    ...(pipelineConfigFromEnv(env) ? { pipeline: pipelineConfigFromEnv(env) } : {}),
    // No openExternal: headless returns the authorize URL and the dashboard opens it in the browser.
  });
  await app.start();
  const token = env.TAXPOYNT_API_TOKEN ?? generateApiToken();
  const host = await startHost(app, {
    port: env.TAXPOYNT_API_PORT ?? 0,
    token,
    rendererDir: fileURLToPath(new URL('../../dist/renderer', import.meta.url)),
  });

  // The one line scripts and the e2e tests wait for. The token travels in the fragment, which browsers never send
  // to the server, and the dashboard reads it from there.
  process.stdout.write(`TaxPoynt POS Desk (headless) ready at ${host.url}#token=${token}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    await host.close();
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`taxpoynt serve: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
