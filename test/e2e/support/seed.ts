import { InboxStore } from '../../../main/inbox/inbox-store';
import { InvoiceStore } from '../../../main/invoicing/invoice-store';
import { openDatabase } from '../../../main/platform/db/open';
import type { InvoiceTax } from '../../../shared/domain';
import { seedDocument, type SeedDocument, type SeedLine } from '../../support/seed';

// Seeds a data dir with invoices the way the pipeline would leave them: integer minor units, exact decimal
// quantities as text, a credit note pointing at its invoice, and a few inbox rows. The expected numbers the e2e test
// asserts are computed here from the same rows, so the two cannot drift apart.

type SeedTax = InvoiceTax;

export interface SeedInvoice {
  kind: 'invoice' | 'credit_note';
  number: string;
  status: 'draft' | 'needs_review' | 'approved' | 'exported' | 'void';
  currency: string;
  issueDate: string;
  buyerName?: string;
  /** A buyer filled from a Square customer (email, E.164 phone, TIN, address, customer id), as the pipeline writes it. */
  buyer?: Pick<SeedDocument, 'buyerEmail' | 'buyerPhone' | 'buyerTin' | 'buyerAddress' | 'buyerCustomerId'>;
  tipMinor?: number;
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
    const invoicesStore = new InvoiceStore(db);
    const inboxStore = new InboxStore(db);
    db.transaction(() => {
      const now = Date.now();
      for (const inv of invoices) {
        const key = inv.number.toLowerCase();
        const originalId = inv.credits ? ids.get(inv.credits) : undefined;
        if (inv.credits && originalId === undefined) throw new Error(`seed: ${inv.credits} must come before ${inv.number}`);
        const id = seedDocument(invoicesStore, {
          kind: inv.kind,
          sourceKey: inv.kind === 'credit_note' ? `refund:r-${key}` : `payment:p-${key}`,
          number: inv.number,
          status: inv.status,
          reviewReason: inv.reviewReason ?? null,
          currency: inv.currency,
          issueDate: inv.issueDate,
          issuedAt: `${inv.issueDate}T12:00:00Z`,
          buyerName: inv.buyerName ?? null,
          ...inv.buyer,
          ...(inv.tipMinor ? { tipMinor: inv.tipMinor } : {}),
          locationId: 'LOC-MAIN',
          orderId: `o-${key}`,
          paymentId: `p-${key}`,
          refundId: inv.kind === 'credit_note' ? `r-${key}` : null,
          originalInvoiceId: originalId ?? null,
          lines: inv.lines,
          taxes: inv.taxes,
        }, now);
        ids.set(inv.number, id);
      }
      inbox.forEach((e, i) => {
        const eventId = `evt-${i + 1}`;
        inboxStore.insert({
          eventId, source: 'webhook', type: 'payment.updated', merchantId: null, locationId: null, objectId: null,
          receivedAt: e.receivedAt, rawBody: '{}', state: e.state,
        });
        // A dead letter has used up its attempts, the last one's error kept.
        if (e.state === 'dead') {
          const row = inboxStore.byEventId(eventId)!;
          for (let attempt = 1; attempt <= 5; attempt++) inboxStore.fail(row.id, 'Square answered 500 five times', e.receivedAt, attempt === 5);
        }
      });
    })();
  } finally {
    db.close();
  }
  return ids;
}

/** Review (issue 14): a sale with a Square customer, one that needs checking, an invoice with its credit note, one exported. */
export const REVIEW_FEATURED: SeedInvoice[] = [
  {
    kind: 'invoice',
    number: 'INV-2001',
    status: 'draft',
    currency: 'NGN',
    issueDate: '2025-02-03',
    buyerName: 'Chioma Okafor',
    buyer: { buyerEmail: 'chioma@example.com', buyerPhone: '+2348031234567', buyerCustomerId: 'CUST-CHIOMA' },
    tipMinor: 50_000,
    lines: [
      { name: 'Jollof rice (family pack)', quantity: '2', unitPriceMinor: 450_000, grossMinor: 900_000, taxMinor: 67_500, taxPercent: '7.5' },
      { name: 'Delivery', quantity: '1', unitPriceMinor: 150_000, grossMinor: 150_000, taxMinor: 11_250, taxPercent: '7.5' },
    ],
    taxes: [VAT(1_050_000, 78_750)],
  },
  {
    kind: 'invoice',
    number: 'INV-2002',
    status: 'needs_review',
    currency: 'NGN',
    issueDate: '2025-02-04',
    buyerName: 'Bayo Adeyemi',
    reviewReason: "The items add up to ₦500.00 less than Square's total for this sale. Check the sale in Square, then correct the invoice or accept it as it is.",
    lines: [{ name: 'Suya platter', quantity: '1', unitPriceMinor: 1_200_000, grossMinor: 1_200_000, taxMinor: 90_000, taxPercent: '7.5' }],
    taxes: [VAT(1_200_000, 90_000)],
  },
  {
    kind: 'invoice',
    number: 'INV-2003',
    status: 'approved',
    currency: 'NGN',
    issueDate: '2025-02-05',
    buyerName: 'Ngozi Eze',
    lines: [
      { name: 'Zobo drink', quantity: '4', unitPriceMinor: 50_000, grossMinor: 200_000, taxMinor: 15_000, taxPercent: '7.5' },
      { name: 'Chapman', quantity: '2', unitPriceMinor: 80_000, grossMinor: 160_000, taxMinor: 12_000, taxPercent: '7.5' },
    ],
    taxes: [VAT(360_000, 27_000)],
  },
  {
    kind: 'credit_note',
    number: 'CN-2001',
    status: 'draft',
    currency: 'NGN',
    issueDate: '2025-02-06',
    buyerName: 'Ngozi Eze',
    credits: 'INV-2003',
    lines: [{ name: 'Chapman', quantity: '2', unitPriceMinor: 80_000, grossMinor: 160_000, taxMinor: 12_000, taxPercent: '7.5' }],
    taxes: [VAT(160_000, 12_000)],
  },
  {
    kind: 'invoice',
    number: 'INV-2004',
    status: 'exported',
    currency: 'NGN',
    issueDate: '2025-02-07',
    buyerName: 'Emeka Obi',
    lines: [{ name: 'Catering (50 guests)', quantity: '1', unitPriceMinor: 25_000_000, grossMinor: 25_000_000, taxMinor: 1_875_000, taxPercent: '7.5' }],
    taxes: [VAT(25_000_000, 1_875_000)],
  },
  {
    kind: 'invoice',
    number: 'INV-2006',
    status: 'draft',
    currency: 'NGN',
    issueDate: '2025-02-08',
    lines: [{ name: 'Puff-puff (dozen)', quantity: '1', unitPriceMinor: 120_000, grossMinor: 120_000, taxMinor: 9_000, taxPercent: '7.5' }],
    taxes: [VAT(120_000, 9_000)],
  },
  // Inside the bulk range: "approve all matching" leaves it, with its reason.
  {
    kind: 'invoice',
    number: 'INV-2005',
    status: 'needs_review',
    currency: 'NGN',
    issueDate: '2025-03-15',
    reviewReason: 'The card payment is ₦20.00 more than the items. Check the sale in Square, then correct the invoice or accept it as it is.',
    lines: [{ name: 'Moi moi', quantity: '3', unitPriceMinor: 70_000, grossMinor: 210_000, taxMinor: 15_750, taxPercent: '7.5' }],
    taxes: [VAT(210_000, 15_750)],
  },
];

