import {
  buildOrder,
  buildPayment,
  buildRefund,
  type BuildOrderInput,
  type BuildPaymentInput,
} from './builders';
import { FakeClock } from './clock';
import { FaultQueue, type FaultHandle } from './faults';
import { newId } from './ids';
import type { FakeCore, Route } from './router';
import { customerCatalogRoutes } from './routes/customers-catalog';
import { merchantRoutes } from './routes/merchants';
import { oauthRoutes } from './routes/oauth';
import { orderRoutes } from './routes/orders';
import { paymentRoutes } from './routes/payments';
import { webhookRoutes } from './routes/webhooks';
import { PaceGate, type FakePace } from './pace';
import { startHttp, type HttpSide } from './server';
import { FakeSquareState, type AddLocationInput, type AddMerchantInput, type PutOptions } from './state';
import { ALL_SCOPES, TokenStore, type TokenResponse } from './tokens';
import type {
  FakeApp,
  FakeSquareOptions,
  FaultSpec,
  LoginBehaviour,
  RecordedCall,
  TokenRecord,
  WireCatalogObject,
  WireCatalogObjectInput,
  WireCustomer,
  WireCustomerInput,
  WireOrderInput,
  WirePaymentInput,
  WireRefundInput,
  WireLocation,
  WireMerchant,
  WireOrder,
  WirePayment,
  WireRefund,
  WireWebhookSubscription,
} from './types';
import {
  customerEvent,
  deliver,
  orderEvent,
  paymentEvent,
  refundEvent,
  revokedEvent,
  type WebhookDelivery,
  type WebhookEnvelope,
} from './webhook-delivery';
import { clone } from './wire';

export const DEFAULT_APP: FakeApp = {
  clientId: 'sq0idp-fake-app',
  redirectUri: 'http://127.0.0.1:53123/oauth/callback',
};

const ROUTES: Route[] = [
  ...oauthRoutes,
  ...merchantRoutes,
  ...orderRoutes,
  ...paymentRoutes,
  ...webhookRoutes,
  ...customerCatalogRoutes,
];

export interface AuthorizeParams {
  clientId?: string;
  scope?: string | string[];
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  redirectUri?: string;
  session?: boolean;
}

export interface AddSaleInput extends Omit<BuildOrderInput, 'paymentId' | 'currency'> {
  /** Default: the location's currency. */
  currency?: string;
  /** Payment source; default CARD. */
  sourceType?: BuildPaymentInput['sourceType'];
  /** Stamp both objects' updated_at with this instead of now. */
  updatedAt?: string;
}

export type EmitType =
  | 'payment.created'
  | 'payment.updated'
  | 'refund.created'
  | 'refund.updated'
  | 'order.created'
  | 'order.updated'
  | 'customer.created'
  | 'customer.updated'
  | 'oauth.authorization.revoked';

/**
 * A fake Square API server (connect.squareup.com look-alike) for tests. Point the real SDK at it with
 * `new SquareClient({ token, baseUrl: fake.url })`. Everything is in memory; test-side methods are plain calls.
 */
export class FakeSquare {
  readonly clock: FakeClock;
  readonly state: FakeSquareState;
  readonly tokens: TokenStore;
  /** Every request received, oldest first (including faulted ones). */
  readonly calls: RecordedCall[] = [];
  private readonly faults = new FaultQueue();
  private readonly pace: PaceGate;
  private readonly core: FakeCore;
  private http: HttpSide | undefined;

  constructor(options: FakeSquareOptions = {}) {
    this.clock = new FakeClock(options.now);
    this.pace = new PaceGate(options.pace);
    this.state = new FakeSquareState(this.clock);
    this.tokens = new TokenStore(this.clock);
    const apps = new Map<string, FakeApp>();
    for (const app of options.apps ?? [DEFAULT_APP]) apps.set(app.clientId, { ...app });
    this.core = {
      clock: this.clock,
      state: this.state,
      tokens: this.tokens,
      apps,
      login: { decision: 'allow' },
      options: {
        enforceScopes: options.enforceScopes ?? true,
        requireHttpsNotificationUrl: options.requireHttpsNotificationUrl ?? false,
      },
      authorizeRequests: [],
    };
  }

  /** @internal used by startFakeSquare */
  async listen(port = 0): Promise<this> {
    this.http = await startHttp(this.core, ROUTES, this.faults, this.calls, port, this.pace);
    return this;
  }

  /** e.g. http://127.0.0.1:PORT — the SDK's `baseUrl`. */
  get url(): string {
    if (!this.http) throw new Error('fake square is not listening');
    return this.http.url;
  }

