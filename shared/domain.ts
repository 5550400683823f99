// Domain types shared by main and renderer. Pure TypeScript: no node:, no DOM, no electron.
import type { EnvironmentSetting } from './settings';

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
  /** The NRS classification the export needs (goods HS code or ISIC service code); null until the owner sets it. */
  classification: LineClassification | null;
}

export interface LineClassification {
  kind: 'goods' | 'service';
  /** HS code NNNN.NN for goods, ISIC Rev.4 class NNNN for services (NRS code lists). */
  code: string;
  /** The product or service category text sent beside the code. */
  category: string;
}

export type BuyerKind = 'B2B' | 'B2C';

export interface BuyerAddress {
  street: string;
  city: string;
  postalZone: string | null;
  /** ISO 3166-1 alpha-2, e.g. NG. */
  country: string;
  /** NRS state code, e.g. NG-LA (Nigerian addresses). */
  state: string | null;
  /** NRS LGA code of that state, e.g. NG-LA-IKE. */
  lga: string | null;
}

/** One step in an invoice's history: who (the pipeline, or the owner on this device), when, what, before → after. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: { before?: unknown; after?: unknown; note?: string; [key: string]: unknown } | null;
}

export interface DocumentRef {
  id: number;
  number: string | null;
  status: InvoiceStatus;
  issueDate: string;
  payableMinor: number;
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
  buyerAddress: BuyerAddress | null;
  /** B2B when the owner says so or the buyer has a TIN; B2C otherwise. */
  buyerKind: BuyerKind;
  /** True when the owner chose buyerKind rather than it being derived from the TIN. */
  buyerKindChosen: boolean;
  /** The owner changed the buyer: newer versions from Square no longer overwrite it. */
  buyerEdited: boolean;
  sourcePaymentId: string | null;
  sourceOrderId: string | null;
  sourceRefundId: string | null;
  originalInvoiceId: number | null;
  createdAt: string;
  updatedAt: string;
  lines: InvoiceLine[];
  taxes: InvoiceTax[];
  /** Credit notes: the invoice they credit. */
  original: DocumentRef | null;
  /** Invoices: the credit notes against them (void ones included, marked by status). */
  creditNotes: DocumentRef[];
  /** Invoices: payable less every credit note that is not void. */
  netAfterCreditsMinor: number;
  /** What stops approval now, in words (empty when it can be approved; needs_review asks for an acceptance). */
  approvalProblems: string[];
  history: AuditEntry[];
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
  /** Settings whose value in use comes from an environment variable (shown read-only, with the variable's name). */
  settingsFromEnvironment: EnvironmentSetting[];
  /** Where secrets are kept: the OS keychain, or (no keychain answered) a file in the data folder, with why. */
  secretStore: { kind: 'keychain' | 'file'; warning: string | null; detail?: string | null } | null;
}
