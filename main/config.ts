import { z } from 'zod';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Configuration of the core, built once by the entry point (Electron shell or headless host) and passed to
// createApp. Environment variables are validated here so a typo fails at start with the variable's name.

export interface AppConfig {
  dataDir: string;
  runtime: 'electron' | 'headless';
  appVersion: string;
  logLevel: string;
  /** Path to a better_sqlite3.node built for this runtime's ABI, when it is not the default build. */
  sqliteNativeBinding?: string;
}

const port = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  TAXPOYNT_DATA_DIR: z.string().min(1).optional(),
  TAXPOYNT_API_PORT: port.optional(),
  TAXPOYNT_API_TOKEN: z.string().min(8, 'TAXPOYNT_API_TOKEN must have at least 8 characters').optional(),
  TAXPOYNT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
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
