import type { InvoiceDocument } from '../../invoicing/invoice-detail';
import { computeIrn } from '../../invoicing/numbering';
import type { ExportProfile } from '../profile';
import { docLabel } from './context';

// IRN = {InvoiceNumber}-{ServiceID}-{YYYYMMDD of the issue date}, letters and digits only in the number, at most 50
// characters; the NRS refuses an IRN that does not fit the business's template.

const IRN = /^([A-Za-z0-9]+)-([A-Za-z0-9]{8})-(\d{8})$/;

/** The IRN the document is exported with: the stored one, else the one its number, Service ID and date give. */
export function effectiveIrn(d: Pick<InvoiceDocument, 'irn' | 'number' | 'issueDate'>, p: Pick<ExportProfile, 'serviceId'>): string | null {
  return d.irn ?? (d.number ? computeIrn(d.number, p.serviceId, d.issueDate) : null);
}

export function irnProblems(d: InvoiceDocument, p: ExportProfile): string[] {
  const who = docLabel(d);
  if (!d.number) return [`${who} has no invoice number yet, so it has no IRN.`];
  if (!/^[A-Za-z0-9]+$/.test(d.number)) return [`${who}: the invoice number may contain only letters and digits for its IRN.`];
  const irn = effectiveIrn(d, p);
  if (!irn) return [`${who} has no IRN: fill in the Service ID in Settings.`];
  const m = IRN.exec(irn);
  if (!m) return [`${who}: its IRN ${irn} is not of the form number-ServiceID-date.`];
  const out: string[] = [];
  if (irn.length > 50) out.push(`${who}: its IRN ${irn} is longer than the 50 characters the NRS allows; use a shorter invoice prefix.`);
  if (m[1] !== d.number) out.push(`${who}: its IRN ${irn} does not start with its number ${d.number}.`);
  if (p.serviceId && m[2] !== p.serviceId) out.push(`${who}: its IRN ${irn} carries Service ID ${m[2]!}, not yours (${p.serviceId}).`);
  if (m[3] !== d.issueDate.replaceAll('-', '')) out.push(`${who}: its IRN ${irn} does not carry its issue date ${d.issueDate}.`);
  return out;
}
