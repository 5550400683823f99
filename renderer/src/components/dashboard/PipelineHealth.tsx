import type { PipelineStats } from '../../../../shared/domain';
import { formatDateTime } from '../../format';

const BREAKER_TEXT: Record<PipelineStats['breaker'], { label: string; tone: string; hint: string }> = {
  // Only what the breaker knows: recent calls went through. Whether Square is connected is the health line's job.
  closed: { label: 'No recent failures', tone: 'exported', hint: 'The last calls to Square went through, or none were needed.' },
  half_open: { label: 'Checking Square', tone: 'needs_review', hint: 'A test call is under way after an outage.' },
  open: {
    label: 'Square unavailable',
    tone: 'void-plain',
    hint: 'Square is not answering. Events wait safely and are processed when it is back; nothing is lost.',
  },
};

/** How the pipeline is doing: Square's circuit breaker, queue depth and how fast sales become invoices. */
export function PipelineHealth({ pipeline }: { pipeline: PipelineStats }) {
  const breaker = BREAKER_TEXT[pipeline.breaker];
  return (
    <section className="card" data-testid="pipeline-health">
      <h2 className="card-title">Invoicing pipeline</h2>
      <p>
        <span className={`badge badge-${breaker.tone}`} data-testid="pipeline-breaker">
          {breaker.label}
        </span>
      </p>
      <p className="card-note">
        {breaker.hint}
        {pipeline.breakerOpenedAt ? ` Since ${formatDateTime(pipeline.breakerOpenedAt)}.` : ''}
      </p>
      <dl className="facts">
        <div className="fact">
          <dt>Waiting</dt>
          <dd data-testid="pipeline-queue">{pipeline.queueDepth}</dd>
        </div>
        <div className="fact">
          <dt>Sale → invoice</dt>
          <dd data-testid="pipeline-latency">
            {pipeline.latencyMs
              ? `${pipeline.latencyMs.p50} ms typical, ${pipeline.latencyMs.p95} ms for the slowest 5 % (last ${pipeline.latencyMs.count})`
              : 'no sales processed since start'}
          </dd>
        </div>
        <div className="fact">
          <dt>Processed / failed</dt>
          <dd>
            {pipeline.processedTotal} / {pipeline.failedTotal}
          </dd>
        </div>
      </dl>
    </section>
  );
}
