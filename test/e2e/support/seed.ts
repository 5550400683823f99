import { openDatabase } from '../../../main/db/open';

// Seeds a data dir with invoices the way the pipeline would leave them: integer minor units, exact decimal
// quantities as text, a credit note pointing at its invoice, and a few inbox rows. The expected numbers the e2e test
// asserts are computed here from the same rows, so the two cannot drift apart.

interface SeedLine {
  name: string;
  sku?: string;
  quantity: string;
  unitPriceMinor: number;
  grossMinor: number;
  discountMinor?: number;
  taxMinor: number;
  taxPercent?: string;
}

interface SeedTax {
  name: string;
  category: string;
  percent: string | null;
  taxType: 'ADDITIVE' | 'INCLUSIVE';
  taxableMinor: number;
  taxMinor: number;
}

export interface SeedInvoice {
  kind: 'invoice' | 'credit_note';
  number: string;
  status: 'draft' | 'needs_review' | 'approved' | 'exported' | 'void';
  currency: string;
  issueDate: string;
  buyerName?: string;
  reviewReason?: string;
  /** Number of the invoice a credit note refunds. */
  credits?: string;
  lines: SeedLine[];
  taxes: SeedTax[];
}

const VAT = (taxableMinor: number, taxMinor: number): SeedTax => ({
  name: 'VAT',
  category: 'STANDARD_VAT',
  percent: '7.5',
  taxType: 'ADDITIVE',
  taxableMinor,
  taxMinor,
});

/** The hand-made documents the test looks at closely, newest first by issue date. */
export const FEATURED: SeedInvoice[] = [
  {
    kind: 'invoice',
    number: 'INV-0001',
    status: 'approved',
    currency: 'USD',
    issueDate: '2025-01-10',
    buyerName: 'Ada Lovelace',
    lines: [
      { name: 'Flat white', sku: 'FW-12', quantity: '2', unitPriceMinor: 450, grossMinor: 900, taxMinor: 68, taxPercent: '7.5' },
      { name: 'Croissant', quantity: '1', unitPriceMinor: 375, grossMinor: 375, taxMinor: 28, taxPercent: '7.5' },
    ],
    taxes: [VAT(1275, 96)],
  },
  {
    kind: 'invoice',
    number: 'INV-0002',
    status: 'needs_review',
    currency: 'USD',
    issueDate: '2025-01-11',
    buyerName: 'Grace Hopper',
    reviewReason: 'Buyer TIN missing for a sale above the B2B threshold',
    lines: [{ name: 'Espresso machine', sku: 'EM-900', quantity: '1', unitPriceMinor: 123456, grossMinor: 123456, taxMinor: 9259, taxPercent: '7.5' }],
    taxes: [VAT(123456, 9259)],
  },
  {
    kind: 'invoice',
    number: 'INV-0003',
    status: 'exported',
    currency: 'GBP',
    issueDate: '2025-01-12',
    lines: [{ name: 'Bag of beans (kg)', quantity: '1.5', unitPriceMinor: 1200, grossMinor: 1800, taxMinor: 0 }],
    taxes: [],
  },
  {
    kind: 'credit_note',
    number: 'CN-0001',
    status: 'approved',
    currency: 'USD',
    issueDate: '2025-01-13',
    buyerName: 'Ada Lovelace',
    credits: 'INV-0001',
    lines: [{ name: 'Croissant', quantity: '1', unitPriceMinor: 375, grossMinor: 375, taxMinor: 28, taxPercent: '7.5' }],
    taxes: [VAT(375, 28)],
  },
  {
    kind: 'invoice',
    number: 'INV-0004',
    status: 'draft',
    currency: 'JPY',
    issueDate: '2025-01-14',
    buyerName: 'Tokyo Branch',
    lines: [{ name: 'Matcha latte', quantity: '3', unitPriceMinor: 500, grossMinor: 1500, taxMinor: 0 }],
    taxes: [],
  },
  {
    kind: 'invoice',
    number: 'INV-0005',
    status: 'void',
    currency: 'USD',
    issueDate: '2024-12-31',
    lines: [{ name: 'Cancelled order', quantity: '1', unitPriceMinor: 5000, grossMinor: 5000, taxMinor: 375, taxPercent: '7.5' }],
    taxes: [VAT(5000, 375)],
  },
];

