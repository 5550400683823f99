import type { InvoiceDocument } from '../../invoicing/invoice-detail';
import { docLabel, type OriginalRef } from './context';

// A credit note goes out with billing_reference = the original's IRN and issue date; the NRS must know the original
// first, so it has to be exported before or together with the credit note.

export function creditNoteProblems(d: InvoiceDocument, original: OriginalRef | null): string[] {
  if (d.kind !== 'credit_note') return [];
  const who = docLabel(d);
  if (d.originalInvoiceId === null || !original) return [`${who}: the invoice it refunds is not in the app yet, so it cannot name the original's IRN.`];
  const orig = d.original?.number ?? `#${d.originalInvoiceId}`;
  const out: string[] = [];
  if (!original.irn) out.push(`${who}: the invoice it refunds (${orig}) has no IRN yet.`);
  if (!original.reported) out.push(`${who}: export the invoice it refunds (${orig}) first, or in the same batch.`);
  if (original.issueDate > d.issueDate) out.push(`${who} is dated before the invoice it refunds (${orig}).`);
  return out;
}
