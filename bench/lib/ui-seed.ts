import type { InvoiceStatus } from '../../shared/domain';
import { InvoiceStore } from '../../main/invoicing/invoice-store';
import { openDatabase } from '../../main/platform/db/open';
import { seedDocument } from '../../test/support/seed';

// A shop's history for the invoice-list bench: deterministic documents written through the app's invoice store in one
// transaction (the store is the tables' one owner, so a seeded row is what the pipeline would leave).

const BUYERS = ['Adaeze Okafor', 'Bola Adewale', 'Chinedu Eze', 'Ngozi Bello', 'Tunde Bakare', 'Zainab Musa', null, null];
const ITEMS = ['Jollof rice', 'Suya platter', 'Chapman', 'Puff-puff', 'Zobo (bottle)', 'Pounded yam', 'Egusi soup', 'Malt drink'];
const LOCATIONS = ['LOC-IKEJA', 'LOC-LEKKI', 'LOC-ABUJA'];
const STATUSES: InvoiceStatus[] = ['draft', 'draft', 'draft', 'approved', 'exported', 'needs_review', 'void'];

/** Deterministic pseudo-random integers (mulberry32), so two runs seed the same shop. */
function rng(seed: number): (n: number) => number {
  let a = seed;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

export interface UiSeedResult {
  count: number;
  ms: number;
  /** One seeded number and payable the bench searches for. */
  probe: { number: string; payableMinor: number };
}

/** Seeds `count` NGN invoices (one or two lines, 7.5 % VAT) spread over two years, newest last. */
export function seedShopHistory(dataDir: string, count: number): UiSeedResult {
  const db = openDatabase(dataDir);
  const store = new InvoiceStore(db);
  const pick = rng(20_260_101);
  const start = Date.parse('2024-12-01T08:00:00Z');
  const stepMs = Math.floor((2 * 365 * 86_400_000) / count);
  const t0 = performance.now();
  let probe = { number: '', payableMinor: 0 };
  try {
    db.transaction(() => {
      const now = Date.now();
      for (let i = 0; i < count; i++) {
        const issuedAt = new Date(start + i * stepMs).toISOString();
        const lines = Array.from({ length: 1 + pick(2) }, () => {
          const unit = (5 + pick(400)) * 2_500;
          const qty = 1 + pick(3);
          return { name: ITEMS[pick(ITEMS.length)]!, quantity: String(qty), unitPriceMinor: unit, grossMinor: unit * qty,
            taxMinor: Math.floor((unit * qty * 75 + 500) / 1000), taxPercent: '7.5' };
        });
        const net = lines.reduce((s, l) => s + l.grossMinor, 0);
        const tax = lines.reduce((s, l) => s + l.taxMinor, 0);
        const number = `INV-${String(i + 1).padStart(6, '0')}`;
        seedDocument(store, {
          kind: 'invoice', sourceKey: `order:BENCH_${i}`, number, status: STATUSES[pick(STATUSES.length)]!,
          currency: 'NGN', issueDate: issuedAt.slice(0, 10), issuedAt, buyerName: BUYERS[pick(BUYERS.length)] ?? null,
          locationId: LOCATIONS[pick(LOCATIONS.length)]!, orderId: `BENCH_ORDER_${i}`, lines,
          taxes: [{ name: 'VAT', category: 'STANDARD_VAT', percent: '7.5', taxType: 'ADDITIVE', taxableMinor: net, taxMinor: tax }],
        }, now);
        if (i === Math.floor(count / 3)) probe = { number, payableMinor: net + tax };
      }
    })();
  } finally {
    db.close();
  }
  return { count, ms: performance.now() - t0, probe };
}
