import type { BackfillProgress, SyncStatus } from '../../../../shared/sync';
import { formatDate } from '../../format';

// The Sync screen's sentences, kept apart from the markup so they can be read (and tested) as the owner reads them.

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export interface RangeErrors {
  from?: string;
  to?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day "YYYY-MM-DD" (2025-02-30 is not one). */
function isRealDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The backfill range's problems, at the field they concern: both dates real, neither in the future (`today` is the
 * owner's own calendar day), and the first not after the last.
 */
export function validateRange(from: string, to: string, today: string): RangeErrors {
  const errors: RangeErrors = {};
  if (!from) errors.from = 'Choose the first day to read.';
  else if (!isRealDay(from)) errors.from = 'This is not a date. Pick one from the calendar.';
  else if (from > today) errors.from = `This day is in the future. Choose ${formatDate(today)} or earlier.`;
  if (!to) errors.to = 'Choose the last day to read.';
  else if (!isRealDay(to)) errors.to = 'This is not a date. Pick one from the calendar.';
  else if (to > today) errors.to = `This day is in the future. Choose ${formatDate(today)} or earlier.`;
  if (!errors.from && !errors.to && from > to) errors.to = `The last day must be on or after the first (${formatDate(from)}).`;
  return errors;
}

/** The owner's calendar day as YYYY-MM-DD (not UTC's: near midnight in Lagos they differ). */
export function localDay(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function rateText(p: BackfillProgress): string {
  // Nothing made yet: either nothing is new (no pace to speak of) or the first invoices are still on their way.
  if (p.invoiced + p.failed === 0) return p.remaining > 0 || p.state === 'running' ? 'Measuring…' : 'Nothing to make';
  if (p.ratePerMinute === null) return 'Measuring…';
  return `${count(Math.round(p.ratePerMinute), 'invoice')} a minute`;
}

export function etaText(p: BackfillProgress): string | null {
  if (p.etaSeconds === null || p.remaining === 0) return null;
  if (p.etaSeconds < 60) return 'less than a minute left';
  const minutes = Math.round(p.etaSeconds / 60);
  return minutes < 90 ? `about ${count(minutes, 'minute')} left` : `about ${count(Math.round(minutes / 60), 'hour')} left`;
}

/**
 * How much of the whole job is behind it, 0..1: the lesser of how far reading has got through the range and how many
 * of the sales found need nothing more (already here, made, failed or set aside). Either lagging holds the bar back.
 */
export function overallFraction(p: BackfillProgress): number {
  const read = p.state === 'running' ? p.readFraction : 1;
  const handled = p.read === 0 ? 1 : (p.read - p.remaining) / p.read;
  return Math.max(0, Math.min(1, read, handled));
}

/** One line saying where a running backfill is. */
export function backfillPhase(p: BackfillProgress): string {
  const range = `${formatDate(p.from)} to ${formatDate(p.to)}`;
  if (p.state === 'running') return `Reading sales from ${range} in Square (${Math.round(p.readFraction * 100)} % read)…`;
  if (p.remaining > 0) return `All sales from ${range} are read. Making the last ${count(p.remaining, 'invoice')}…`;
  return `Sales from ${range}`;
}

/**
 * The result in words once the backfill has settled (or was stopped): what was found, what was made, what failed and
 * what to do about it.
 */
export function backfillResult(p: BackfillProgress): { tone: 'success' | 'warning' | 'error'; title: string; lines: string[] } {
  const range = `${formatDate(p.from)} to ${formatDate(p.to)}`;
  const already = p.read - p.queued;
  const lines: string[] = [];
  if (p.read === 0) {
    if (p.state === 'done') lines.push('Square has no sales or refunds in these days for the selected locations.');
    else if (p.state === 'cancelled') lines.push('Nothing had been read yet.');
  } else {
    lines.push(`Found ${count(p.read, 'sale or refund', 'sales and refunds')} in Square.`);
    if (already > 0) lines.push(`${count(already, 'was', 'were')} already here and needed nothing.`);
    if (p.queued > 0) lines.push(`${count(p.invoiced, 'invoice or credit note', 'invoices and credit notes')} made from the ${count(p.queued, 'new one')}.`);
  }
  if (p.remaining > 0) lines.push(`${count(p.remaining, 'sale is', 'sales are')} still waiting to be invoiced; they will be made as soon as Square answers.`);
  if (p.failed > 0) lines.push(`${count(p.failed, 'sale', 'sales')} could not be made into invoices. Open Failed events to see why and retry them.`);
  if (p.state === 'cancelled') {
    const next = p.read ? 'Sales found before you stopped are kept. Start again to read the rest.' : 'Start again whenever you like.';
    return { tone: 'warning', title: `Backfill of ${range} stopped`, lines: [...lines, next] };
  }
  if (p.state === 'failed') {
    return {
      tone: 'error',
      title: `Backfill of ${range} did not finish`,
      lines: [...lines, 'Square could not be read to the end. Check the connection on the Square screen, then start the backfill again: nothing is made twice.'],
    };
  }
  return { tone: p.failed > 0 ? 'warning' : 'success', title: `Backfill of ${range} finished`, lines };
}

/** The last catch-up pass in one sentence. */
export function lastRunText(s: SyncStatus): string {
  if (s.running) return 'Checking Square for new sales now…';
  if (s.blocked) return 'Sync is waiting for you.';
  if (!s.lastRunAt) return 'Not synced since the app started.';
  if (s.lastRunRead === null || s.lastRunQueued === null) return s.lastError ? 'The last check did not finish.' : 'Synced.';
  if (s.lastError) {
    return s.lastRunQueued === 0
      ? 'The last check stopped before it found anything new.'
      : `The last check found ${count(s.lastRunQueued, 'new sale or change', 'new sales and changes')} before it stopped.`;
  }
  if (s.lastRunQueued === 0) return s.lastRunRead === 0 ? 'Nothing new in Square.' : `Checked ${count(s.lastRunRead, 'change')} in Square; all were already here.`;
  return `The last check found ${count(s.lastRunQueued, 'new sale or change', 'new sales and changes')} in Square and sent them to be invoiced.`;
}
