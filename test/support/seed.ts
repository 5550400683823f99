import type { BuyerAddress, InvoiceLine, InvoiceStatus, InvoiceTax } from '../../shared/domain';
import type { Db } from '../../main/platform/db/open';
import { InvoiceStore, type NewDocument } from '../../main/invoicing/invoice-store';

export interface SeedLine extends Omit<InvoiceLine, 'lineNo' | 'description' | 'sku' | 'discountMinor' | 'lineExtensionMinor' | 'totalMinor' | 'taxPercent' | 'classification'> {
  sku?: string | null;
  discountMinor?: number;
  taxPercent?: string | null;
}

/** A whole document for tests, written through the app's invoice store (the tables' one owner). */
export interface SeedDocument {
  kind: 'invoice' | 'credit_note';
  /** A tip on the sale: recorded, outside payable (Square's order total includes it). */
  tipMinor?: number;
  sourceKey: string;
  number: string;
  /** The NRS IRN, as the writer sets it when the Service ID is known; none by default. */
  irn?: string | null;
  status: InvoiceStatus;
  reviewReason?: string | null;
  currency: string;
  issueDate: string;
  issuedAt: string;
  buyerName?: string | null;
  /** A buyer as the pipeline fills it from a Square customer (buyers from Square customers, docs/square.md). */
  buyerEmail?: string | null;
  buyerPhone?: string | null;
  buyerTin?: string | null;
  buyerAddress?: BuyerAddress | null;
  buyerCustomerId?: string | null;
  locationId?: string | null;
  orderId?: string | null;
  paymentId?: string | null;
  refundId?: string | null;
  originalInvoiceId?: number | null;
  lines: SeedLine[];
  taxes: InvoiceTax[];
}

/** Line extension, tax and payable follow from the lines (no allowances, charges, tip or rounding). */
export function seedDocument(store: InvoiceStore, d: SeedDocument, now = Date.now()): number {
  const lines = d.lines.map((l) => {
    const ext = l.grossMinor - (l.discountMinor ?? 0);
    return {
      name: l.name, description: null, sku: l.sku ?? null, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor,
      grossMinor: l.grossMinor, discountMinor: l.discountMinor ?? 0, taxMinor: l.taxMinor, lineExtensionMinor: ext,
      totalMinor: ext + l.taxMinor, taxPercent: l.taxPercent ?? null, sourceUid: null,
    };
  });
  const lineExtension = lines.reduce((s, l) => s + l.lineExtensionMinor, 0);
  const tax = lines.reduce((s, l) => s + l.taxMinor, 0);
  const doc: NewDocument = {
    kind: d.kind, sourceKey: d.sourceKey, number: d.number, irn: d.irn ?? null, status: d.status,
    reviewReasons: d.reviewReason ? [d.reviewReason] : [], currency: d.currency, issueDate: d.issueDate,
    issuedAt: d.issuedAt, lineExtensionMinor: lineExtension, allowanceTotalMinor: 0, chargeTotalMinor: 0,
    taxExclusiveMinor: lineExtension, taxTotalMinor: tax, taxInclusiveMinor: lineExtension + tax, tipMinor: d.tipMinor ?? 0,
    roundingMinor: 0, payableMinor: lineExtension + tax, buyerName: d.buyerName ?? null, buyerEmail: d.buyerEmail ?? null,
    buyerPhone: d.buyerPhone ?? null, buyerTin: d.buyerTin ?? null, buyerAddress: d.buyerAddress ?? null,
    buyerCustomerId: d.buyerCustomerId ?? null, merchantId: null, locationId: d.locationId ?? null, sourcePaymentId: d.paymentId ?? null,
    sourceOrderId: d.orderId ?? null, sourceRefundId: d.refundId ?? null, sourceVersion: null,
    originalInvoiceId: d.originalInvoiceId ?? null, lines, taxes: d.taxes,
  };
  return store.create(doc, now);
}

export interface SeedInvoice {
  number: string;
  status?: InvoiceStatus;
  kind?: 'invoice' | 'credit_note';
  currency?: string;
  issueDate?: string;
  buyerName?: string | null;
  /** Net line amount in minor units; VAT 7.5 % is added on top (rounded half up on integers). */
  netMinor?: number;
  locationId?: string | null;
  /** The one line's name; "Item for <number>" when not given. */
  itemName?: string;
}

/** Complete invoices (header, one line, one tax) as the pipeline would leave them, for tests that read them. */
export function seedInvoices(db: Db, invoices: SeedInvoice[]): number[] {
  const store = new InvoiceStore(db);
  return db.transaction(() =>
    invoices.map((inv, i) => {
      const net = inv.netMinor ?? 10_000;
      const tax = Math.floor((net * 75 + 500) / 1000);
      const issueDate = inv.issueDate ?? '2026-11-20';
      return seedDocument(store, {
        kind: inv.kind ?? 'invoice',
        sourceKey: `order:SEED_${inv.number}_${i}`,
        number: inv.number,
        status: inv.status ?? 'draft',
        currency: inv.currency ?? 'USD',
        issueDate,
        issuedAt: `${issueDate}T10:${String(i % 60).padStart(2, '0')}:00Z`,
        buyerName: inv.buyerName ?? null,
        locationId: inv.locationId ?? null,
        orderId: `SEED_ORDER_${i}`,
        lines: [{ name: inv.itemName ?? `Item for ${inv.number}`, quantity: '1', unitPriceMinor: net, grossMinor: net, taxMinor: tax, taxPercent: '7.5' }],
        taxes: [{ name: 'VAT', category: 'STANDARD_VAT', percent: '7.5', taxType: 'ADDITIVE', taxableMinor: net, taxMinor: tax }],
      });
    }),
  )();
}
