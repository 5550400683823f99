import type { Database } from 'better-sqlite3';

// Initial schema. Conventions: STRICT tables; money is INTEGER minor units beside a currency code; machine times
// are INTEGER epoch milliseconds; Square's own times stay TEXT (RFC 3339) as Square sent them; raw Square JSON is
// kept so a converter fix can be re-run. Secrets (tokens, signature keys) never appear here: they live in the OS
// keychain.
export const name = 'initial';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE square_connections (
      merchant_id TEXT PRIMARY KEY,
      merchant_name TEXT,
      environment TEXT NOT NULL CHECK (environment IN ('sandbox', 'production', 'custom')),
      status TEXT NOT NULL CHECK (status IN ('connected', 'reconnect_needed', 'disconnected')),
      scopes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(scopes)),
      access_token_expires_at TEXT,
      refresh_token_expires_at TEXT,
      status_reason TEXT,
      connected_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE locations (
      id TEXT PRIMARY KEY,
      merchant_id TEXT NOT NULL REFERENCES square_connections(merchant_id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      currency TEXT NOT NULL CHECK (length(currency) = 3),
      country TEXT,
      timezone TEXT,
      status TEXT,
      selected INTEGER NOT NULL DEFAULT 1 CHECK (selected IN (0, 1)),
      raw_json TEXT NOT NULL CHECK (json_valid(raw_json)),
      updated_at INTEGER NOT NULL
    ) STRICT;

    -- Every event, from a webhook or from catch-up sync, lands here first and is acknowledged only after commit.
    CREATE TABLE webhook_inbox (
      id INTEGER PRIMARY KEY,
      event_id TEXT NOT NULL UNIQUE,
      source TEXT NOT NULL CHECK (source IN ('webhook', 'sync')),
      type TEXT NOT NULL,
      merchant_id TEXT,
      location_id TEXT,
      object_id TEXT,
      received_at INTEGER NOT NULL,
      raw_body TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'processing', 'done', 'ignored', 'dead')),
      attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at INTEGER NOT NULL,
      lease_until INTEGER,
      last_error TEXT,
      processed_at INTEGER
    ) STRICT;
    CREATE INDEX webhook_inbox_ready ON webhook_inbox (state, next_attempt_at);

    CREATE TABLE square_orders (
      id TEXT PRIMARY KEY,
      location_id TEXT NOT NULL,
      state TEXT NOT NULL,
      version INTEGER NOT NULL,
      updated_at TEXT NOT NULL,
      raw_json TEXT NOT NULL CHECK (json_valid(raw_json)),
      fetched_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE square_payments (
      id TEXT PRIMARY KEY,
      order_id TEXT,
      location_id TEXT NOT NULL,
      status TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      raw_json TEXT NOT NULL CHECK (json_valid(raw_json)),
      fetched_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX square_payments_order ON square_payments (order_id);

    CREATE TABLE square_refunds (
      id TEXT PRIMARY KEY,
      payment_id TEXT NOT NULL,
      order_id TEXT,
      location_id TEXT,
      status TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      raw_json TEXT NOT NULL CHECK (json_valid(raw_json)),
      fetched_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX square_refunds_payment ON square_refunds (payment_id);

    CREATE TABLE export_batches (
      id INTEGER PRIMARY KEY,
      format TEXT NOT NULL CHECK (format IN ('firs_json', 'csv')),
      status TEXT NOT NULL CHECK (status IN ('written', 'submitted', 'failed')),
      file_path TEXT,
      invoice_count INTEGER NOT NULL CHECK (invoice_count >= 0),
      error TEXT,
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE invoices (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
      -- What this document was made from ('order:<id>', 'payment:<id>', 'refund:<id>'); UNIQUE is what makes
      -- "every sale gets exactly one invoice" a database guarantee rather than a hope.
      source_key TEXT NOT NULL UNIQUE,
      number TEXT UNIQUE,
      irn TEXT UNIQUE,
      status TEXT NOT NULL CHECK (status IN ('draft', 'needs_review', 'approved', 'exported', 'void')),
      review_reason TEXT,
      currency TEXT NOT NULL CHECK (length(currency) = 3),
      issue_date TEXT NOT NULL CHECK (issue_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      issued_at TEXT NOT NULL,
      line_extension_minor INTEGER NOT NULL,
      allowance_total_minor INTEGER NOT NULL DEFAULT 0,
      charge_total_minor INTEGER NOT NULL DEFAULT 0,
      tax_exclusive_minor INTEGER NOT NULL,
      tax_total_minor INTEGER NOT NULL,
      tax_inclusive_minor INTEGER NOT NULL,
      tip_minor INTEGER NOT NULL DEFAULT 0,
      rounding_minor INTEGER NOT NULL DEFAULT 0,
      payable_minor INTEGER NOT NULL,
      buyer_name TEXT,
      buyer_email TEXT,
      buyer_phone TEXT,
      buyer_tin TEXT,
      buyer_address_json TEXT CHECK (buyer_address_json IS NULL OR json_valid(buyer_address_json)),
      merchant_id TEXT,
      location_id TEXT,
      source_payment_id TEXT,
      source_order_id TEXT,
      source_refund_id TEXT,
      source_version TEXT,
      original_invoice_id INTEGER REFERENCES invoices(id),
      export_batch_id INTEGER REFERENCES export_batches(id),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      approved_at INTEGER,
      exported_at INTEGER,
      CHECK (kind = 'credit_note' OR original_invoice_id IS NULL)
    ) STRICT;
    CREATE INDEX invoices_status_date ON invoices (status, issue_date);
    CREATE INDEX invoices_issue_date ON invoices (issue_date);
    CREATE INDEX invoices_order ON invoices (source_order_id);
    CREATE INDEX invoices_payment ON invoices (source_payment_id);

    CREATE TABLE invoice_lines (
      invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      line_no INTEGER NOT NULL CHECK (line_no >= 1),
      name TEXT NOT NULL,
      description TEXT,
      sku TEXT,
      quantity TEXT NOT NULL,                      -- exact decimal as Square sends it, e.g. "1.5"
      unit_price_minor INTEGER NOT NULL,
      gross_minor INTEGER NOT NULL,
      discount_minor INTEGER NOT NULL DEFAULT 0,
      tax_minor INTEGER NOT NULL DEFAULT 0,
      line_extension_minor INTEGER NOT NULL,
      total_minor INTEGER NOT NULL,
      tax_percent TEXT,
      source_uid TEXT,
      PRIMARY KEY (invoice_id, line_no)
    ) STRICT;

    CREATE TABLE invoice_taxes (
      invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      name TEXT NOT NULL,
      category TEXT NOT NULL,
      percent TEXT,
      tax_type TEXT NOT NULL CHECK (tax_type IN ('ADDITIVE', 'INCLUSIVE')),
      taxable_minor INTEGER NOT NULL,
      tax_minor INTEGER NOT NULL,
      PRIMARY KEY (invoice_id, seq)
    ) STRICT;

    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      entity TEXT,
      entity_id TEXT,
      detail_json TEXT CHECK (detail_json IS NULL OR json_valid(detail_json))
    ) STRICT;

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value_json TEXT NOT NULL CHECK (json_valid(value_json)),
      updated_at INTEGER NOT NULL
    ) STRICT;

    -- Catch-up sync position per location and stream; sync re-reads an overlap window behind it.
    CREATE TABLE sync_cursors (
      location_id TEXT NOT NULL,
      stream TEXT NOT NULL CHECK (stream IN ('payments', 'refunds', 'orders')),
      synced_until TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (location_id, stream)
    ) STRICT;
  `);
}
