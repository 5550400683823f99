import { z } from 'zod';
import { secretAccount, type SecretStore } from '../platform/secrets/secret-store';
import { parseNrsKeys, type NrsKeys } from './nrs-keys';

// Where the business's NRS keys live: the OS keychain, one entry, never SQLite, logs or exports. The entry holds the
// parsed keys (PEM + certificate) so reading them back needs no second parse of the owner's file.

const storedSchema = z.object({ publicKeyPem: z.string().min(1), certificate: z.string().min(1) }).strict();

export class NrsKeyVault {
  constructor(private readonly secrets: SecretStore) {}

  /** Parses crypto_keys.txt (throws NrsKeysError in words) and keeps the keys, replacing any kept before. */
  async set(fileText: string): Promise<void> {
    const keys = parseNrsKeys(fileText);
    await this.secrets.set(secretAccount.nrsCryptoKeys(), JSON.stringify(keys));
  }

  async clear(): Promise<void> {
    await this.secrets.delete(secretAccount.nrsCryptoKeys());
  }

  /** The kept keys, or null when there are none or the entry is not ours any more (then printing says not signed). */
  async get(): Promise<NrsKeys | null> {
    const raw = await this.secrets.get(secretAccount.nrsCryptoKeys());
    if (!raw) return null;
    try {
      const parsed = storedSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async isSet(): Promise<boolean> {
    return (await this.get()) !== null;
  }
}
