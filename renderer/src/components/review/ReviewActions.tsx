import { useRef, useState } from 'react';
import type { InvoiceDetail } from '../../../../shared/domain';
import type { ExportFormat, ExportRunResult } from '../../../../shared/export';
import { api } from '../../api';
import { useAction } from '../../hooks/useAction';
import { ErrorBanner } from '../ErrorBanner';
import { NoticeBanner } from '../NoticeBanner';
import { PrintButton } from '../invoices/PrintButton';
import { InvoiceExportForm, InvoiceExportResult } from '../export/InvoiceExport';

type Step = 'accept' | 'void' | 'export' | null;

const ACTION_TITLES = {
  approve: 'Could not approve the invoice',
  accept: 'Could not approve the invoice',
  void: 'Could not void the invoice',
  reopen: 'Could not reopen the invoice',
  export: 'Could not export the invoice',
} as const;

/**
 * The owner's decision on one document: approve it (or, when it needs checking, approve it as it is with a note),
 * void it with a reason, or reopen an approved one. Exported documents are read-only: corrections go by credit note.
 */
export function ReviewActions({ invoice: inv, onChanged }: { invoice: InvoiceDetail; onChanged: () => void }) {
  const [step, setStep] = useState<Step>(null);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  // The format chosen in the export form, read by the action the same click starts.
  const exportFormat = useRef<ExportFormat>('nrs-json');
  // Kept across the switch to the read-only view that a successful export brings.
  const [exported, setExported] = useState<ExportRunResult | null>(null);
  const label = inv.kind === 'credit_note' ? 'credit note' : 'invoice';

  const action = useAction(
    {
      approve: async () => {
        await api['invoices.approve']({ id: inv.id });
        return `The ${label} is approved.`;
      },
      accept: async () => {
        await api['invoices.approve']({ id: inv.id, acceptNote: note });
        setStep(null);
        setNote('');
        return `The ${label} is approved as it is; your note is in its history.`;
      },
      void: async () => {
        await api['invoices.void']({ id: inv.id, reason });
        setStep(null);
        setReason('');
        return `The ${label} is void.`;
      },
      reopen: async () => {
        await api['invoices.reopen']({ id: inv.id });
        return `The ${label} is open for changes again.`;
      },
      export: async () => {
        setExported(null);
        const result = await api['export.run']({ ids: [inv.id], format: exportFormat.current });
        setExported(result);
        if (result.ok) setStep(null);
      },
    },
    onChanged,
  );
  const { pending, button, submit } = action;

  const needsReview = inv.status === 'needs_review';
  // The first problem of a needs_review document is "check it first"; the others stop even an approval as it is.
  const otherProblems = needsReview ? inv.approvalProblems.slice(1) : inv.approvalProblems;
  const canApprove = (inv.status === 'draft' || needsReview) && inv.approvalProblems.length === 0;
  const canVoid = inv.status === 'draft' || needsReview || inv.status === 'approved';

  // The export's history entry names its batch.
  const exportedEntry = inv.history.find((h) => h.action === 'invoice.exported');
  const exportBatch = typeof exportedEntry?.detail?.batch === 'number' ? exportedEntry.detail.batch : null;

  if (inv.status === 'exported') {
    return (
      <section className="card review-bar" data-testid="review-actions" aria-label="Decision">
        <div className="banner banner-info" role="note" data-testid="exported-note">
          <div className="banner-body">
            <strong className="banner-title">Exported: this {label} can no longer change</strong>
            <span className="banner-message">
              It has been sent on for the tax authority. To correct it, refund the sale in Square: the refund arrives
              here as a credit note against this invoice. Make a new sale if the buyer still owes you.
            </span>
            {exportBatch !== null ? (
              <span className="banner-message" data-testid="exported-batch">
                It went out in export batch no. {exportBatch} (Export, “Earlier exports”).
              </span>
            ) : null}
          </div>
        </div>
        <div className="action-bar">
          <PrintButton id={inv.id} />
        </div>
        {exported ? <InvoiceExportResult result={exported} /> : null}
      </section>
    );
  }

  return (
    <section className="card review-bar" data-testid="review-actions" aria-label="Decision">
      {inv.status === 'void' ? (
        <p className="review-state" data-testid="void-note">
          This {label} is void{inv.reviewReason ? <>: <q>{inv.reviewReason}</q>.</> : '.'} It will not be exported.
        </p>
      ) : null}
      {inv.status === 'approved' ? (
        <p className="review-state" data-testid="approved-note">
          Approved and ready for export. Reopen it to change the buyer or the items’ classification.
        </p>
      ) : null}
      {(inv.status === 'draft' || needsReview) && otherProblems.length ? (
        <div className="problems" id="approval-problems" data-testid="approval-problems">
          <strong>Before you can approve:</strong>
          <ul>
            {otherProblems.map((p) => (
              <li key={p} data-testid="approval-problem">
                {p}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="action-bar" data-testid="action-bar">
        {inv.status === 'draft' || needsReview ? (
          <button
            className="btn btn-primary"
            data-testid="action-approve"
            aria-describedby={!canApprove && otherProblems.length ? 'approval-problems' : undefined}
            {...button('approve', !canApprove)}
          >
            {pending === 'approve' ? 'Approving…' : 'Approve'}
          </button>
        ) : null}
        {needsReview && step !== 'accept' ? (
          <button
            type="button"
            className="btn btn-secondary"
            data-testid="action-accept"
            disabled={pending !== null}
            onClick={() => setStep('accept')}
          >
            Approve as it is…
          </button>
        ) : null}
        {inv.status === 'approved' && step !== 'export' ? (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="action-export"
            disabled={pending !== null}
            onClick={() => {
              setExported(null);
              setStep('export');
            }}
          >
            Export…
          </button>
        ) : null}
        {inv.status === 'approved' ? (
          <button className="btn btn-secondary" data-testid="action-reopen" {...button('reopen')}>
            {pending === 'reopen' ? 'Reopening…' : 'Reopen for changes'}
          </button>
        ) : null}
        {canVoid && step !== 'void' ? (
          <button
            type="button"
            className="btn btn-secondary btn-danger-text"
            data-testid="action-void"
            disabled={pending !== null}
            onClick={() => setStep('void')}
          >
            Void…
          </button>
        ) : null}
        <PrintButton id={inv.id} />
      </div>
      {step === 'accept' ? (
        <form className="step-form" noValidate onSubmit={submit('accept')} data-testid="accept-form">
          <label className="field-label" htmlFor="accept-note">
            Why is this {label} right as it is?
          </label>
          <textarea
            id="accept-note"
            // The owner just asked for this form: the keyboard lands in it.
            autoFocus
            className="input"
            rows={2}
            maxLength={500}
            value={note}
            placeholder="e.g. Counted the till: the items and amounts are right"
            data-testid="accept-note"
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="field-help">Your note is kept in the {label}’s history.</div>
          <div className="form-actions">
            <button type="button" className="btn btn-secondary" disabled={pending !== null} onClick={() => setStep(null)}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" data-testid="accept-confirm" disabled={pending !== null || note.trim().length < 3}>
              {pending === 'accept' ? 'Approving…' : 'Approve with this note'}
            </button>
          </div>
        </form>
      ) : null}
      {step === 'void' ? (
        <form className="step-form" noValidate onSubmit={submit('void')} data-testid="void-form">
          <label className="field-label" htmlFor="void-reason">
            Why is this {label} void?
          </label>
          <textarea
            id="void-reason"
            autoFocus
            className="input"
            rows={2}
            maxLength={500}
            value={reason}
            placeholder="e.g. Rung up by mistake; the customer did not buy"
            data-testid="void-reason"
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="field-help">A void {label} is never exported. This cannot be undone.</div>
          <div className="form-actions">
            <button type="button" className="btn btn-secondary" disabled={pending !== null} onClick={() => setStep(null)}>
              Cancel
            </button>
            <button type="submit" className="btn btn-danger" data-testid="void-confirm" disabled={pending !== null || reason.trim().length < 3}>
              {pending === 'void' ? 'Voiding…' : `Void the ${label}`}
            </button>
          </div>
        </form>
      ) : null}
      {step === 'export' ? (
        <InvoiceExportForm
          label={label}
          busy={pending !== null}
          onCancel={() => setStep(null)}
          onExport={(format) => {
            exportFormat.current = format;
            action.run('export');
          }}
        />
      ) : null}
      {exported && !exported.ok ? <InvoiceExportResult result={exported} /> : null}
      <ErrorBanner error={action.error} title={action.failed ? ACTION_TITLES[action.failed] : undefined} />
      <NoticeBanner notice={action.notice} testId="review-notice" />
    </section>
  );
}
