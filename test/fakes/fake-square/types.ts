// Wire-format (snake_case JSON, integer amounts) shapes the fake stores and serves. Only the fields the fake
// itself reads are typed; anything else a test puts on an object is kept and returned untouched.

export interface WireMoney {
  amount: number;
  currency: string;
}

export interface WireMerchant {
  id: string;
  business_name: string;
  country: string;
  language_code?: string;
  currency: string;
  status?: 'ACTIVE' | 'INACTIVE';
  main_location_id?: string;
  created_at?: string;
  [extra: string]: unknown;
}

export interface WireLocation {
  id: string;
  merchant_id: string;
  name: string;
  country: string;
  currency: string;
  timezone?: string;
  status?: 'ACTIVE' | 'INACTIVE';
  business_name?: string;
  type?: 'PHYSICAL' | 'MOBILE';
  created_at?: string;
  [extra: string]: unknown;
}

export type OrderState = 'OPEN' | 'COMPLETED' | 'CANCELED' | 'DRAFT';

/** As handed to the fake's put* methods: the id is optional (generated when absent). */
export interface WireOrderInput {
  id?: string;
  location_id: string;
  state?: OrderState;
  version?: number;
  created_at?: string;
  updated_at?: string;
  closed_at?: string;
  customer_id?: string;
  total_money?: WireMoney;
  [extra: string]: unknown;
}

export interface WireOrder extends WireOrderInput {
  id: string;
}

/** As handed to the fake's put* methods: the id is optional (generated when absent). */
export interface WirePaymentInput {
  id?: string;
  location_id: string;
  status?: string;
  order_id?: string;
  created_at?: string;
  updated_at?: string;
  amount_money?: WireMoney;
  total_money?: WireMoney;
  source_type?: string;
  [extra: string]: unknown;
}

export interface WirePayment extends WirePaymentInput {
  id: string;
}

/** As handed to the fake's put* methods: the id is optional (generated when absent). */
export interface WireRefundInput {
  id?: string;
  location_id: string;
  payment_id?: string;
  order_id?: string;
  status?: string;
  amount_money?: WireMoney;
  created_at?: string;
  updated_at?: string;
  [extra: string]: unknown;
}

export interface WireRefund extends WireRefundInput {
  id: string;
}

/** As handed to the fake's put* methods: the id is optional (generated when absent). */
export interface WireCustomerInput {
  id?: string;
  created_at?: string;
  updated_at?: string;
  [extra: string]: unknown;
}

export interface WireCustomer extends WireCustomerInput {
  id: string;
}

/** As handed to the fake's put* methods: the id is optional (generated when absent). */
export interface WireCatalogObjectInput {
  id?: string;
  type: string;
  version?: number;
  is_deleted?: boolean;
  updated_at?: string;
  [extra: string]: unknown;
}

export interface WireCatalogObject extends WireCatalogObjectInput {
  id: string;
}

export interface WireWebhookSubscription {
  id: string;
  name?: string;
  enabled: boolean;
  event_types: string[];
  notification_url: string;
  api_version: string;
  signature_key: string;
  created_at: string;
  updated_at: string;
}

export interface SquareErrorItem {
  category: string;
  code: string;
  detail?: string;
  field?: string;
}

/** A registered Square application (the OAuth client). */
export interface FakeApp {
  clientId: string;
  /** The redirect URL registered on the app's OAuth page; matched exactly. */
  redirectUri: string;
  /** Only for the (non-PKCE) code flow. */
  clientSecret?: string;
}

export type TokenKind = 'access' | 'refresh' | 'personal';

export interface TokenRecord {
  token: string;
  kind: TokenKind;
  merchantId: string;
  clientId: string;
  scopes: string[];
  /** ms since epoch on the fake clock; undefined = never expires (personal tokens). */
  expiresAt?: number;
  revoked: boolean;
  /** Refresh tokens issued by the PKCE flow are single use. */
  singleUse: boolean;
  used: boolean;
  createdAt: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  merchantId: string;
  scopes: string[];
  codeChallenge?: string;
  redirectUri?: string;
  expiresAt: number;
  used: boolean;
}

/** What the simulated seller does on the permission page. */
export interface LoginBehaviour {
  /** Which merchant "logs in"; default: the first merchant added. */
  merchantId?: string;
  /** 'deny' redirects with error=access_denied&error_description=user_denied. */
  decision: 'allow' | 'deny';
}

export interface FaultSpec {
  /** String: path prefix (e.g. '/v2/orders'); RegExp: tested against the path. Omitted: every route. */
  route?: string | RegExp;
  /** Only this HTTP method (upper case). */
  method?: string;
  /** Respond with this status and a Square error body (429 → RATE_LIMITED, 5xx → INTERNAL_SERVER_ERROR...). */
  status?: number;
  /** Sent as the Retry-After header (seconds). */
  retryAfterSeconds?: number;
  /** Overrides the error body sent with `status`. */
  body?: unknown;
  /**
   * Sends these exact bytes with `status` (default 200) as application/json instead of a JSON-encoded body: broken
   * JSON, a truncated answer, another shape (see declaredLength for an answer cut off mid-way).
   */
  rawBody?: string;
  /** With rawBody: declare this many bytes but send only rawBody, then close the socket. */
  declaredLength?: number;
  /** Wait this long before answering (alone: a slow but otherwise normal response). */
  delayMs?: number;
  /** Destroy the socket without answering (after delayMs, if any). */
  drop?: boolean;
  /** How many matching requests this fault applies to; default 1. Infinity = until cleared. */
  times?: number;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, the raw text if it was not JSON, or undefined when empty. */
  body: unknown;
  /** Request headers, lower-cased; `authorization` redacted to `Bearer …<last 4>`. */
  headers: Record<string, string>;
  /** The bearer token sent, if any (fake tokens, kept for assertions). */
  token?: string;
  /** Response status; 0 when the connection was dropped by a fault. */
  status: number;
  /** The fault applied to this call, if any. */
  fault?: FaultSpec;
  /** Fake-clock time the request arrived (ms since epoch). */
  at: number;
}

export interface FakeSquareOptions {
  /** Registered applications; default one app `sq0idp-fake-app` → `http://127.0.0.1:53123/oauth/callback`. */
  apps?: FakeApp[];
  /** Base clock; the fake clock is now() + whatever `clock.advance` added. Default Date.now. */
  now?: () => number;
  /** Reject API calls whose OAuth token lacks the needed scope with 403 INSUFFICIENT_SCOPES. Default true. */
  enforceScopes?: boolean;
  /** Port to listen on (127.0.0.1); default 0 = any free port. */
  port?: number;
  /** Webhook subscriptions must use an https notification URL. Default false (tests use http tunnels). */
  requireHttpsNotificationUrl?: boolean;
  /** Square's pace: latency per API call, rate limit with 429 + Retry-After (pace.ts). Default: none. */
  pace?: import('./pace').FakePace;
}
