// Builds the core's AppConfig for the Electron shell. Pure (no `electron` import): index.ts passes in what it read
// from Electron, so the precedence rules are testable in plain Node.
import { parseEnv, squareConfigFromEnv, webhookConfigFromEnv, type AppConfig } from '../config';

export interface ElectronConfigInput {
  env: NodeJS.ProcessEnv;
  /** app.getPath('userData') */
  userDataDir: string;
  /** app.getVersion() */
  appVersion: string;
  /** From resolveNativeBindings; undefined keeps better-sqlite3's default build. */
  sqliteNativeBinding?: string | undefined;
  /** From resolveNativeBindings; undefined keeps keytar's default build. */
  keytarNativeBinding?: string | undefined;
}

export function buildElectronConfig(input: ElectronConfigInput): AppConfig {
  const env = parseEnv(input.env);
  return {
    // TAXPOYNT_DATA_DIR wins so e2e runs and a second profile can point the app at a folder of their own.
    dataDir: env.TAXPOYNT_DATA_DIR ?? input.userDataDir,
    runtime: 'electron',
    appVersion: input.appVersion,
    logLevel: env.TAXPOYNT_LOG_LEVEL ?? 'info',
    ...(input.sqliteNativeBinding ? { sqliteNativeBinding: input.sqliteNativeBinding } : {}),
    ...(input.keytarNativeBinding ? { keytarNativeBinding: input.keytarNativeBinding } : {}),
    ...(env.TAXPOYNT_KEYCHAIN_SERVICE ? { keychainService: env.TAXPOYNT_KEYCHAIN_SERVICE } : {}),
    secretStore: env.TAXPOYNT_SECRET_STORE ?? 'auto',
    square: squareConfigFromEnv(env),
    webhooks: webhookConfigFromEnv(env),
  };
}
