import { useRef, useState } from 'react';
import type { ExportBatchView } from '../../../../shared/export';
import { api } from '../../api';
import { formatDateTime } from '../../format';
import { useAction } from '../../hooks/useAction';
import { useQuery } from '../../hooks/useQuery';
import { EmptyState } from '../EmptyState';
import { ErrorBanner } from '../ErrorBanner';
import { Loading } from '../Loading';
import { batchCount, FORMAT_LABELS, shortHash } from './export-text';

interface Rerun {
  batch: ExportBatchView;
  path: string;
  identical: boolean;
}

/** Every batch written so far, newest first, each with "Export again" (the same files, byte for byte). */
export function ExportHistory({ reloadKey, canSaveCopy = false }: { reloadKey: number; canSaveCopy?: boolean }) {
  const list = useQuery(() => api['export.list']({ page: 1, pageSize: 50 }), `export.list:${reloadKey}`);
  const [again, setAgain] = useState<Rerun | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [target, setTarget] = useState<number | null>(null);
  // The batch the click asked for, read by the action started in the same click.
  const targetRef = useRef<number | null>(null);
  const action = useAction(
    {
      rerun: async () => {
        const batchId = targetRef.current;
        if (batchId === null) return;
        setAgain(null);
        setAgain(await api['export.rerun']({ batchId }));
      },
      // Desktop only: a folder picker, then the batch's folder copied there under its own name.
      saveCopy: async () => {
        const batchId = targetRef.current;
        if (batchId === null) return;
        setCopied(null);
        const answer = await api['export.saveCopy']({ batchId });
        if (answer.saved && answer.folder) setCopied(answer.folder);
      },
    },
    list.reload,
  );
  const batches = list.data?.items ?? [];

  return (
    <section className="card card-flush" aria-labelledby="export-history-title" data-testid="export-history">
      <div className="card-head card-head-padded">
        <div>
          <h2 className="card-title" id="export-history-title">
            Earlier exports
          </h2>
          <p className="card-lead">Lost a file? “Export again” writes the same files once more, byte for byte.</p>
        </div>
      </div>
      <div className="card-pad">
        <ErrorBanner error={list.error} title="Could not load earlier exports" onRetry={list.reload} />
        <ErrorBanner error={action.error} title={action.failed === 'saveCopy' ? 'Could not save a copy' : 'Could not export the batch again'} />
        {copied ? (
          <div className="banner banner-success" role="status" data-testid="copy-result">
            <span className="banner-message">
              Copy saved in <code className="batch-path">{copied}</code>.
            </span>
          </div>
        ) : null}
        {again ? (
          <div className={`banner ${again.identical ? 'banner-success' : 'banner-warning'}`} role="status" data-testid="rerun-result">
            <div className="banner-body">
              <strong className="banner-title" data-testid="rerun-identical">
                Batch no. {again.batch.id}{' '}
                {again.identical
                  ? 'written again: the files are identical to the first export.'
                  : 'written again, but the files differ from the first export. Do not send them; contact support.'}
              </strong>
              <span className="banner-message">
                Saved as <code className="batch-path" data-testid="rerun-path">{again.path}</code> (fingerprint{' '}
                <code className="nowrap">{shortHash(again.batch.sha256)}…</code>).
              </span>
            </div>
          </div>
        ) : null}
      </div>
      {list.loading && !list.data ? (
        <Loading label="Loading earlier exports…" />
      ) : batches.length === 0 ? (
        <EmptyState title="Nothing exported yet">Batches you export appear here.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact export-history-table">
            <caption className="visually-hidden">Earlier exports, newest first</caption>
            <thead>
              <tr>
                <th scope="col">No.</th>
                <th scope="col" className="col-batch">
                  Folder
                </th>
                <th scope="col">When</th>
                <th scope="col">Format</th>
                <th scope="col">Documents</th>
                <th scope="col">Fingerprint</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id} data-testid="history-batch" data-format={b.format}>
                  <td className="num" data-testid="history-batch-no">
                    {b.id}
                  </td>
                  <td className="col-batch">
                    <span className="batch-name" title={b.path}>
                      {b.name}
                    </span>
                  </td>
                  <td className="nowrap">{formatDateTime(b.createdAt)}</td>
                  <td>{FORMAT_LABELS[b.format]}</td>
                  <td>{batchCount(b)}</td>
                  <td>
                    <code title={b.sha256}>{shortHash(b.sha256)}</code>
                  </td>
                  <td className="num">
                    <div className="history-actions">
                    <button
                      type="button"
                      className="btn btn-secondary btn-small nowrap"
                      data-testid="history-rerun"
                      aria-label={`Export batch ${b.name} again`}
                      disabled={action.pending !== null}
                      onClick={() => {
                        targetRef.current = b.id;
                        setTarget(b.id);
                        action.run('rerun');
                      }}
                    >
                      {action.pending === 'rerun' && target === b.id ? 'Writing…' : 'Export again'}
                    </button>
                    {canSaveCopy ? (
                      <button
                        type="button"
                        className="btn btn-secondary btn-small nowrap"
                        data-testid="history-save-copy"
                        aria-label={`Save a copy of batch ${b.name}`}
                        disabled={action.pending !== null}
                        onClick={() => {
                          targetRef.current = b.id;
                          setTarget(b.id);
                          action.run('saveCopy');
                        }}
                      >
                        {action.pending === 'saveCopy' && target === b.id ? 'Copying…' : 'Save a copy…'}
                      </button>
                    ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