/** Plain draft sales in March 2025 (1st to 28th), for bulk approval. */
export function bulkDrafts(count: number): SeedInvoice[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'invoice' as const,
    number: `INV-${3001 + i}`,
    status: 'draft' as const,
    currency: 'NGN',
    issueDate: `2025-03-${String((i % 28) + 1).padStart(2, '0')}`,
    lines: [{ name: 'Small chops', quantity: '1', unitPriceMinor: 250_000, grossMinor: 250_000, taxMinor: 18_750, taxPercent: '7.5' }],
    taxes: [VAT(250_000, 18_750)],
  }));
}

/**
 * Export (issue 15): approved naira sales whose numbers are letters and digits only (the IRN allows nothing else).
 * EXP-B2B is a business sale without the buyer's TIN (marked B2B by `markB2b`); no line is classified.
 */
export const EXPORT_FEATURED: SeedInvoice[] = [
  {
    kind: 'invoice',
    number: 'INV4001',
    status: 'approved',
    currency: 'NGN',
    issueDate: '2025-04-01',
    buyerName: 'Ngozi Eze',
    lines: [
      { name: 'Jollof rice (family pack)', quantity: '2', unitPriceMinor: 450_000, grossMinor: 900_000, taxMinor: 67_500, taxPercent: '7.5' },
      { name: 'Chapman', quantity: '2', unitPriceMinor: 80_000, grossMinor: 160_000, taxMinor: 12_000, taxPercent: '7.5' },
    ],
    taxes: [VAT(1_060_000, 79_500)],
  },
  {
    kind: 'invoice',
    number: 'INV4002',
    status: 'approved',
    currency: 'NGN',
    issueDate: '2025-04-02',
    buyerName: 'Kola Traders Ltd',
    buyer: { buyerEmail: 'accounts@kolatraders.example' },
    lines: [{ name: 'Catering (20 guests)', quantity: '1', unitPriceMinor: 8_000_000, grossMinor: 8_000_000, taxMinor: 600_000, taxPercent: '7.5' }],
    taxes: [VAT(8_000_000, 600_000)],
  },
  {
    kind: 'invoice',
    number: 'INV4003',
    status: 'approved',
    currency: 'NGN',
    issueDate: '2025-04-10',
    buyerName: 'Bayo Adeyemi',
    lines: [{ name: 'Suya platter', quantity: '1', unitPriceMinor: 1_200_000, grossMinor: 1_200_000, taxMinor: 90_000, taxPercent: '7.5' }],
    taxes: [VAT(1_200_000, 90_000)],
  },
  {
    kind: 'invoice',
    number: 'INV4004',
    status: 'approved',
    currency: 'NGN',
    issueDate: '2025-04-11',
    lines: [{ name: 'Puff-puff (dozen)', quantity: '1', unitPriceMinor: 120_000, grossMinor: 120_000, taxMinor: 9_000, taxPercent: '7.5' }],
    taxes: [VAT(120_000, 9_000)],
  },
];

/** Approved naira sales in May 2025, for an export large enough to show its progress. */
export function approvedSales(count: number): SeedInvoice[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'invoice' as const,
    number: `INV${50001 + i}`,
    status: 'approved' as const,
    currency: 'NGN',
    issueDate: `2025-05-${String((i % 28) + 1).padStart(2, '0')}`,
    lines: [{ name: 'Small chops', quantity: '1', unitPriceMinor: 250_000, grossMinor: 250_000, taxMinor: 18_750, taxPercent: '7.5' }],
    taxes: [VAT(250_000, 18_750)],
  }));
}

/** The owner said these sales are to a business (B2B), as Review's buyer form records it. */
export function markB2b(dataDir: string, numbers: string[]): void {
  const db = openDatabase(dataDir);
  try {
    const mark = db.prepare("UPDATE invoices SET invoice_kind = 'B2B' WHERE number = ?");
    for (const n of numbers) if (mark.run(n).changes !== 1) throw new Error(`seed: no invoice ${n}`);
  } finally {
    db.close();
  }
}
