import type { WebhookRejectReason, WebhookStatus } from '../../../../shared/webhooks';
import { When } from './Fact';
import { REJECT_REASON_LABELS } from './webhook-text';

/** What the receiver did with the requests it got since the app started, and when the last event arrived. */
export function EventCounts({ status }: { status: WebhookStatus }) {
  const { counts, lastEventAt } = status;
  const reasons = (Object.entries(counts.rejectedByReason) as [WebhookRejectReason, number][]).filter(([, n]) => n > 0);
  return (
    <section className="card" data-testid="webhook-counts">
      <h2 className="card-title">Events since the app started</h2>
      <dl className="queue webhook-queue">
        <div className="queue-item">
          <dt title="Verified and stored; each becomes work for the invoicing pipeline">Accepted</dt>
          <dd data-testid="webhook-accepted">{counts.accepted}</dd>
        </div>
        <div className="queue-item">
          <dt title="Square sent an event again that was already stored; acknowledged, not stored twice">Duplicates</dt>
          <dd data-testid="webhook-duplicates">{counts.duplicates}</dd>
        </div>
        <div className={`queue-item${counts.rejected > 0 ? ' queue-item-danger' : ''}`}>
          <dt title="Refused: not signed with the subscription’s key, or not a Square event">Rejected</dt>
          <dd data-testid="webhook-rejected">{counts.rejected}</dd>
        </div>
      </dl>
      {reasons.length ? (
        <ul className="reason-list" data-testid="webhook-rejected-reasons">
          {reasons.map(([reason, n]) => (
            <li key={reason} className="reason" data-testid={`webhook-rejected-${reason}`} data-count={n}>
              <span>{REJECT_REASON_LABELS[reason] ?? reason}</span>
              <strong>{n}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      <dl className="facts webhook-facts webhook-last">
        <div className="fact">
          <dt>Last event</dt>
          <dd data-testid="webhook-last-event">
            {lastEventAt ? <When iso={lastEventAt} /> : <span className="muted">none received yet</span>}
          </dd>
        </div>
        <div className="fact">
          <dt>Last refusal</dt>
          <dd data-testid="webhook-last-rejection" data-reason={counts.lastRejection?.reason}>
            {counts.lastRejection ? (
              <>
                <span className="text-danger">{REJECT_REASON_LABELS[counts.lastRejection.reason] ?? counts.lastRejection.reason}</span>
                {' · '}
                <When iso={counts.lastRejection.at} />
              </>
            ) : (
              <span className="muted">none</span>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}
