import { createRequire } from 'node:module';
import { KEYCHAIN_NOT_ANSWERING, KeychainUnavailableError, type SecretStore } from './secret-store';

/** The subset of keytar's API we use; the native module exposes the same functions. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

export const DEFAULT_KEYCHAIN_SERVICE = 'TaxPoynt POS Desk';

/**
 * Loads keytar. The Electron shell passes the path of a keytar.node built for Electron's ABI (see
 * scripts/electron-native.mjs), because node_modules keeps the Node-ABI build that the tests use.
 */
export function loadKeytar(nativeBinding?: string): KeytarApi {
  const require = createRequire(import.meta.url);
  return (nativeBinding ? require(nativeBinding) : require('keytar')) as KeytarApi;
}

/** A keychain call that failed: the keychain did not answer (a missing entry is null, not an error). */
function unavailable(err: unknown): never {
  throw new KeychainUnavailableError(KEYCHAIN_NOT_ANSWERING, err instanceof Error ? err.message : String(err));
}

export class KeytarSecretStore implements SecretStore {
  constructor(
    private readonly keytar: KeytarApi,
    private readonly service: string = DEFAULT_KEYCHAIN_SERVICE,
  ) {}

  get(account: string) {
    return this.keytar.getPassword(this.service, account).catch(unavailable);
  }

  set(account: string, secret: string) {
    if (!secret) return Promise.reject(new Error(`Refusing to store an empty secret for ${account}`));
    return this.keytar.setPassword(this.service, account, secret).catch(unavailable);
  }

  delete(account: string) {
    return this.keytar.deletePassword(this.service, account).catch(unavailable);
  }

  async accounts() {
    return (await this.keytar.findCredentials(this.service).catch(unavailable)).map((c) => c.account);
  }
}
