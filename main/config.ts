import { z } from 'zod';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentSetting } from '../shared/settings';
import type { SquareConfig } from './square/connection-service';
import { DEFAULT_TUNNEL_HOST } from './intake/tunnel/supervisor';
import type { WebhookConfig } from './intake/webhooks/webhook-service';
import type { WorkerOptions } from './pipeline/worker';
import type { SavePdf } from './api/handlers/print';
import type { SaveExportCopy } from './api/handlers/export';
import type { SecretStoreMode } from './platform/secrets/choose-secret-store';
import type { SecretCipher } from './platform/secrets/file-secret-store';

// Configuration of the core, built once by the entry point (Electron shell or headless host) and passed to
// createApp. Environment variables are validated here so a typo fails at start with the variable's name.

export interface AppConfig {
  dataDir: string;
  runtime: 'electron' | 'headless';
  appVersion: string;
  logLevel: string;
  /** Path to a better_sqlite3.node built for this runtime's ABI, when it is not the default build. */
  sqliteNativeBinding?: string;
  /** Path to a keytar.node built for this runtime's ABI, when it is not the default build. */
  keytarNativeBinding?: string;
  /** Keychain service name; one per install profile (tests use their own so they never touch real entries). */
  keychainService?: string;
  /** Where secrets live (TAXPOYNT_SECRET_STORE): the keychain, an owner-only file, or the keychain when one answers. */
  secretStore?: SecretStoreMode;
  /** Desktop: Electron's safeStorage, which encrypts the fallback secrets file with an OS-held key. */
  secretCipher?: SecretCipher | null;
  square: SquareConfig;
  webhooks: WebhookConfig;
  /** Worker tuning (tests and benchmarks); defaults suit a shop. */
  pipeline?: WorkerOptions;
  /** Catch-up sync: on by default; tests of the webhook path alone turn it off. */
  sync?: {
    enabled?: boolean;
    intervalMs?: number;
    overlapMs?: number;
    /** Backfill's way of reading and its pace (benchmarks compare them; default: orders, 4 pages in flight, 10 calls/s). */
    backfillVia?: 'orders' | 'payments';
    backfillPace?: { inFlight?: number; callsPerSecond?: number };
  };
  /** Opens a URL in the system browser (Electron: shell.openExternal behind the https allowlist). */
  openExternal?: (url: string) => Promise<void>;
  /** Saves the window's print view as a PDF (Electron: printToPDF + a save dialog); the headless host has none. */
  savePdf?: SavePdf;
  /** Desktop only: copies an export batch's folder where the owner chooses (export.saveCopy). */
  saveExportCopy?: SaveExportCopy;
}

const port = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  TAXPOYNT_DATA_DIR: z.string().min(1).optional(),
  TAXPOYNT_API_PORT: port.optional(),
  // The token is all that stands between another local program (or a web page probing 127.0.0.1) and the API.
  TAXPOYNT_API_TOKEN: z.string().min(32, 'TAXPOYNT_API_TOKEN must have at least 32 characters (e.g. openssl rand -base64 32)').optional(),
  TAXPOYNT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  TAXPOYNT_KEYCHAIN_SERVICE: z.string().min(1).max(200).optional(),
  TAXPOYNT_SECRET_STORE: z.enum(['auto', 'keychain', 'file'], { error: 'TAXPOYNT_SECRET_STORE must be auto, keychain or file' }).optional(),
  SQUARE_APPLICATION_ID: z.string().min(1).max(200).optional(),
  SQUARE_ENVIRONMENT: z.enum(['sandbox', 'production']).optional(),
  SQUARE_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  SQUARE_REDIRECT_PORT: port.optional(),
  SQUARE_REDIRECT_PATH: z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, 'must be a path like /oauth/callback').optional(),
  SQUARE_REDIRECT_URL: z.url({ protocol: /^https?$/ }).optional(),
  SQUARE_OAUTH_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).optional(),
  TAXPOYNT_WEBHOOK_PORT: port.optional(),
  TAXPOYNT_WEBHOOK_URL: z.url({ protocol: /^https$/, error: 'TAXPOYNT_WEBHOOK_URL must be an https URL' }).optional(),
  TUNNEL: z.enum(['on', 'off']).optional(),
  TUNNEL_HOST: z.url({ protocol: /^https?$/ }).optional(),
  TUNNEL_SUBDOMAIN: z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'lowercase letters, digits and dashes, 4-63 characters').optional(),
  // Pipeline tuning for tests and demos (how soon a failing event becomes a dead letter); defaults suit a shop.
  TAXPOYNT_PIPELINE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).optional(),
  TAXPOYNT_PIPELINE_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).optional(),
});

