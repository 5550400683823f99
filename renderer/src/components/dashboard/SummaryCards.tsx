import type { DashboardSummary } from '../../../../shared/dashboard';
import { formatRelative, money } from '../../format';
import { DashCard } from './DashCard';
import type { CanOpen, OpenTarget } from './targets';
import { clockTime, timeUntil } from './time-words';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The owner's questions, one card each: what sold today, what waits for me, what is due, what broke, is data fresh. */
export function SummaryCards({ s, onOpen, canOpen }: { s: DashboardSummary; onOpen: OpenTarget; canOpen: CanOpen }) {
  const links = { onOpen, canOpen };
  const { b2c } = s;
  return (
    <div className="dash-cards">
      <DashCard
        {...links}
        wide
        label="Sales today"
        testId="dash-sales-today"
        target={{ screen: 'invoices', from: s.today, to: s.today }}
        linkLabel="See today's invoices"
        value={
          s.todayTotals.length === 0 ? (
            'No sales yet'
          ) : (
            <span className="dash-money-list">
              {s.todayTotals.map((t) => (
                <span key={t.currency} className="dash-money" data-testid={`dash-sales-${t.currency}`}>
                  {money(t.netMinor, t.currency)}
                </span>
              ))}
            </span>
          )
        }
        hint={
          s.todayTotals.length === 0
            ? 'Sales paid today appear here within seconds.'
            : s.todayTotals.map((t) => (
                <span key={t.currency} className="dash-hint-line">
                  {plural(t.sales, 'sale', 'sales')}
                  {t.refunds ? `, ${plural(t.refunds, 'refund', 'refunds')}` : ''} · tax{' '}
                  <span data-testid={`dash-tax-${t.currency}`}>{money(t.taxMinor, t.currency)}</span>
                </span>
              ))
        }
      />
      <DashCard
        {...links}
        label="Waiting for review"
        testId="dash-review"
        tone={s.waiting.review > 0 ? 'warning' : 'default'}
        target={{ screen: 'invoices', status: 'needs_review' }}
        linkLabel="Review them"
        value={s.waiting.review}
        hint={s.waiting.review > 0 ? 'Something in these sales needs checking.' : 'Nothing to check.'}
      />
      <DashCard
        {...links}
        label="Waiting for approval"
        testId="dash-approval"
        target={{ screen: 'invoices', status: 'draft' }}
        linkLabel="Approve them"
        value={s.waiting.approval}
        hint={s.waiting.export > 0 ? `${s.waiting.export} approved, not yet exported` : 'Approved invoices are then exported.'}
      />
      <DashCard
        {...links}
        label="B2C to report within 24 h"
        testId="dash-b2c"
        tone={b2c.overdue > 0 ? 'danger' : b2c.nearDeadline > 0 ? 'warning' : 'default'}
        target={{ screen: 'export' }}
        linkLabel="Export"
        value={b2c.pending}
        hint={
          b2c.oldestDueAt === null ? (
            'No consumer sale is waiting to be reported.'
          ) : (
            <span data-testid="dash-b2c-oldest">
              {b2c.overdue > 0
                ? `${plural(b2c.overdue, 'is', 'are')} past the deadline; the oldest was due ${timeUntil(b2c.oldestDueAt)}.`
                : `Oldest due ${timeUntil(b2c.oldestDueAt)}, at ${clockTime(b2c.oldestDueAt, s.timeZone)}.`}
            </span>
          )
        }
      />
      <DashCard
        {...links}
        label="Failed events"
        testId="dash-failed"
        tone={s.failedEvents > 0 ? 'danger' : 'default'}
        target={{ screen: 'events' }}
        linkLabel="Retry them"
        value={s.failedEvents}
        hint={s.failedEvents > 0 ? 'Sales the app could not turn into invoices.' : 'Every sale became an invoice.'}
      />
      <DashCard
        {...links}
        label="Last sale received"
        testId="dash-last-sale"
        target={s.lastSale ? { screen: 'invoice', id: s.lastSale.invoiceId } : { screen: 'transactions' }}
        linkLabel={s.lastSale ? 'Open it' : 'Transactions'}
        value={
          s.lastSale ? (
            <time dateTime={s.lastSale.receivedAt} title={s.lastSale.receivedAt}>
              {formatRelative(s.lastSale.receivedAt)}
            </time>
          ) : (
            'None yet'
          )
        }
        hint={s.lastSale ? `${money(s.lastSale.payableMinor, s.lastSale.currency)} at ${clockTime(s.lastSale.receivedAt, s.timeZone)}` : 'No sale has reached the app yet.'}
      />
      <DashCard
        {...links}
        label="Last sync with Square"
        testId="dash-last-sync"
        tone={s.lastSync.error && s.lastSync.at ? 'warning' : 'default'}
        target={{ screen: 'sync' }}
        linkLabel="Sync"
        value={
          s.lastSync.running ? (
            'Running now'
          ) : s.lastSync.at ? (
            <time dateTime={s.lastSync.at} title={s.lastSync.at}>
              {formatRelative(s.lastSync.at)}
            </time>
          ) : (
            'Not yet'
          )
        }
        hint={
          <span data-testid="dash-last-sync-note">
            {/* Square's own error text (codes, location ids) is for the Sync screen's details, not for this card. */}
            {s.lastSync.error && s.lastSync.at
              ? `The last check failed. The app tries again${s.lastSync.nextAt ? ` ${timeUntil(s.lastSync.nextAt)}` : ' by itself'}.`
              : s.lastSync.error
                ? 'Starts once Square is connected and a location is chosen.'
                : s.lastSync.nextAt
                ? `Next check ${timeUntil(s.lastSync.nextAt)}.`
                : 'The app catches up with Square every few minutes.'}
          </span>
        }
      />
    </div>
  );
}
