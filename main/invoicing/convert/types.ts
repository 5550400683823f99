// What the converter produces: a complete invoice or credit note, ready to store. Pure data, integer minor units.

import type { BuyerAddress, InvoiceLine, InvoiceTax } from '../../../shared/domain';

/**
 * A line as stored and shown (shared/domain), before it has a number, plus the Square line it came from. The NRS
 * classification is the owner's (or a default's) to give, never the converter's.
 */
export interface InvoiceLineDraft extends Omit<InvoiceLine, 'lineNo' | 'classification'> {
  sourceUid: string | null;
}

/** A tax subtotal is stored exactly as the converter makes it. */
export type InvoiceTaxDraft = InvoiceTax;

export interface InvoiceDraft {
  kind: 'invoice' | 'credit_note';
  /** 'order:<id>' | 'payment:<id>' (no order) | 'refund:<id>' — one document per key, ever. */
  sourceKey: string;
  /** draft when totals reconcile with Square's to the minor unit; needs_review (with reasons) otherwise; void when
   *  the sale was canceled/failed (only used to void a draft that already exists). */
  status: 'draft' | 'needs_review' | 'void';
  reviewReasons: string[];
  currency: string;
  /** YYYY-MM-DD in the location's time zone. */
  issueDate: string;
  /** RFC 3339 time of the sale (order closed_at, else payment created_at). */
  issuedAt: string;
  lineExtensionMinor: number;
  allowanceTotalMinor: number;
  chargeTotalMinor: number;
  taxExclusiveMinor: number;
  taxTotalMinor: number;
  taxInclusiveMinor: number;
  tipMinor: number;
  roundingMinor: number;
  payableMinor: number;
  buyerName: string | null;
  buyerEmail: string | null;
  buyerPhone: string | null;
  /** From the Square customer's reference id or note (convert/buyer-fields.ts); makes the invoice B2B. */
  buyerTin: string | null;
  buyerAddress: BuyerAddress | null;
  /** The Square customer the sale names (customer_id), so a change to that customer can refresh the buyer. */
  buyerCustomerId: string | null;
  merchantId: string | null;
  locationId: string | null;
  sourcePaymentId: string | null;
  sourceOrderId: string | null;
  sourceRefundId: string | null;
  /** Order version or payment/refund updated_at the draft was made from (newer wins). */
  sourceVersion: string | null;
  /** Credit notes: the sourceKey of the invoice they credit. */
  originalSourceKey: string | null;
  lines: InvoiceLineDraft[];
  taxes: InvoiceTaxDraft[];
}