export type HostEnv = z.infer<typeof envSchema>;

export function parseEnv(env: NodeJS.ProcessEnv): HostEnv {
  // An empty variable (`TAXPOYNT_API_TOKEN= npm run serve`) means "not set", as in most shells' conventions.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid environment variable ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export const DEFAULT_OAUTH_CALLBACK_PORT = 53123;
export const DEFAULT_OAUTH_CALLBACK_PATH = '/oauth/callback';

/** Square settings from the environment; unset values fall back to the owner's settings or the defaults. */
export function squareConfigFromEnv(env: HostEnv): SquareConfig {
  return {
    ...(env.SQUARE_APPLICATION_ID ? { applicationId: env.SQUARE_APPLICATION_ID } : {}),
    ...(env.SQUARE_ENVIRONMENT ? { environment: env.SQUARE_ENVIRONMENT } : {}),
    ...(env.SQUARE_BASE_URL ? { baseUrl: env.SQUARE_BASE_URL } : {}),
    ...(env.SQUARE_REDIRECT_URL ? { redirectUrl: env.SQUARE_REDIRECT_URL } : {}),
    callbackPort: env.SQUARE_REDIRECT_PORT ?? DEFAULT_OAUTH_CALLBACK_PORT,
    callbackPath: env.SQUARE_REDIRECT_PATH ?? DEFAULT_OAUTH_CALLBACK_PATH,
    oauthTimeoutMs: (env.SQUARE_OAUTH_TIMEOUT_SECONDS ?? 300) * 1000,
  };
}

/**
 * Which owner settings the environment decides (their value in use, and the variable that set it), so the Settings
 * screen shows them read-only with the variable's name instead of an empty or stale field (issue 16).
 */
export function settingsFromEnvironment(config: Pick<AppConfig, 'square' | 'webhooks'>): EnvironmentSetting[] {
  const out: EnvironmentSetting[] = [];
  const { square, webhooks } = config;
  if (square.applicationId) out.push({ key: 'squareApplicationId', variable: 'SQUARE_APPLICATION_ID', value: square.applicationId });
  if (square.baseUrl) out.push({ key: 'squareEnvironment', variable: 'SQUARE_BASE_URL', value: square.baseUrl });
  else if (square.environment) out.push({ key: 'squareEnvironment', variable: 'SQUARE_ENVIRONMENT', value: square.environment });
  if (webhooks.publicUrl) {
    out.push({ key: 'webhookMode', variable: 'TAXPOYNT_WEBHOOK_URL', value: 'public_url' });
    out.push({ key: 'webhookPublicUrl', variable: 'TAXPOYNT_WEBHOOK_URL', value: webhooks.publicUrl });
  }
  return out;
}

/** Webhook receiver and tunnel settings from the environment. */
export function webhookConfigFromEnv(env: HostEnv): WebhookConfig {
  return {
    port: env.TAXPOYNT_WEBHOOK_PORT ?? 0,
    tunnelEnabled: env.TUNNEL !== 'off',
    tunnelHost: env.TUNNEL_HOST ?? DEFAULT_TUNNEL_HOST,
    ...(env.TUNNEL_SUBDOMAIN ? { tunnelSubdomain: env.TUNNEL_SUBDOMAIN } : {}),
    ...(env.TAXPOYNT_WEBHOOK_URL ? { publicUrl: env.TAXPOYNT_WEBHOOK_URL } : {}),
  };
}

/** Pipeline tuning from the environment; nothing set leaves the worker's defaults. */
export function pipelineConfigFromEnv(env: HostEnv): WorkerOptions | undefined {
  const o: WorkerOptions = {
    ...(env.TAXPOYNT_PIPELINE_MAX_ATTEMPTS ? { maxAttempts: env.TAXPOYNT_PIPELINE_MAX_ATTEMPTS } : {}),
    ...(env.TAXPOYNT_PIPELINE_RETRY_BASE_MS ? { retryBaseMs: env.TAXPOYNT_PIPELINE_RETRY_BASE_MS } : {}),
  };
  return Object.keys(o).length ? o : undefined;
}

/** Where data lives when TAXPOYNT_DATA_DIR is not set and Electron's userData is not available (headless). */
export function defaultHeadlessDataDir(): string {
  const base =
    process.platform === 'win32'
      ? process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming')
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Application Support')
        : process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  // Same folder Electron's app.getPath('userData') uses for productName "TaxPoynt POS Desk".
  return join(base, 'TaxPoynt POS Desk');
}
