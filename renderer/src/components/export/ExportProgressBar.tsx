import { useEffect, useState } from 'react';
import type { ExportProgress } from '../../../../shared/export';
import { api } from '../../api';

const PHASES: Record<ExportProgress['phase'], string> = {
  checking: 'Checking invoices',
  writing: 'Checking and writing files',
  recording: 'Recording the batch',
  done: 'Finished',
};

/**
 * The running export's progress, from the host's push events. Subscribed for as long as the screen shows (so the
 * event stream is open before an export starts and its first events are not missed); forgotten when no export runs.
 */
export function useExportProgress(active: boolean): ExportProgress | null {
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  useEffect(() => api.on('export.progress', setProgress), []);
  useEffect(() => {
    if (!active) setProgress(null);
  }, [active]);
  return active ? progress : null;
}

export function ExportProgressBar({ progress, running }: { progress: ExportProgress | null; running: boolean }) {
  if (!running) return null;
  const label = progress ? `${PHASES[progress.phase]}: ${progress.done.toLocaleString('en-GB')} of ${progress.total.toLocaleString('en-GB')}` : 'Starting the export…';
  return (
    <div className="export-progress" data-testid="export-progress" role="status">
      <label className="field-label" htmlFor="export-progress-bar">
        {label}
      </label>
      <progress
        id="export-progress-bar"
        max={progress?.total || 1}
        value={progress ? Math.min(progress.done, progress.total) : undefined}
      />
    </div>
  );
}
