import type { AppInfo } from '../../../shared/domain';
import { useState } from 'react';
import type { ExportFormat, ExportProblems, ExportRunResult } from '../../../shared/export';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { BatchSummary } from '../components/export/BatchSummary';
import { ExportHistory } from '../components/export/ExportHistory';
import { ExportProgressBar, useExportProgress } from '../components/export/ExportProgressBar';
import { plural } from '../components/export/export-text';
import { FormatChoice } from '../components/export/FormatChoice';
import { ProblemList } from '../components/export/ProblemList';
import { PageHeader } from '../components/PageHeader';
import { useAction } from '../hooks/useAction';
import { useQuery } from '../hooks/useQuery';

interface Props {
  /** Documents ticked in the invoice list; none = choose approved invoices by date and location. */
  ids?: number[];
  /** The desktop app can copy a batch where the owner chooses; the browser dashboard shows the folder. */
  runtime?: AppInfo['runtime'] | undefined;
  onOpen: (id: number) => void;
  onChooseByDate: () => void;
  onOpenSettings: () => void;
}

interface Checked {
  count: number;
  problems: ExportProblems[];
}

/**
 * What the Check shows: the business profile's problems (id 0, given once by main) without their "Settings:" prefix,
 * which the heading "Business details in Settings" already says, then the documents that have problems.
 */
function shownProblems(all: ExportProblems[]): ExportProblems[] {
  return all
    .map((p) => (p.id === 0 ? { ...p, problems: p.problems.map(withoutSettingsPrefix) } : p))
    .filter((p) => p.problems.length);
}

function withoutSettingsPrefix(text: string): string {
  const said = text.replace(/^Settings:\s*/, '');
  return said.charAt(0).toUpperCase() + said.slice(1);
}

function checkSummary({ count, problems }: Checked): string {
  const profile = problems.some((p) => p.id === 0);
  const docs = problems.filter((p) => p.id !== 0).length;
  const needs = docs ? `${plural(docs, 'document needs', 'documents need')} fixing` : '';
  if (profile) return `Your business details in Settings need fixing before anything can be exported${docs ? `, and ${needs}` : ''}.`;
  const ready = count - docs;
  return `${needs} before export${ready > 0 ? ` (${ready.toLocaleString('en-GB')} of ${count.toLocaleString('en-GB')} are ready)` : ''}.`;
}

const ACTION_TITLES = { check: 'Could not check the invoices', run: 'Could not export' } as const;

/**
 * Export to TaxPoynt: choose approved invoices (by date and location, or the ones ticked in the list), check them,
 * write the batch, and find earlier batches to write again.
 */
