import { useState } from 'react';
import type { ExportFormat, ExportRunResult } from '../../../../shared/export';
import { errorMessage } from '../../format';
import { BatchSummary } from './BatchSummary';
import { FormatChoice } from './FormatChoice';

/** The form of the detail view's "Export…": choose the format, then export this one document. */
export function InvoiceExportForm({ label, busy, onExport, onCancel }: {
  label: string;
  busy: boolean;
  onExport: (format: ExportFormat) => void;
  onCancel: () => void;
}) {
  const [format, setFormat] = useState<ExportFormat>('nrs-json');
  return (
    <form
      className="step-form"
      noValidate
      data-testid="invoice-export-form"
      onSubmit={(e) => {
        e.preventDefault();
        onExport(format);
      }}
    >
      <FormatChoice name="invoice-export" value={format} onChange={setFormat} disabled={busy} />
      <div className="field-help">Once exported, this {label} can no longer change.</div>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" data-testid="invoice-export-confirm" disabled={busy} autoFocus>
          {busy ? 'Exporting…' : `Export this ${label}`}
        </button>
      </div>
    </form>
  );
}

/** What the detail view's export did: the batch, or every reason nothing was exported. */
export function InvoiceExportResult({ result }: { result: ExportRunResult }) {
  if (result.ok) {
    return (
      <div className="banner banner-success invoice-export-result" role="status" data-testid="invoice-export-done">
        <div className="banner-body">
          <strong className="banner-title">Exported in batch no. {result.batch.id}</strong>
          <BatchSummary batch={result.batch} testId="invoice-export-batch" />
        </div>
      </div>
    );
  }
  const problems = result.problems.flatMap((p) => p.problems);
  return (
    <div className="banner banner-error" role="alert" data-testid="invoice-export-refused">
      <div className="banner-body">
        <strong className="banner-title">Nothing was exported</strong>
        {problems.length ? (
          <ul className="export-problem-texts">
            {problems.map((p) => (
              <li key={p} data-testid="export-problem-text">
                {p}
              </li>
            ))}
          </ul>
        ) : (
          <span className="banner-message">{errorMessage(result.message)}</span>
        )}
      </div>
    </div>
  );
}
