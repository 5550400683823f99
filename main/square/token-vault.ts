import { z } from 'zod';
import { secretAccount, type SecretStore } from '../platform/secrets/secret-store';

// OAuth tokens for one merchant, kept as one keychain entry so the access/refresh pair is always replaced together:
// Square's refresh tokens are single use, so a half-written pair would strand the connection.

const storedTokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  accessTokenExpiresAt: z.string().nullable(),
  refreshTokenExpiresAt: z.string().nullable(),
  /** When this pair was obtained (ms); Square advises refreshing at least every 7 days. */
  obtainedAt: z.number().int(),
});
export type StoredTokens = z.infer<typeof storedTokensSchema>;

/**
 * The app's only reader and writer of token entries. It keeps what it last read or wrote in memory (write-through):
 * reading the keychain is a blocking D-Bus round trip on the main thread (~0.6 ms, more on a busy machine), and every
 * Square call needs the token — under load that was 5 % of the thread. Tokens stay out of SQLite, logs and files.
 */
export class TokenVault {
  private readonly cache = new Map<string, StoredTokens>();

  constructor(private readonly secrets: SecretStore) {}

  async load(merchantId: string): Promise<StoredTokens | null> {
    const cached = this.cache.get(merchantId);
    if (cached) return cached;
    const raw = await this.secrets.get(secretAccount.squareTokens(merchantId));
    if (!raw) return null;
    try {
      const tokens = storedTokensSchema.parse(JSON.parse(raw));
      this.cache.set(merchantId, tokens);
      return tokens;
    } catch {
      // A damaged entry is as good as none: the owner reconnects; nothing else is lost.
      return null;
    }
  }

  async save(merchantId: string, tokens: StoredTokens): Promise<void> {
    const valid = storedTokensSchema.parse(tokens);
    this.cache.delete(merchantId); // never serve the old pair if the keychain write fails half way
    await this.secrets.set(secretAccount.squareTokens(merchantId), JSON.stringify(valid));
    this.cache.set(merchantId, valid);
  }

  async delete(merchantId: string): Promise<void> {
    this.cache.delete(merchantId);
    await this.secrets.delete(secretAccount.squareTokens(merchantId));
  }
}
