import type { InvoiceDocument } from '../../invoicing/invoice-detail';
import type { LineClassification } from '../../../shared/domain';
import type { ExportProfile } from '../profile';

/** Everything a rule may look at besides the document: all plain data, so the rules stay pure. */
export interface RuleContext {
  profile: ExportProfile;
  /** The latest issue date that is not in the future anywhere (today in the easternmost time zone). */
  latestIssueDate: string;
  /** Naira per unit of `currency` on `date`, as decimal text, or null when the owner has not given one. */
  rateFor(currency: string, date: string): string | null;
  /** The line's classification: the owner's on the line, else the remembered one for its item, else the default. */
  classificationFor(line: InvoiceDocument['lines'][number]): LineClassification | null;
  /** Credit notes: the credited invoice as it will be known to the NRS, or null when it is not stored. */
  original: OriginalRef | null;
  /** How the sale was paid (payment_means_code), decided from the Square tender; null when unknown. */
  paymentMeans: string[];
}

export interface OriginalRef {
  irn: string | null;
  issueDate: string;
  /** Exported before, or in the same batch: either way the NRS has it before the credit note. */
  reported: boolean;
}

/** "Invoice INV000042" / "Credit note INVCN000007", the name every problem starts with. */
export function docLabel(d: Pick<InvoiceDocument, 'kind' | 'number' | 'id'>): string {
  return `${d.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${d.number ?? `#${d.id}`}`;
}
