// Secrets (OAuth tokens, webhook signature key, personal access token, NRS keys) live in the OS keychain, never in SQLite.

export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Returns true when something was deleted. */
  delete(account: string): Promise<boolean>;
  /** Accounts stored under this app's service name. */
  accounts(): Promise<string[]>;
}

/** Account names: one per merchant and purpose, so several Square merchants never collide. */
export const secretAccount = {
  squareTokens: (merchantId: string) => `square:${merchantId}:oauth`,
  personalAccessToken: () => 'square:personal-access-token',
  webhookSignatureKey: () => 'square:webhook-signature-key',
  /** The business's NRS public key and certificate (crypto_keys.txt), which sign printed QR codes. */
  nrsCryptoKeys: () => 'nrs:crypto-keys',
} as const;
