/** Alphanumeric only (TaxPoynt strips everything else): INV000042, credit notes INVCN000007. */
export function documentNumber(prefix: string, kind: 'invoice' | 'credit_note', seq: number): string {
  return `${prefix}${kind === 'credit_note' ? 'CN' : ''}${String(seq).padStart(6, '0')}`;
}

/** FIRS IRN = {InvoiceNumber}-{ServiceID}-{YYYYMMDD of the issue date}; only when the Service ID is known. */
export function computeIrn(number: string, serviceId: string, issueDate: string): string | null {
  if (!/^[A-Za-z0-9]{8}$/.test(serviceId)) return null;
  return `${number}-${serviceId}-${issueDate.replaceAll('-', '')}`;
}
