import type { SquareEnvironment } from '../../shared/square';

export const SQUARE_BASE_URLS = {
  production: 'https://connect.squareup.com',
  sandbox: 'https://connect.squareupsandbox.com',
} as const;

export interface SquareEndpoint {
  environment: SquareEnvironment;
  /** API base for the SDK's `baseUrl`. */
  baseUrl: string;
  /** Where the owner's browser goes to authorise the app. */
  authorizeUrl: string;
}

/** SQUARE_BASE_URL (a self-hosted or test server) wins over the environment, as in the SDK itself. */
export function resolveSquareEndpoint(environment: 'sandbox' | 'production', baseUrlOverride?: string): SquareEndpoint {
  const baseUrl = (baseUrlOverride ?? SQUARE_BASE_URLS[environment]).replace(/\/+$/, '');
  return {
    environment: baseUrlOverride ? 'custom' : environment,
    baseUrl,
    authorizeUrl: `${baseUrl}/oauth2/authorize`,
  };
}

export const REQUIRED_SCOPES = [
  'MERCHANT_PROFILE_READ',
  'ORDERS_READ',
  'PAYMENTS_READ',
  'CUSTOMERS_READ',
] as const;
