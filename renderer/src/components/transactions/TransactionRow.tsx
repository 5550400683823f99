import type { MouseEvent } from 'react';
import { tenderWords, type TransactionView } from '../../../../shared/transactions';
import { money } from '../../format';
import { PendingRow } from '../PendingRow';
import { documentLabel, KIND_WORDS, statusWords } from './words';

interface Props {
  index: number;
  txn: TransactionView | undefined;
  active: boolean;
  chosen: boolean;
  /** Position in the list, in pixels, from the virtualizer. */
  top: number;
  onChoose: (index: number) => void;
  onOpenDocument: (id: number) => void;
  onRetry: (txn: TransactionView) => void;
  /** A retry is running (every Retry button waits for it). */
  busy: boolean;
}

// In the viewer's local time, as the owner lives it; date under time so the column stays narrow.
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** "Card" over "Visa ••1111": the tender's words split on the brand, so the column can be two short lines. */
function TenderCell({ words }: { words: string }) {
  const [first, second] = words.split(' · ');
  return (
    <>
      <span className="txn-line">{first}</span>
      {second ? <span className="txn-subline">{second}</span> : null}
    </>
  );
}

/** A transaction's key: Square's ids are unique across payments and refunds. */
export const txnKey = (t: Pick<TransactionView, 'kind' | 'id'>) => `${t.kind}:${t.id}`;

function amountText(t: TransactionView): string {
  if (t.amountMinor === null || !t.currency) return '—';
  return `${t.kind === 'refund' ? '−' : ''}${money(t.amountMinor, t.currency)}`;
}

/** One row of the transactions grid; a row whose window has not arrived yet holds its place quietly. */
export function TransactionRow({ index, txn: t, active, chosen, top, onChoose, onOpenDocument, onRetry, busy }: Props) {
  const position = { transform: `translateY(${top}px)` };
  const rowIndex = index + 2; // aria-rowindex counts from 1, and the header is row 1.
  if (!t) return <PendingRow id={`txn-row-${index}`} rowIndex={rowIndex} position={position} />;
  const stop = (e: MouseEvent) => e.stopPropagation();
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      aria-selected={chosen}
      id={`txn-row-${index}`}
      data-testid="txn-row"
      data-txn-id={t.id}
      data-kind={t.kind}
      className={`grid-row clickable${active ? ' is-active' : ''}${chosen ? ' is-selected' : ''}${t.problem?.state === 'dead' ? ' txn-row-failed' : ''}`}
      style={position}
      onClick={() => onChoose(index)}
    >
      <div role="gridcell" className="grid-cell col-time" data-testid="txn-time">
        {t.at && !Number.isNaN(Date.parse(t.at)) ? (
          <time dateTime={t.at}>
            <span className="txn-line">{timeFormat.format(new Date(t.at))}</span>
            <span className="txn-subline">{dayFormat.format(new Date(t.at))}</span>
          </time>
        ) : (
          <span className="muted">Not known</span>
        )}
      </div>
      <div role="gridcell" className="grid-cell col-type">
        <span className={`kind kind-${t.kind === 'refund' ? 'credit_note' : 'invoice'}`}>{KIND_WORDS[t.kind]}</span>
      </div>
      <div role="gridcell" className="grid-cell col-location" title={t.locationName ?? undefined}>
        {t.locationName ?? <span className="muted">—</span>}
      </div>
      <div role="gridcell" className="grid-cell col-tender" data-testid="txn-tender" title={tenderWords(t.tender)}>
        <TenderCell words={tenderWords(t.tender)} />
      </div>
      <div role="gridcell" className="grid-cell col-tstatus">
        <span className={`txn-status txn-status-${t.status ?? 'unknown'}`} data-testid="txn-status">{statusWords(t)}</span>
      </div>
      <div role="gridcell" className="grid-cell col-amount num strong" data-testid="txn-amount">{amountText(t)}</div>
      <div role="gridcell" className="grid-cell col-tip num muted-num" data-testid="txn-tip">
        {t.tipMinor && t.currency ? money(t.tipMinor, t.currency) : '—'}
      </div>
      <div role="gridcell" className="grid-cell col-doc" data-testid="txn-document">
        {t.document ? (
          <a
            className="invoice-number"
            tabIndex={-1}
            href={`#/invoices/${t.document.id}`}
            data-testid="txn-document-link"
            onClick={(e) => {
              e.preventDefault();
              stop(e);
              onOpenDocument(t.document!.id);
            }}
          >
            {documentLabel(t.document)}
          </a>
        ) : (
          <span className="muted">{t.problem ? 'Not made' : t.status === 'failed' ? 'None' : 'Not yet'}</span>
        )}
      </div>
      <div role="gridcell" className="grid-cell col-problem" data-testid="txn-problem" title={t.problem?.reason}>
        {t.problem ? (
          <>
            <span className={`txn-problem txn-problem-${t.problem.state}`}>{t.problem.state === 'dead' ? 'Failed' : 'Retrying'}</span>
            <button
              type="button"
              className="btn btn-secondary btn-small txn-retry"
              tabIndex={-1}
              data-testid="txn-retry"
              disabled={busy}
              onClick={(e) => {
                stop(e);
                onRetry(t);
              }}
            >
              Retry
            </button>
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </div>
    </div>
  );
}