export function Export({ ids, runtime, onOpen, onChooseByDate, onOpenSettings }: Props) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [locationId, setLocationId] = useState('');
  const [format, setFormat] = useState<ExportFormat>('nrs-json');
  const [checked, setChecked] = useState<Checked | null>(null);
  const [result, setResult] = useState<ExportRunResult | null>(null);
  const [historyKey, setHistoryKey] = useState(0);
  const square = useQuery(() => api['square.status'](), 'square.status');
  const locations = square.data?.locations ?? [];
  const badRange = Boolean(from && to && from > to);

  const filter = () => ({ ...(from ? { from } : {}), ...(to ? { to } : {}), ...(locationId ? { locationId } : {}) });
  const forget = () => {
    setChecked(null);
    setResult(null);
  };

  const action = useAction({
    check: async () => {
      setResult(null);
      setChecked(null);
      const chosen = ids ?? (await api['invoices.ids']({ status: ['approved'], ...filter() }));
      if (!chosen.length) return 'No approved invoices match this choice. Approve invoices in Invoices first.';
      const all = await api['export.check']({ ids: chosen });
      setChecked({ count: chosen.length, problems: shownProblems(all) });
    },
    run: async () => {
      setChecked(null);
      setResult(null);
      const answer = await api['export.run'](ids ? { ids, format } : { filter: filter(), format });
      setResult(answer);
      if (answer.ok) setHistoryKey((k) => k + 1);
    },
  });
  const running = action.pending === 'run';
  const progress = useExportProgress(running);
  const busy = action.pending !== null;

  return (
    <div className="screen export-screen" data-testid="screen-export">
      <PageHeader
        title="Export"
        subtitle="Send approved invoices to TaxPoynt as files. Exported invoices can no longer change."
      />
      <section className="card card-pad-all" aria-labelledby="export-choose-title" data-testid="export-form">
        <h2 className="card-title" id="export-choose-title">
          What to export
        </h2>
        {ids ? (
          <div className="export-selection" data-testid="export-selection">
            <span>
              <strong>{plural(ids.length, 'document', 'documents')}</strong> ticked in the invoice list.
            </span>
            <button type="button" className="btn btn-secondary btn-small" data-testid="export-by-date" onClick={onChooseByDate}>
              Choose by date instead
            </button>
          </div>
        ) : (
          <div className="filters export-filters" role="group" aria-label="Approved invoices issued">
            <label className="field">
              <span className="field-label">Issued from</span>
              <input
                type="date"
                className="input"
                value={from}
                data-testid="export-from"
                onChange={(e) => {
                  setFrom(e.target.value);
                  forget();
                }}
              />
            </label>
            <label className="field">
              <span className="field-label">Issued to</span>
              <input
                type="date"
                className={`input${badRange ? ' input-invalid' : ''}`}
                value={to}
                data-testid="export-to"
                aria-invalid={badRange || undefined}
                aria-describedby={badRange ? 'export-range-error' : undefined}
                onChange={(e) => {
                  setTo(e.target.value);
                  forget();
                }}
              />
            </label>
            {locations.length > 1 ? (
              <label className="field">
                <span className="field-label">Location</span>
                <select
                  className="input"
                  value={locationId}
                  data-testid="export-location"
                  onChange={(e) => {
                    setLocationId(e.target.value);
                    forget();
                  }}
                >
                  <option value="">All locations</option>
                  {locations.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <p className="field-help export-filter-help">
              {from || to ? 'Every approved invoice and credit note issued in these dates.' : 'Every approved invoice and credit note not yet exported.'}
            </p>
            {badRange ? (
              <p className="field-error" id="export-range-error" data-testid="export-range-error">
                “Issued from” must not be after “Issued to”.
              </p>
            ) : null}
          </div>
        )}
        <FormatChoice name="export" value={format} disabled={busy} onChange={(f) => {
          setFormat(f);
          setResult(null);
        }} />
        <div className="form-actions export-actions">
          <button className="btn btn-secondary" data-testid="export-check" {...action.button('check', badRange)}>
            {action.pending === 'check' ? 'Checking…' : 'Check'}
          </button>
          <button className="btn btn-primary" data-testid="export-run" {...action.button('run', badRange)}>
            {running ? 'Exporting…' : 'Export'}
          </button>
        </div>
        <ExportProgressBar progress={progress} running={running} />
      </section>

      <ErrorBanner error={action.error} title={action.failed ? ACTION_TITLES[action.failed] : undefined} />
      {action.notice ? (
        <div className="banner banner-info" role="status" data-testid="export-notice">
          {action.notice}
        </div>
      ) : null}

      {checked ? (
        checked.problems.length === 0 ? (
          <div className="banner banner-success" role="status" data-testid="check-ok">
            All {plural(checked.count, 'document is', 'documents are')} ready to export.
          </div>
        ) : (
          <section className="banner banner-warning export-result" role="status" aria-labelledby="check-title" data-testid="check-result">
            <div className="banner-body">
              <strong className="banner-title" id="check-title" data-testid="check-summary">
                {checkSummary(checked)}
              </strong>
              <ProblemList problems={checked.problems} onOpen={onOpen} onOpenSettings={onOpenSettings} />
            </div>
          </section>
        )
      ) : null}

      {result && !result.ok ? (
        <section className="banner banner-error export-result" role="alert" aria-labelledby="refusal-title" data-testid="export-refused">
          <div className="banner-body">
            <strong className="banner-title" id="refusal-title">
              Nothing was exported
            </strong>
            <span className="banner-message" data-testid="export-refused-message">
              {result.message.replace(/^Nothing was exported:\s*/, '')}
            </span>
            {result.problems.length ? <ProblemList problems={result.problems} onOpen={onOpen} onOpenSettings={onOpenSettings} /> : null}
          </div>
        </section>
      ) : null}

      {result?.ok ? (
        <section className="card card-pad-all export-done" aria-labelledby="export-done-title" data-testid="export-done">
          <h2 className="card-title" id="export-done-title">
            Export finished
          </h2>
          <BatchSummary batch={result.batch} testId="export-batch" />
          <p className="field-help">
            {result.batch.format === 'nrs-json'
              ? 'Upload the files in this folder to TaxPoynt. These invoices are now read-only.'
              : 'Open the file in your spreadsheet app. These invoices are now read-only.'}
          </p>
        </section>
      ) : null}

      <ExportHistory reloadKey={historyKey} canSaveCopy={runtime === 'electron'} />
    </div>
  );
}
