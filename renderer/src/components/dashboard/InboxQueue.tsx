import type { Stats } from '../../../../shared/domain';
import { formatDateTime, formatRelative } from '../../format';

const STATES: { key: keyof Stats['inbox']; label: string; hint: string }[] = [
  { key: 'pending', label: 'Pending', hint: 'waiting to be processed' },
  { key: 'processing', label: 'Processing', hint: 'being turned into invoices' },
  { key: 'done', label: 'Done', hint: 'processed' },
  { key: 'ignored', label: 'Ignored', hint: 'not relevant to invoicing' },
  { key: 'dead', label: 'Failed', hint: 'gave up after repeated errors' },
];

/** The Square event inbox: what is waiting, what failed, and when the last event arrived. */
export function InboxQueue({ inbox, lastEventAt }: { inbox: Stats['inbox']; lastEventAt: string | null }) {
  return (
    <section className="card dashboard-wide">
      <h2 className="card-title">Square event inbox</h2>
      <dl className="queue">
        {STATES.map((s) => (
          <div key={s.key} className={`queue-item${s.key === 'dead' && inbox.dead > 0 ? ' queue-item-danger' : ''}`}>
            <dt title={s.hint}>{s.label}</dt>
            <dd data-testid={`stat-inbox-${s.key}`}>{inbox[s.key]}</dd>
          </div>
        ))}
      </dl>
      <p className="card-note">
        Last event:{' '}
        <span data-testid="stat-last-event">
          {lastEventAt ? (
            <time dateTime={lastEventAt} title={lastEventAt}>
              {formatDateTime(lastEventAt)} ({formatRelative(lastEventAt)})
            </time>
          ) : (
            'none received yet'
          )}
        </span>
      </p>
    </section>
  );
}
