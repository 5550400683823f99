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

/**
 * The keychain is there but does not answer (locked, its daemon gone, D-Bus trouble): said to the owner in words,
 * with the keychain's own error as `detail`. Never a reason to forget a secret or ask to reconnect.
 */
export class KeychainUnavailableError extends Error {
  override name = 'KeychainUnavailableError';
  readonly detail: string | null;

  constructor(message: string, detail: string | null = null) {
    super(message);
    this.detail = detail;
  }
}

export const KEYCHAIN_NOT_ANSWERING =
  'The system keychain is not answering, so the app cannot read or save its Square sign-in. Unlock the keychain ' +
  '(or sign in to this computer again), then try again.';
