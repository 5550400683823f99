// Domain types shared by main and renderer. Pure TypeScript: no node:, no DOM, no electron.

export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/** Columns the invoice list sorts by on the main side; each has an index (migration 0005). */
export const INVOICE_SORTS = ['issuedAt', 'number', 'buyer', 'status', 'payable'] as const;
export type InvoiceSort = (typeof INVOICE_SORTS)[number];

export const INVOICE_STATUSES = ['draft', 'needs_review', 'approved', 'exported', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Money is always an integer count of the currency's minor unit (ISO 4217 exponent), never a float. */
export interface Money {
  amountMinor: number;
  currency: string;
}

export interface InvoiceSummary {
  id: number;
  kind: InvoiceKind;
  number: string | null;
  irn: string | null;
  status: InvoiceStatus;
  currency: string;
  issueDate: string;
  issuedAt: string;
  buyerName: string | null;
  payableMinor: number;
  taxTotalMinor: number;
  locationId: string | null;
  sourceKey: string;
  reviewReason: string | null;
}

export interface InvoiceLine {
  lineNo: number;
  name: string;
  description: string | null;
  sku: string | null;
  /** Exact decimal string as Square sends it, e.g. "1.5". */
  quantity: string;
  unitPriceMinor: number;
  /** Before discounts: Square's gross_sales_money (incl. modifiers). */
  grossMinor: number;
  discountMinor: number;
  taxMinor: number;
  /** Net of discounts and excluding ADDITIVE tax (INCLUSIVE tax removed too), per FIRS line_extension_amount. */
  lineExtensionMinor: number;
  /** Square's line total_money. */
  totalMinor: number;
  taxPercent: string | null;
}

export interface InvoiceTax {
  name: string;
  /** e.g. STANDARD_VAT, ZERO_RATED, EXEMPT, OTHER. */
  category: string;
  percent: string | null;
  taxType: 'ADDITIVE' | 'INCLUSIVE';
  taxableMinor: number;
  taxMinor: number;
}

export interface InvoiceDetail extends InvoiceSummary {
  lineExtensionMinor: number;
  allowanceTotalMinor: number;
  chargeTotalMinor: number;
  taxExclusiveMinor: number;
  taxInclusiveMinor: number;
  tipMinor: number;
  roundingMinor: number;
  buyerEmail: string | null;
  buyerPhone: string | null;
  buyerTin: string | null;
  sourcePaymentId: string | null;
  sourceOrderId: string | null;
  sourceRefundId: string | null;
  originalInvoiceId: number | null;
  createdAt: string;
  updatedAt: string;
  lines: InvoiceLine[];
  taxes: InvoiceTax[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CurrencyTotal {
  currency: string;
  count: number;
  payableMinor: number;
  taxMinor: number;
}

export interface Stats {
  invoicesByStatus: Record<InvoiceStatus, number>;
  invoiceCount: number;
  creditNoteCount: number;
  totalsByCurrency: CurrencyTotal[];
  inbox: { pending: number; processing: number; done: number; ignored: number; dead: number };
  lastEventAt: string | null;
  pipeline: PipelineStats;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface PipelineStats {
  /** Square circuit breaker: while open, events wait without using up their attempts. */
  breaker: BreakerState;
  breakerOpenedAt: string | null;
  /** Event received → invoice committed, over the most recent events (kept in memory). */
  latencyMs: { p50: number; p95: number; p99: number; count: number } | null;
  /** Events waiting or being processed. */
  queueDepth: number;
  oldestPendingAt: string | null;
  processedTotal: number;
  failedTotal: number;
}

export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' inside the desktop shell, 'headless' for `npm run serve`. */
  runtime: 'electron' | 'headless';
  dataDir: string;
  schemaVersion: number;
  platform: string;
}
