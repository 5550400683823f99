import type { Db } from '../db/open';

const nextStmt = new WeakMap<Db, ReturnType<Db['prepare']>>();

/** Next number of a named sequence; call inside the transaction that uses it, so a rollback returns it. */
export function nextInSequence(db: Db, name: string): number {
  let stmt = nextStmt.get(db);
  if (!stmt) {
    // Prepared once per connection: this runs for every invoice.
    stmt = db.prepare(`INSERT INTO counters (name, value) VALUES (?, 1)
                       ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`).pluck();
    nextStmt.set(db, stmt);
  }
  return stmt.get(name) as number;
}

/** Alphanumeric only (TaxPoynt strips everything else): INV000042, credit notes INVCN000007. */
export function documentNumber(prefix: string, kind: 'invoice' | 'credit_note', seq: number): string {
  return `${prefix}${kind === 'credit_note' ? 'CN' : ''}${String(seq).padStart(6, '0')}`;
}

/** FIRS IRN = {InvoiceNumber}-{ServiceID}-{YYYYMMDD of the issue date}; only when the Service ID is known. */
export function computeIrn(number: string, serviceId: string, issueDate: string): string | null {
  if (!/^[A-Za-z0-9]{8}$/.test(serviceId)) return null;
  return `${number}-${serviceId}-${issueDate.replaceAll('-', '')}`;
}
