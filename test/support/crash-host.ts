// A headless core in its own process for the crash test: the test SIGKILLs it at random moments and restarts it.
// Configured by environment; prints "crash-host ready" once the receiver listens.
import { createApp } from '../../main/app';

const env = process.env;
const app = createApp({
  dataDir: env.CRASH_DATA_DIR!,
  runtime: 'headless',
  appVersion: '0.0.0-crash',
  logLevel: 'silent',
  keychainService: env.CRASH_KEYCHAIN_SERVICE!,
  square: { baseUrl: env.CRASH_SQUARE_URL!, applicationId: 'sq0idp-fake-app', callbackPort: 0, callbackPath: '/oauth/callback', oauthTimeoutMs: 60_000, maxRetries: 0 },
  webhooks: { port: Number(env.CRASH_WEBHOOK_PORT), tunnelEnabled: false, tunnelHost: 'http://127.0.0.1:9', publicUrl: env.CRASH_HOOK_URL! },
  // Short leases so rows a killed process was holding come back quickly.
  pipeline: { leaseMs: 1_000, pollMs: 50, retryBaseMs: 50, retryMaxMs: 500, batchSize: 20 },
  sync: { enabled: false },
});
await app.start();
process.stdout.write('crash-host ready\n');
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
