// Fake Square API server for tests: `const fake = await startFakeSquare(); new SquareClient({ token, baseUrl: fake.url })`.
export { DEFAULT_APP, FakeSquare, startFakeSquare } from './fake-square';
export type { AddSaleInput, AuthorizeParams, EmitType } from './fake-square';
export { buildOrder, buildPayment, buildRefund } from './builders';
export type { BuildOrderInput, BuildPaymentInput, BuildRefundInput, SaleDiscountInput, SaleLineInput, SaleTaxInput } from './builders';
export { FakeClock } from './clock';
export type { FaultHandle } from './faults';
export type { FakePace } from './pace';
export type { AddLocationInput, AddMerchantInput, PutOptions } from './state';
export { ACCESS_TOKEN_TTL_MS, ALL_SCOPES, CODE_TTL_MS, DEFAULT_SCOPES, REFRESH_TOKEN_TTL_MS } from './tokens';
export type { TokenResponse } from './tokens';
export type * from './types';
export { signWebhook } from './webhook-delivery';
export type { WebhookDelivery, WebhookEnvelope } from './webhook-delivery';
