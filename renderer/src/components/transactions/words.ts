import type { TransactionKind, TransactionStatus, TransactionView } from '../../../../shared/transactions';

export const KIND_WORDS: Record<TransactionKind, string> = { payment: 'Sale', refund: 'Refund' };

export const STATUS_WORDS: Record<TransactionStatus, string> = {
  completed: 'Completed',
  pending: 'Pending',
  failed: 'Declined or cancelled',
};

/** Square's status in words; a sale known only from a failed event may not have one. */
export function statusWords(t: Pick<TransactionView, 'status' | 'squareStatus'>): string {
  if (t.status) return STATUS_WORDS[t.status];
  return t.squareStatus ? 'Other' : 'Not known yet';
}

/** "INV-0001" or, before a number is given, "Invoice #12". */
export function documentLabel(d: NonNullable<TransactionView['document']>): string {
  return d.number ?? `${d.kind === 'credit_note' ? 'Credit note' : 'Invoice'} #${d.id}`;
}
