import type { Database } from 'better-sqlite3';

// Review: what the owner corrects before approving. A line's NRS classification (a goods HS code or an ISIC service
// code, with the category text the export needs), the invoice kind when the owner overrides the derived one (a buyer
// TIN makes B2B), the Square customer a buyer came from (so a customer.updated can refresh an unreviewed buyer), and
// Square's customers as received, newest wins like the other Square objects.
export const name = 'review';

export function up(db: Database): void {
  db.exec(`
    ALTER TABLE invoice_lines ADD COLUMN classification_kind TEXT CHECK (classification_kind IN ('goods', 'service'));
    ALTER TABLE invoice_lines ADD COLUMN classification_code TEXT;
    ALTER TABLE invoice_lines ADD COLUMN classification_text TEXT;
    ALTER TABLE invoices ADD COLUMN invoice_kind TEXT CHECK (invoice_kind IN ('B2B', 'B2C'));
    ALTER TABLE invoices ADD COLUMN buyer_customer_id TEXT;
    -- Set when the owner edits the buyer: newer versions of the sale from Square then keep the owner's buyer.
    ALTER TABLE invoices ADD COLUMN buyer_edited_at INTEGER;
    CREATE INDEX invoices_original ON invoices (original_invoice_id) WHERE original_invoice_id IS NOT NULL;
    CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);

    CREATE TABLE square_customers (
      id TEXT PRIMARY KEY,
      updated_at TEXT NOT NULL,
      raw_json TEXT NOT NULL CHECK (json_valid(raw_json)),
      fetched_at INTEGER NOT NULL
    ) STRICT;
  `);
}
