import type { InvoiceDetail } from '../../shared/domain';
import { joinSentences } from '../../shared/sentences';

// What must hold before the owner may approve an invoice, in words the owner can act on. Pure: the same checks run
// for the detail screen (so problems show before the owner tries), for approve and for bulk approve. The export rules
// of docs/export.md add to these as they land.

type Reviewable = Pick<InvoiceDetail, 'status' | 'kind' | 'buyerKind' | 'buyerName' | 'buyerTin' | 'buyerEmail' | 'reviewReason' | 'originalInvoiceId'>;

/** What a business buyer (B2B) lacks of what the NRS needs of it (name, TIN, email), in words; none for B2C. */
export function missingBusinessBuyerFields(inv: Pick<InvoiceDetail, 'buyerKind' | 'buyerName' | 'buyerTin' | 'buyerEmail'>): string[] {
  if (inv.buyerKind !== 'B2B') return [];
  return [!inv.buyerName && 'name', !inv.buyerTin && 'TIN', !inv.buyerEmail && 'email address'].filter((f): f is string => Boolean(f));
}

/** Problems that stop approval; `accepting` is the owner approving a needs_review invoice as it is, with a note. */
export function approvalProblems(inv: Reviewable, accepting = false): string[] {
  if (inv.status === 'approved') return ['This invoice is already approved.'];
  if (inv.status === 'exported') return ['This invoice has been exported and cannot change: issue a credit note instead.'];
  if (inv.status === 'void') return ['A void invoice cannot be approved.'];
  const problems: string[] = [];
  if (inv.status === 'needs_review' && !accepting) {
    // The review reason is already the owner's sentences (what differs, what to do); approval adds how to accept.
    problems.push(
      joinSentences([
        inv.reviewReason ?? 'The amounts of this invoice did not match the sale in Square',
        'To approve it as it is, use "Approve as it is" and say why',
      ]),
    );
  }
  const missing = missingBusinessBuyerFields(inv);
  if (missing.length) problems.push(`A business buyer (B2B) needs a ${missing.join(', ')}: add it under Buyer.`);
  if (inv.kind === 'credit_note' && inv.originalInvoiceId === null) {
    problems.push('The invoice this credit note refunds is not in the app yet: wait for it to arrive from Square.');
  }
  return problems;
}
