import type { InvoiceDocument } from '../../invoicing/invoice-detail';
import { docLabel } from './context';

/** The NRS refuses an issue date in the future; a real calendar date is checked too (the IRN carries it). */
export function dateProblems(d: InvoiceDocument, latestIssueDate: string): string[] {
  const who = docLabel(d);
  const t = Date.parse(`${d.issueDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.issueDate) || !Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== d.issueDate) {
    return [`${who}: its issue date ${d.issueDate} is not a calendar date.`];
  }
  if (d.issueDate > latestIssueDate) return [`${who}: its issue date ${d.issueDate} is in the future.`];
  return [];
}

/** Today in the easternmost time zone (UTC+14): no shop anywhere has a later calendar date now. */
export function latestIssueDate(now: number): string {
  return new Date(now + 14 * 3_600_000).toISOString().slice(0, 10);
}
