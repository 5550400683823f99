import type { Logger } from '../log';
import { FileSecretStore, type SecretCipher } from './file-secret-store';
import { KeytarSecretStore, type KeytarApi } from './keytar-store';
import { KeychainUnavailableError, type SecretStore } from './secret-store';

export { KeychainUnavailableError };

/** TAXPOYNT_SECRET_STORE: where secrets live. 'auto' = the keychain when one answers, else the owner-only file. */
export type SecretStoreMode = 'auto' | 'keychain' | 'file';
export type SecretStoreKind = 'keychain' | 'file';

export interface SecretStoreChoice {
  kind: SecretStoreKind;
  /** Why the file is used although a keychain was wanted (shown to the owner), or null. */
  warning: string | null;
  /** The keychain's own error, for "Details" (null when there is nothing to tell). */
  detail?: string | null;
}

export interface ChooseOptions {
  mode: SecretStoreMode;
  /** Loads keytar; may throw (libsecret missing). */
  keytar: () => KeytarApi;
  service: string;
  dataDir: string;
  log: Logger;
  /** Electron's safeStorage, when available: the fallback file is then encrypted with an OS-held key. */
  cipher?: SecretCipher | null;
  /** A keychain that does not answer within this is as good as none (a D-Bus autolaunch can hang). */
  probeTimeoutMs?: number;
}

const HOW_TO_START =
  'Start a Secret Service (on Linux: install gnome-keyring and run the app inside a desktop session, or start ' +
  '`dbus-run-session` with `gnome-keyring-daemon --unlock --components=secrets`), or set TAXPOYNT_SECRET_STORE=file ' +
  'to keep secrets in an owner-only file in the data folder.';

async function probe(keytar: () => KeytarApi, service: string, timeoutMs: number): Promise<KeytarApi> {
  const api = keytar();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      api.findCredentials(service),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); }),
    ]);
    return api;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A SecretStore whose backing store is chosen once, at the first use (or by ready()): the OS keychain when it answers,
 * else — in 'auto' mode — an owner-only file in the data folder, with a warning. The choice is never changed later:
 * switching stores mid-run would split the secrets between two places.
 */
export class ChosenSecretStore implements SecretStore {
  private choice: Promise<{ store: SecretStore; info: SecretStoreChoice }> | null = null;

  constructor(private readonly o: ChooseOptions) {}

  /** Decides (once) and says what was chosen; rejects in 'keychain' mode when there is no keychain. */
  async ready(): Promise<SecretStoreChoice> {
    return (await this.chosen()).info;
  }

  private chosen() {
    this.choice ??= this.decide();
    return this.choice;
  }

  private async decide(): Promise<{ store: SecretStore; info: SecretStoreChoice }> {
    const { mode, service, dataDir, log } = this.o;
    const file = () => new FileSecretStore(dataDir, this.o.cipher ?? null);
    if (mode === 'file') return { store: file(), info: { kind: 'file', warning: null } };
    try {
      const api = await probe(this.o.keytar, service, this.o.probeTimeoutMs ?? 5_000);
      return { store: new KeytarSecretStore(api, service), info: { kind: 'keychain', warning: null } };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      if (mode === 'keychain') throw new KeychainUnavailableError(`The system keychain is not available (${why}). ${HOW_TO_START}`);
      const where = this.o.cipher ? 'an encrypted file' : 'an owner-only file';
      const warning = `No system keychain answered, so Square sign-ins and keys are kept in ${where} in the data folder.`;
      log.warn({ reason: why, store: 'file' }, warning);
      return { store: file(), info: { kind: 'file', warning, detail: why } };
    }
  }

  async get(account: string) { return (await this.chosen()).store.get(account); }
  async set(account: string, secret: string) { return (await this.chosen()).store.set(account, secret); }
  async delete(account: string) { return (await this.chosen()).store.delete(account); }
  async accounts() { return (await this.chosen()).store.accounts(); }
}
