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
  /** Rotated pairs the keychain has not taken yet, retried in the background (see saveRotated). */
  private readonly unsaved = new Map<string, { tokens: StoredTokens; attempt: number; timer: NodeJS.Timeout | null }>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly onWriteFailed: (err: unknown, attempt: number) => void = () => undefined,
    private readonly retryBaseMs = 1_000,
  ) {}

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

  /**
   * Stores a pair Square has just rotated. Square's refresh tokens are single use: once it answered, the old pair is
   * spent, so the new one must be used from now on even if the keychain refuses it (locked, busy, D-Bus hiccup). It
   * is served from memory at once and the write is retried with backoff (up to a minute apart) until it lands; the
   * spent pair is never read back. Never throws. Only a process exit before a write lands loses the pair (the owner
   * then reconnects).
   */
  async saveRotated(merchantId: string, tokens: StoredTokens): Promise<boolean> {
    const valid = storedTokensSchema.parse(tokens);
    this.cache.set(merchantId, valid);
    const pending = this.unsaved.get(merchantId);
    if (pending?.timer) clearTimeout(pending.timer);
    this.unsaved.set(merchantId, { tokens: valid, attempt: 0, timer: null });
    return this.writeUnsaved(merchantId);
  }

  /** Whether a rotated pair is still waiting for the keychain (tests, status). */
  hasUnsaved(merchantId: string): boolean {
    return this.unsaved.has(merchantId);
  }

  private async writeUnsaved(merchantId: string): Promise<boolean> {
    const entry = this.unsaved.get(merchantId);
    if (!entry) return true;
    entry.timer = null;
    entry.attempt++;
    try {
      await this.secrets.set(secretAccount.squareTokens(merchantId), JSON.stringify(entry.tokens));
      // A newer pair may have replaced this entry while the write ran: only the written one is done.
      if (this.unsaved.get(merchantId) === entry) this.unsaved.delete(merchantId);
      return true;
    } catch (err) {
      this.onWriteFailed(err, entry.attempt);
      if (this.unsaved.get(merchantId) === entry) {
        const delay = Math.min(60_000, this.retryBaseMs * 2 ** (entry.attempt - 1));
        entry.timer = setTimeout(() => void this.writeUnsaved(merchantId), delay);
        entry.timer.unref();
      }
      return false;
    }
  }

  async delete(merchantId: string): Promise<void> {
    // Forgotten only once the keychain has let go: a refused delete (keychain not answering) must not drop a rotated
    // pair that exists only in memory, or the next read would bring back the spent pair from the keychain.
    await this.secrets.delete(secretAccount.squareTokens(merchantId));
    const pending = this.unsaved.get(merchantId);
    if (pending?.timer) clearTimeout(pending.timer);
    this.unsaved.delete(merchantId);
    this.cache.delete(merchantId);
  }
}