  async close(): Promise<void> {
    await this.http?.close();
    this.http = undefined;
  }

  // --- applications and the simulated seller login ---------------------------------------------------------

  registerApp(app: FakeApp): void {
    this.core.apps.set(app.clientId, { ...app });
  }

  get apps(): FakeApp[] {
    return [...this.core.apps.values()].map((a) => ({ ...a }));
  }

  /** Who logs in on the permission page and whether they allow or deny. Default: first merchant, allow. */
  setLogin(behaviour: Partial<LoginBehaviour>): void {
    this.core.login = { ...this.core.login, ...behaviour };
  }

  get login(): LoginBehaviour {
    return { ...this.core.login };
  }

  /** Query strings received by GET /oauth2/authorize, oldest first. */
  get authorizeRequests(): Array<Record<string, string>> {
    return this.core.authorizeRequests.map((q) => ({ ...q }));
  }

  /** The authorize URL a browser would open. */
  authorizeUrl(params: AuthorizeParams = {}): string {
    const url = new URL('/oauth2/authorize', this.url);
    url.searchParams.set('client_id', params.clientId ?? this.defaultClientId());
    const scope = Array.isArray(params.scope) ? params.scope.join(' ') : params.scope;
    if (scope) url.searchParams.set('scope', scope);
    url.searchParams.set('session', String(params.session ?? false));
    if (params.state !== undefined) url.searchParams.set('state', params.state);
    if (params.codeChallenge !== undefined) url.searchParams.set('code_challenge', params.codeChallenge);
    if (params.codeChallengeMethod !== undefined) url.searchParams.set('code_challenge_method', params.codeChallengeMethod);
    if (params.redirectUri !== undefined) url.searchParams.set('redirect_uri', params.redirectUri);
    return url.toString();
  }

