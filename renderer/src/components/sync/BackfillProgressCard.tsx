import { backfillSettled, type BackfillProgress } from '../../../../shared/sync';
import { backfillPhase, backfillResult, etaText, overallFraction, rateText } from './sync-text';

interface Props {
  progress: BackfillProgress;
  cancelling: boolean;
  onCancel: () => void;
}

const n = (v: number) => v.toLocaleString('en-GB');

/** A backfill while it runs (bar, counts, pace, Cancel) and, once settled, its result in words. */
export function BackfillProgressCard({ progress: p, cancelling, onCancel }: Props) {
  const settled = backfillSettled(p);
  const percent = Math.round(overallFraction(p) * 100);
  const eta = etaText(p);
  return (
    <div className="backfill-progress" data-testid="backfill-progress" data-state={p.state} data-settled={settled}>
      {!settled ? (
        <div role="status" className="backfill-running">
          <label className="field-label" htmlFor="backfill-bar" data-testid="backfill-phase">
            {backfillPhase(p)}
          </label>
          <div className="backfill-bar-row">
            <progress id="backfill-bar" max={100} value={percent} data-testid="backfill-bar" />
            <span className="num strong" data-testid="backfill-percent">
              {percent} %
            </span>
          </div>
        </div>
      ) : null}
      <dl className="backfill-counts">
        <Count label="Found in Square" value={n(p.read)} testId="backfill-read" />
        <Count label="Invoices made" value={n(p.invoiced)} testId="backfill-invoiced" />
        <Count label="Waiting" value={n(p.remaining)} testId="backfill-remaining" />
        <Count label="Failed" value={n(p.failed)} testId="backfill-failed" tone={p.failed ? 'danger' : undefined} />
        <Count label="Pace" value={rateText(p)} hint={eta} testId="backfill-rate" />
      </dl>
      {!settled && p.state === 'running' ? (
        <button type="button" className="btn btn-secondary" data-testid="backfill-cancel" disabled={cancelling} onClick={onCancel}>
          {cancelling ? 'Stopping…' : 'Cancel'}
        </button>
      ) : null}
      {settled || p.state !== 'running' ? <Result progress={p} /> : null}
    </div>
  );
}

function Count({ label, value, hint, testId, tone }: { label: string; value: string; hint?: string | null; testId: string; tone?: 'danger' }) {
  return (
    <div className={`backfill-count${tone ? ` backfill-count-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
      {hint ? <dd className="muted backfill-hint">{hint}</dd> : null}
    </div>
  );
}

function Result({ progress }: { progress: BackfillProgress }) {
  const r = backfillResult(progress);
  return (
    <div className={`banner banner-${r.tone}`} role="status" data-testid="backfill-result" data-tone={r.tone}>
      <div className="banner-body">
        <strong className="banner-title">{r.title}</strong>
        {r.lines.map((line) => (
          <span key={line} className="banner-message">
            {line}
          </span>
        ))}
        {progress.error ? (
          <details className="sync-details">
            <summary>Details</summary>
            <code>{progress.error}</code>
          </details>
        ) : null}
      </div>
    </div>
  );
}
