import type { Db } from '../../main/db/open';

export interface SeedInvoice {
  number: string;
  status?: 'draft' | 'needs_review' | 'approved' | 'exported' | 'void';
  kind?: 'invoice' | 'credit_note';
  currency?: string;
  issueDate?: string;
  buyerName?: string | null;
  /** Net line amount in minor units; VAT 7.5 % is added on top (rounded half up on integers). */
  netMinor?: number;
}

/** Inserts complete invoices (header, one line, one tax) the way the pipeline will, for tests that read them. */
export function seedInvoices(db: Db, invoices: SeedInvoice[]): number[] {
  const insertInvoice = db.prepare(`
    INSERT INTO invoices (kind, source_key, number, status, currency, issue_date, issued_at, line_extension_minor,
      tax_exclusive_minor, tax_total_minor, tax_inclusive_minor, payable_minor, buyer_name, source_order_id,
      created_at, updated_at)
    VALUES (@kind, @sourceKey, @number, @status, @currency, @issueDate, @issuedAt, @net, @net, @tax, @gross, @gross,
      @buyerName, @orderId, @now, @now)`);
  const insertLine = db.prepare(`
    INSERT INTO invoice_lines (invoice_id, line_no, name, quantity, unit_price_minor, gross_minor, tax_minor,
      line_extension_minor, total_minor, tax_percent)
    VALUES (?, 1, ?, '1', ?, ?, ?, ?, ?, '7.5')`);
  const insertTax = db.prepare(`
    INSERT INTO invoice_taxes (invoice_id, seq, name, category, percent, tax_type, taxable_minor, tax_minor)
    VALUES (?, 1, 'VAT', 'STANDARD_VAT', '7.5', 'ADDITIVE', ?, ?)`);
  const now = Date.now();
  return db.transaction(() =>
    invoices.map((inv, i) => {
      const net = inv.netMinor ?? 10_000;
      const tax = Math.floor((net * 75 + 500) / 1000);
      const issueDate = inv.issueDate ?? '2026-11-20';
      const id = Number(
        insertInvoice.run({
          kind: inv.kind ?? 'invoice',
          sourceKey: `order:SEED_${inv.number}_${i}`,
          number: inv.number,
          status: inv.status ?? 'draft',
          currency: inv.currency ?? 'USD',
          issueDate,
          issuedAt: `${issueDate}T10:${String(i % 60).padStart(2, '0')}:00Z`,
          net,
          tax,
          gross: net + tax,
          buyerName: inv.buyerName ?? null,
          orderId: `SEED_ORDER_${i}`,
          now,
        }).lastInsertRowid,
      );
      insertLine.run(id, `Item for ${inv.number}`, net, net, tax, net, net + tax);
      insertTax.run(id, net, tax);
      return id;
    }),
  )();
}
