import { NOT_APPROVED_YET } from '../../../shared/export';
import type { InvoiceDocument } from '../../invoicing/invoice-detail';
import type { ExportProfile } from '../profile';
import { arithmeticProblems } from './arithmetic';
import { buyerProblems } from './buyer';
import { codeProblems } from './codes';
import type { RuleContext } from './context';
import { creditNoteProblems } from './credit-note';
import { dateProblems } from './dates';
import { exchangeRateProblems } from './exchange-rate';
import { irnProblems } from './irn';
import { lineProblems } from './lines';
import { profileProblems } from './profile';

export type { RuleContext, OriginalRef } from './context';
export { docLabel } from './context';
export { latestIssueDate } from './dates';
export { effectiveIrn } from './irn';
export { profileProblems } from './profile';

/**
 * Everything that stops one document from being exported, each a sentence naming it and the field (empty: it can go).
 * Pure: the same checks back export.check (shown in review before the owner tries) and export.run (which refuses the
 * whole batch when any document has a problem). Profile problems are reported once per batch by the caller, not here.
 */
export function exportProblems(detail: InvoiceDocument, profile: ExportProfile, ctx: Omit<RuleContext, 'profile'>): string[] {
  const status = detail.status === 'approved'
    ? []
    : [`${detail.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${detail.number ?? `#${detail.id}`} is ${detail.status.replace('_', ' ')}: ${NOT_APPROVED_YET}`];
  return [
    ...status,
    ...irnProblems(detail, profile),
    ...dateProblems(detail, ctx.latestIssueDate),
    ...codeProblems(detail, profile, ctx.paymentMeans),
    ...buyerProblems(detail),
    ...lineProblems(detail, ctx),
    ...arithmeticProblems(detail),
    ...creditNoteProblems(detail, ctx.original),
    ...exchangeRateProblems(detail, ctx.rateFor),
  ];
}

export function allProblems(detail: InvoiceDocument, profile: ExportProfile, ctx: Omit<RuleContext, 'profile'>): string[] {
  return [...profileProblems(profile), ...exportProblems(detail, profile, ctx)];
}
