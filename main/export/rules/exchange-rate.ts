import type { InvoiceDocument } from '../../invoicing/invoice-detail';
import { docLabel, type RuleContext } from './context';

/** The NRS reports tax in naira: a document in another currency needs the owner's rate for its issue date. */
export function exchangeRateProblems(d: InvoiceDocument, rateFor: RuleContext['rateFor']): string[] {
  if (d.currency === 'NGN' || rateFor(d.currency, d.issueDate)) return [];
  return [`${docLabel(d)} is in ${d.currency}: add the naira exchange rate for ${d.currency} on ${d.issueDate} under Export settings.`];
}
