import type { FakeClock } from './clock';
import { rfc3339Seconds } from './clock';
import { newId } from './ids';
import type { AuthorizationCode, TokenRecord } from './types';

// Access, refresh and personal access tokens, and authorization codes, with Square's lifetimes.

export const ACCESS_TOKEN_TTL_MS = 30 * 24 * 3600_000;
export const REFRESH_TOKEN_TTL_MS = 90 * 24 * 3600_000;
export const CODE_TTL_MS = 5 * 60_000;

/** Scopes of a personal access token: everything the fake knows about. */
export const ALL_SCOPES = [
  'MERCHANT_PROFILE_READ',
  'ORDERS_READ',
  'PAYMENTS_READ',
  'CUSTOMERS_READ',
  'ITEMS_READ',
  'SETTLEMENTS_READ',
  'BANK_ACCOUNTS_READ',
];

/** Square's default when `scope` is left off the authorize URL. */
export const DEFAULT_SCOPES = ['MERCHANT_PROFILE_READ', 'PAYMENTS_READ', 'SETTLEMENTS_READ', 'BANK_ACCOUNTS_READ'];

/** The wire body of a successful ObtainToken. */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_at: string;
  merchant_id: string;
  refresh_token: string;
  refresh_token_expires_at: string;
  short_lived: false;
}

export class TokenStore {
  readonly tokens = new Map<string, TokenRecord>();
  readonly codes = new Map<string, AuthorizationCode>();

  constructor(private readonly clock: FakeClock) {}

  issueCode(input: Omit<AuthorizationCode, 'code' | 'expiresAt' | 'used'>): AuthorizationCode {
    const code: AuthorizationCode = {
      ...input,
      code: newId.authorizationCode(),
      expiresAt: this.clock.now() + CODE_TTL_MS,
      used: false,
    };
    this.codes.set(code.code, code);
    return code;
  }

  /** A new access + refresh token pair. PKCE refresh tokens are single use; code-flow ones are reusable. */
  issuePair(merchantId: string, clientId: string, scopes: string[], pkce: boolean, reuseRefresh?: TokenRecord): TokenResponse {
    const now = this.clock.now();
    const access: TokenRecord = {
      token: newId.accessToken(),
      kind: 'access',
      merchantId,
      clientId,
      scopes: [...scopes],
      expiresAt: now + ACCESS_TOKEN_TTL_MS,
      revoked: false,
      singleUse: false,
      used: false,
      createdAt: now,
    };
    this.tokens.set(access.token, access);
    const refresh: TokenRecord = reuseRefresh ?? {
      token: newId.refreshToken(),
      kind: 'refresh',
      merchantId,
      clientId,
      scopes: [...scopes],
      expiresAt: now + REFRESH_TOKEN_TTL_MS,
      revoked: false,
      singleUse: pkce,
      used: false,
      createdAt: now,
    };
    this.tokens.set(refresh.token, refresh);
    return {
      access_token: access.token,
      token_type: 'bearer',
      expires_at: rfc3339Seconds(access.expiresAt!),
      merchant_id: merchantId,
      refresh_token: refresh.token,
      refresh_token_expires_at: rfc3339Seconds(refresh.expiresAt!),
      short_lived: false,
    };
  }

  addPersonal(token: string, merchantId: string, clientId: string): TokenRecord {
    const record: TokenRecord = {
      token,
      kind: 'personal',
      merchantId,
      clientId,
      scopes: [...ALL_SCOPES],
      revoked: false,
      singleUse: false,
      used: false,
      createdAt: this.clock.now(),
    };
    this.tokens.set(token, record);
    return record;
  }

  isExpired(record: TokenRecord): boolean {
    return record.expiresAt !== undefined && record.expiresAt <= this.clock.now();
  }

  /** Makes an access token expired now (the clock is not moved). */
  expire(token: string): void {
    const record = this.tokens.get(token);
    if (!record) throw new Error(`fake square: unknown token ${token.slice(0, 8)}…`);
    record.expiresAt = this.clock.now() - 1;
  }

  /**
   * Revokes every OAuth token (access and refresh) a merchant granted, to one app or to all apps, and any unused
   * codes — what the seller's "Revoke" in the Square Dashboard does. Personal access tokens are the developer's
   * own credential and are left alone (see `revoke`).
   */
  revokeMerchant(merchantId: string, clientId?: string): number {
    let n = 0;
    for (const record of this.tokens.values()) {
      if (record.kind === 'personal') continue;
      if (record.merchantId === merchantId && (clientId === undefined || record.clientId === clientId) && !record.revoked) {
        record.revoked = true;
        n++;
      }
    }
    for (const code of this.codes.values()) if (code.merchantId === merchantId) code.used = true;
    return n;
  }

  /** Revokes one token of any kind. */
  revoke(token: string): void {
    const record = this.tokens.get(token);
    if (!record) throw new Error(`fake square: unknown token ${token.slice(0, 8)}…`);
    record.revoked = true;
  }
}
