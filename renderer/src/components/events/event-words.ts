import type { EventSummary, FailedEventView } from '../../../../shared/transactions';
import { formatDateTime, money } from '../../format';

const SUBJECT_WORDS: Record<EventSummary['subject'], string> = {
  sale: 'Sale',
  refund: 'Refund',
  order: 'Change to a sale',
  customer: 'Customer details',
  other: 'Message from Square',
};

/** "Sale of ₦7,777.00", "Customer details for Ada Okafor": what the failed event was about. */
export function eventTitle(s: EventSummary): string {
  const base = SUBJECT_WORDS[s.subject];
  if (s.subject === 'customer') return s.customerName ? `${base} for ${s.customerName}` : base;
  if (s.amountMinor !== null && s.currency) return `${base} of ${money(s.amountMinor, s.currency)}`;
  return base;
}

/** Where and when, and how the app heard of it. */
export function eventFacts(e: FailedEventView): string[] {
  return [
    e.summary.locationName,
    e.summary.at ? formatDateTime(e.summary.at) : null,
    e.source === 'webhook' ? 'sent by Square' : 'found by a sync',
    `${e.attempts} ${e.attempts === 1 ? 'try' : 'tries'}`,
  ].filter((x): x is string => Boolean(x));
}

/** The technical text behind "Details": what the app recorded, with the references support would ask for. */
export function eventDetails(e: FailedEventView): string {
  return [
    `Square reference: ${e.summary.objectId ?? 'none'}`,
    `Received: ${formatDateTime(e.receivedAt)}`,
    `Event number in this app: ${e.id}`,
    '',
    e.detail ?? 'No error text was recorded.',
  ].join('\n');
}
