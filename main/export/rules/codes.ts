import type { InvoiceDocument } from '../../invoicing/invoice-detail';
import { lookupCode } from '../../invoicing/nrs-codes/index';
import type { ExportProfile } from '../profile';
import { nrsTaxCategory } from '../tax-category';
import { docLabel } from './context';

// Codes the document carries must be members of the NRS lists, or the API refuses the whole invoice.

export function codeProblems(d: InvoiceDocument, p: ExportProfile, paymentMeans: string[]): string[] {
  const who = docLabel(d);
  const out: string[] = [];
  const type = d.kind === 'credit_note' ? p.creditNoteTypeCode : p.invoiceTypeCode;
  if (!lookupCode('invoiceTypes', type)) out.push(`${who}: the type code ${type} in Settings is not an NRS invoice type.`);
  if (!lookupCode('currencies', d.currency)) out.push(`${who}: its currency ${d.currency} is not one the NRS knows.`);
  for (const t of d.taxes) {
    const id = nrsTaxCategory(t.category);
    if (!id || !lookupCode('taxCategories', id)) {
      out.push(`${who}: the tax "${t.name}" has no NRS tax category (only VAT at a rate, zero-rated or exempt can be reported).`);
    }
  }
  for (const m of paymentMeans) {
    if (!lookupCode('paymentMeans', m)) out.push(`${who}: payment means ${m} is not an NRS payment means code.`);
  }
  return out;
}