/** Plain draft sales, older than the featured ones, so the list needs a second page. */
export function fillerInvoices(count: number): SeedInvoice[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'invoice' as const,
    number: `INV-1${String(i + 1).padStart(3, '0')}`,
    status: 'draft' as const,
    currency: 'USD',
    issueDate: `2024-11-${String(i + 1).padStart(2, '0')}`,
    lines: [{ name: 'Drip coffee', quantity: '4', unitPriceMinor: 250, grossMinor: 1000, taxMinor: 0 }],
    taxes: [],
  }));
}

export function totalsOf(inv: SeedInvoice) {
  const lineExtension = inv.lines.reduce((s, l) => s + l.grossMinor - (l.discountMinor ?? 0), 0);
  const tax = inv.lines.reduce((s, l) => s + l.taxMinor, 0);
  return { lineExtension, tax, payable: lineExtension + tax };
}

export interface InboxSeed {
  state: 'pending' | 'processing' | 'done' | 'ignored' | 'dead';
  receivedAt: number;
}

export function seedDataDir(dataDir: string, invoices: SeedInvoice[], inbox: InboxSeed[] = []): Map<string, number> {
  const db = openDatabase(dataDir);
  const ids = new Map<string, number>();
  try {
    const insertInvoice = db.prepare(`INSERT INTO invoices (
        kind, source_key, number, status, review_reason, currency, issue_date, issued_at,
        line_extension_minor, tax_exclusive_minor, tax_total_minor, tax_inclusive_minor, payable_minor,
        buyer_name, location_id, source_order_id, source_payment_id, source_refund_id, original_invoice_id,
        created_at, updated_at)
      VALUES (@kind, @sourceKey, @number, @status, @reviewReason, @currency, @issueDate, @issuedAt,
        @lineExtension, @lineExtension, @tax, @payable, @payable,
        @buyerName, 'LOC-MAIN', @orderId, @paymentId, @refundId, @originalId,
        @now, @now)`);
    const insertLine = db.prepare(`INSERT INTO invoice_lines (
        invoice_id, line_no, name, sku, quantity, unit_price_minor, gross_minor, discount_minor, tax_minor,
        line_extension_minor, total_minor, tax_percent)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertTax = db.prepare(`INSERT INTO invoice_taxes (
        invoice_id, seq, name, category, percent, tax_type, taxable_minor, tax_minor)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertEvent = db.prepare(`INSERT INTO webhook_inbox (
        event_id, source, type, received_at, raw_body, state, next_attempt_at, attempts, last_error)
      VALUES (?, 'webhook', 'payment.updated', ?, '{}', ?, ?, ?, ?)`);

    db.transaction(() => {
      const now = Date.now();
      for (const inv of invoices) {
        const t = totalsOf(inv);
        const key = inv.number.toLowerCase();
        const originalId = inv.credits ? ids.get(inv.credits) : undefined;
        if (inv.credits && originalId === undefined) throw new Error(`seed: ${inv.credits} must come before ${inv.number}`);
        const { lastInsertRowid } = insertInvoice.run({
          kind: inv.kind,
          sourceKey: inv.kind === 'credit_note' ? `refund:r-${key}` : `payment:p-${key}`,
          number: inv.number,
          status: inv.status,
          reviewReason: inv.reviewReason ?? null,
          currency: inv.currency,
          issueDate: inv.issueDate,
          issuedAt: `${inv.issueDate}T12:00:00Z`,
          lineExtension: t.lineExtension,
          tax: t.tax,
          payable: t.payable,
          buyerName: inv.buyerName ?? null,
          orderId: `o-${key}`,
          paymentId: `p-${key}`,
          refundId: inv.kind === 'credit_note' ? `r-${key}` : null,
          originalId: originalId ?? null,
          now,
        });
        const id = Number(lastInsertRowid);
        ids.set(inv.number, id);
        inv.lines.forEach((l, i) => {
          const ext = l.grossMinor - (l.discountMinor ?? 0);
          insertLine.run(id, i + 1, l.name, l.sku ?? null, l.quantity, l.unitPriceMinor, l.grossMinor,
            l.discountMinor ?? 0, l.taxMinor, ext, ext + l.taxMinor, l.taxPercent ?? null);
        });
        inv.taxes.forEach((x, i) =>
          insertTax.run(id, i + 1, x.name, x.category, x.percent, x.taxType, x.taxableMinor, x.taxMinor));
      }
      inbox.forEach((e, i) =>
        insertEvent.run(`evt-${i + 1}`, e.receivedAt, e.state, e.receivedAt, e.state === 'dead' ? 5 : 1,
          e.state === 'dead' ? 'Square answered 500 five times' : null));
    })();
  } finally {
    db.close();
  }
  return ids;
}
