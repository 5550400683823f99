import type { Database } from 'better-sqlite3';

// The invoice list sorts and filters on the main side (a shop can hold 100,000 documents). Each sort column and each
// equality filter has an index whose order is the list's own (ties broken by id, the rowid every index ends with),
// so the first window of a sorted or filtered list is read from an index instead of sorting the whole table.
// Searching text with LIKE '%…%' cannot use an index; it scans, and that is measured by `npm run bench:ui`.
export const name = 'invoice-list-indexes';

export function up(db: Database): void {
  db.exec(`
    CREATE INDEX invoices_list_issued ON invoices (issued_at);
    CREATE INDEX invoices_list_status ON invoices (status, issued_at);
    CREATE INDEX invoices_list_kind ON invoices (kind, issued_at);
    CREATE INDEX invoices_list_location ON invoices (location_id, issued_at);
    CREATE INDEX invoices_list_buyer ON invoices (buyer_name COLLATE NOCASE);
    CREATE INDEX invoices_list_payable ON invoices (payable_minor);
  `);
}
