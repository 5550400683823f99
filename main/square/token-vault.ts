import { z } from 'zod';
import { secretAccount, type SecretStore } from '../secrets/secret-store';

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

export class TokenVault {
  constructor(private readonly secrets: SecretStore) {}

  async load(merchantId: string): Promise<StoredTokens | null> {
    const raw = await this.secrets.get(secretAccount.squareTokens(merchantId));
    if (!raw) return null;
    try {
      return storedTokensSchema.parse(JSON.parse(raw));
    } catch {
      // A damaged entry is as good as none: the owner reconnects; nothing else is lost.
      return null;
    }
  }

  save(merchantId: string, tokens: StoredTokens): Promise<void> {
    return this.secrets.set(secretAccount.squareTokens(merchantId), JSON.stringify(storedTokensSchema.parse(tokens)));
  }

  async delete(merchantId: string): Promise<void> {
    await this.secrets.delete(secretAccount.squareTokens(merchantId));
  }
}