  /**
   * Does what the browser does: GET the authorize URL (over HTTP, so it is recorded) and return where Square
   * redirects to — the app's redirect URL with ?code&state, or ?error=access_denied... Throws on an error page.
   */
  async authorize(params: AuthorizeParams = {}): Promise<URL> {
    const res = await fetch(this.authorizeUrl(params), { redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status !== 302 || !location) {
      throw new Error(`fake square authorize: HTTP ${res.status}: ${await res.text()}`);
    }
    return new URL(location);
  }

  private defaultClientId(): string {
    const first = this.core.apps.keys().next().value;
    if (!first) throw new Error('fake square: no app registered');
    return first;
  }

  // --- tokens -------------------------------------------------------------------------------------------------

  /** Mints an OAuth token pair directly (as if the PKCE flow had run). Default: first merchant, first app, all scopes. */
  grantTokens(opts: { merchantId?: string; clientId?: string; scopes?: string[] } = {}): TokenResponse {
    const merchantId = opts.merchantId ?? this.state.firstMerchantId();
    if (!merchantId) throw new Error('fake square: grantTokens needs a merchant');
    this.state.requireMerchant(merchantId);
    return this.tokens.issuePair(merchantId, opts.clientId ?? this.defaultClientId(), opts.scopes ?? ALL_SCOPES, true);
  }

  /** A personal access token of the application `clientId` (default: the first app), owned by `merchantId`. */
  addPersonalAccessToken(token: string, merchantId: string, clientId?: string): void {
    this.state.requireMerchant(merchantId);
    this.tokens.addPersonal(token, merchantId, clientId ?? this.defaultClientId());
  }

  /** The access token now answers 401 ACCESS_TOKEN_EXPIRED (the clock is not moved). */
  expireAccessToken(token: string): void {
    this.tokens.expire(token);
  }

  /** The seller disconnects the app(s): every OAuth access and refresh token of the merchant is revoked. */
  revokeMerchant(merchantId: string, clientId?: string): number {
    return this.tokens.revokeMerchant(merchantId, clientId);
  }

  /** Revokes one token (any kind, personal included). */
  revokeToken(token: string): void {
    this.tokens.revoke(token);
  }

  tokenInfo(token: string): TokenRecord | undefined {
    const r = this.tokens.tokens.get(token);
    return r ? { ...r, scopes: [...r.scopes] } : undefined;
  }

  // --- seller data -----------------------------------------------------------------------------------------

  addMerchant(input: AddMerchantInput): WireMerchant {
    return this.state.addMerchant(input);
  }

  addLocation(input: AddLocationInput): WireLocation {
    return this.state.addLocation(input);
  }

  /** Insert or replace; version = previous + 1, updated_at = now (or opts.updatedAt). */
  putOrder(order: WireOrderInput, opts?: PutOptions): WireOrder {
    return this.state.putOrder(order, opts);
  }

  putPayment(payment: WirePaymentInput, opts?: PutOptions): WirePayment {
    return this.state.putPayment(payment, opts);
  }

  putRefund(refund: WireRefundInput, opts?: PutOptions): WireRefund {
    return this.state.putRefund(refund, opts);
  }

  putCustomer(merchantId: string, customer: WireCustomerInput): WireCustomer {
    return this.state.putCustomer(merchantId, customer);
  }

  putCatalogObject(merchantId: string, object: WireCatalogObjectInput): WireCatalogObject {
    return this.state.putCatalogObject(merchantId, object);
  }

  /** A completed POS sale: an order (lines, taxes, discounts, tip) and the payment that paid it, linked both ways. */
  addSale(input: AddSaleInput): { order: WireOrder; payment: WirePayment } {
    const location = this.state.locations.get(input.locationId);
    if (!location) throw new Error(`fake square addSale: unknown location ${input.locationId}`);
    const paymentId = newId.payment();
    const createdAt = input.createdAt ?? input.updatedAt ?? this.clock.iso();
    const { sourceType, updatedAt, ...orderInput } = input;
    const built = buildOrder({
      ...orderInput,
      currency: input.currency ?? location.currency,
      state: input.state ?? 'COMPLETED',
      createdAt,
      paymentId,
      tenderType: sourceType === 'CASH' ? 'CASH' : sourceType === 'CARD' || sourceType === undefined ? 'CARD' : 'OTHER',
    });
    const opts = updatedAt ? { updatedAt } : {};
    const order = this.state.putOrder(built, opts);
    const payment = this.state.putPayment(
      buildPayment({ id: paymentId, order, createdAt, ...(sourceType ? { sourceType } : {}) }),
      opts,
    );
    return { order, payment };
  }

  /** Refunds (part of) a payment: stores the refund and updates the payment's refunded_money / refund_ids. */
  addRefund(input: { paymentId: string; amount?: number; reason?: string; status?: 'PENDING' | 'COMPLETED' | 'REJECTED' | 'FAILED'; updatedAt?: string }): WireRefund {
    const payment = this.state.payments.get(input.paymentId);
    if (!payment) throw new Error(`fake square addRefund: unknown payment ${input.paymentId}`);
    const opts = input.updatedAt ? { updatedAt: input.updatedAt } : {};
    const refund = this.state.putRefund(
      buildRefund({
        payment,
        ...(input.amount !== undefined ? { amount: input.amount } : {}),
        ...(input.reason ? { reason: input.reason } : {}),
        ...(input.status ? { status: input.status } : {}),
        createdAt: input.updatedAt ?? this.clock.iso(),
      }),
      opts,
    );
    const refundedBefore = (payment.refunded_money as { amount: number } | undefined)?.amount ?? 0;
    this.state.putPayment(
      {
        ...payment,
        refund_ids: [...((payment.refund_ids as string[] | undefined) ?? []), refund.id],
        refunded_money: { amount: refundedBefore + (refund.amount_money?.amount ?? 0), currency: refund.amount_money?.currency ?? '' },
      },
      opts,
    );
    return refund;
  }

  getMerchant(id: string): WireMerchant | undefined {
    const m = this.state.merchants.get(id);
    return m ? clone(m) : undefined;
  }

  getLocation(id: string): WireLocation | undefined {
    const l = this.state.locations.get(id);
    return l ? clone(l) : undefined;
  }

  getOrder(id: string): WireOrder | undefined {
    const o = this.state.orders.get(id);
    return o ? clone(o) : undefined;
  }

  getPayment(id: string): WirePayment | undefined {
    const p = this.state.payments.get(id);
    return p ? clone(p) : undefined;
  }

  getRefund(id: string): WireRefund | undefined {
    const r = this.state.refunds.get(id);
    return r ? clone(r) : undefined;
  }

  /** Webhook subscriptions of one app (default: all apps). */
  subscriptions(clientId?: string): WireWebhookSubscription[] {
    return [...this.state.subscriptions.values()]
      .filter((e) => clientId === undefined || e.clientId === clientId)
      .map((e) => clone(e.subscription));
  }

  /** Changes a stored subscription as something else left it (an older app version, the owner in the dashboard). */
  editSubscription(id: string, patch: Partial<WireWebhookSubscription>): void {
    const entry = [...this.state.subscriptions.values()].find((e) => e.subscription.id === id);
    if (!entry) throw new Error(`no subscription ${id}`);
    Object.assign(entry.subscription, patch);
  }

  // --- faults and call records -------------------------------------------------------------------------------

  /** Queues a failure for matching requests (see FaultSpec). Faults apply in the order they were added. */
  injectFault(spec: FaultSpec): FaultHandle {
    return this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Calls whose path starts with `pathPrefix` (and of `method`, if given). */
  callsTo(pathPrefix: string, method?: string): RecordedCall[] {
    return this.calls.filter((c) => c.path.startsWith(pathPrefix) && (!method || c.method === method.toUpperCase()));
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  /** Square's pace from now on: latency per API call, a rate limit (429 + Retry-After), see pace.ts. */
  setPace(pace: FakePace): void {
    this.pace.set(pace);
  }

  /** API calls per endpoint ('POST /v2/orders/search') and 429s since the start or the last resetCallCounts(). */
  callCounts(): { byEndpoint: Record<string, number>; rateLimited: number } {
    return this.pace.snapshot();
  }

  resetCallCounts(): void {
    this.pace.reset();
  }

  // --- outgoing webhooks -------------------------------------------------------------------------------------

  /**
   * Sends an event to every enabled subscription (of `clientId`, default all apps) that lists its type, signed
   * with the subscription's key. Resolves when every receiver has answered (or failed: status 0).
   */
  async sendWebhook(event: WebhookEnvelope, opts: { clientId?: string } = {}): Promise<WebhookDelivery[]> {
    const targets = [...this.state.subscriptions.values()].filter(
      (e) =>
        (opts.clientId === undefined || e.clientId === opts.clientId) &&
        e.subscription.enabled &&
        e.subscription.event_types.includes(event.type),
    );
    return Promise.all(targets.map((e) => deliver(e.subscription, event, undefined, this.forwardTarget(e.subscription.notification_url))));
  }

  private readonly forwards: { from: string; to: string }[] = [];

  /**
   * Deliveries to notification URLs starting with `fromPrefix` go to `toPrefix` + the rest instead, still signed for
   * the registered URL: what a reverse proxy in front of the app does (the demo shop uses it so a public https URL
   * reaches the receiver on 127.0.0.1 without a tunnel).
   */
  forwardWebhooks(fromPrefix: string, toPrefix: string): void {
    this.forwards.push({ from: fromPrefix, to: toPrefix });
  }

  private forwardTarget(url: string): string {
    const f = this.forwards.find((x) => url.startsWith(x.from));
    return f ? f.to + url.slice(f.from.length) : url;
  }

  /** Builds the event Square would send for a stored object (or, for oauth.authorization.revoked, a merchant id). */
  buildEvent(type: EmitType, id: string): WebhookEnvelope {
    const at = this.clock.iso();
    const merchantOf = (locationId: string): string => {
      const m = this.state.merchantOfLocation(locationId);
      if (!m) throw new Error(`fake square: unknown location ${locationId}`);
      return m;
    };
    switch (type) {
      case 'payment.created':
      case 'payment.updated': {
        const p = this.state.payments.get(id);
        if (!p) throw new Error(`fake square buildEvent: unknown payment ${id}`);
        return paymentEvent(type, merchantOf(p.location_id), clone(p), at);
      }
      case 'refund.created':
      case 'refund.updated': {
        const r = this.state.refunds.get(id);
        if (!r) throw new Error(`fake square buildEvent: unknown refund ${id}`);
        return refundEvent(type, merchantOf(r.location_id), clone(r), at);
      }
      case 'order.created':
      case 'order.updated': {
        const o = this.state.orders.get(id);
        if (!o) throw new Error(`fake square buildEvent: unknown order ${id}`);
        return orderEvent(type, merchantOf(o.location_id), clone(o), at);
      }
      case 'customer.created':
      case 'customer.updated': {
        const c = this.state.customers.get(id);
        if (!c) throw new Error(`fake square buildEvent: unknown customer ${id}`);
        return customerEvent(type, c.merchantId, clone(c.customer), at);
      }
      case 'oauth.authorization.revoked':
        this.state.requireMerchant(id);
        return revokedEvent(id, at);
    }
  }

  /** buildEvent + sendWebhook. */
  emitWebhook(type: EmitType, id: string, opts: { clientId?: string } = {}): Promise<WebhookDelivery[]> {
    return this.sendWebhook(this.buildEvent(type, id), opts);
  }
}

export async function startFakeSquare(options: FakeSquareOptions = {}): Promise<FakeSquare> {
  return new FakeSquare(options).listen(options.port ?? 0);
}
