import type { ExportBatchView } from '../../../../shared/export';
import { formatDateTime } from '../../format';
import { batchCount, folderOf, FORMAT_LABELS, plural, shortHash } from './export-text';

/** One written batch: what is in it, where its files are, and its fingerprint. */
export function BatchSummary({ batch, path, testId }: { batch: ExportBatchView; path?: string; testId: string }) {
  const main = path ?? batch.path;
  return (
    <dl className="batch-facts" data-testid={testId}>
      <div>
        <dt>Documents</dt>
        <dd data-testid="batch-count">{batchCount(batch)}</dd>
      </div>
      <div>
        <dt>Batch no.</dt>
        <dd data-testid="batch-no">{batch.id}</dd>
      </div>
      <div>
        <dt>File format</dt>
        <dd data-testid="batch-format">{FORMAT_LABELS[batch.format]}</dd>
      </div>
      <div>
        <dt>When</dt>
        <dd>{formatDateTime(batch.createdAt)}</dd>
      </div>
      <div className="batch-fact-wide">
        <dt>Saved in the folder</dt>
        <dd>
          <code className="batch-path" data-testid="batch-folder">
            {folderOf(main)}
          </code>
        </dd>
      </div>
      <div className="batch-fact-wide">
        <dt>Main file</dt>
        <dd>
          <code className="batch-path" data-testid="batch-path">
            {main}
          </code>
          {batch.fileCount > 1 ? (
            <span className="muted"> and {plural(batch.fileCount - 1, 'file', 'files')} with one invoice each</span>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>
          Fingerprint <abbr title="SHA-256 checksum of the main file">(SHA-256)</abbr>
        </dt>
        <dd>
          <code data-testid="batch-sha" title={batch.sha256}>
            {shortHash(batch.sha256)}…
          </code>
        </dd>
      </div>
    </dl>
  );
}
