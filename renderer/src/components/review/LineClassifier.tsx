import { useState } from 'react';
import type { InvoiceLine } from '../../../../shared/domain';
import type { CodeEntry } from '../../../../shared/review';
import { api } from '../../api';
import { useAction } from '../../hooks/useAction';
import { ErrorBanner } from '../ErrorBanner';
import { CodePicker } from './CodePicker';
import { messageFor } from './review-text';
import { errorField } from '../../format';

interface Props {
  invoiceId: number;
  line: InvoiceLine;
  onDone: (saved: boolean) => void;
}

/** Sets a line's NRS classification: goods take an HS code, services an ISIC code, picked by searching the list. */
export function LineClassifier({ invoiceId, line, onDone }: Props) {
  const [kind, setKind] = useState<'goods' | 'service'>(line.classification?.kind ?? 'goods');
  const [picked, setPicked] = useState<CodeEntry | null>(
    line.classification ? { code: line.classification.code, name: line.classification.category } : null,
  );
  const [fieldError, setFieldError] = useState<string>();
  const action = useAction({
    save: async () => {
      if (!picked) {
        setFieldError(`Search and pick ${kind === 'goods' ? 'an HS code' : 'a service code'} first.`);
        throw new Error('Nothing was saved: pick a code.');
      }
      try {
        await api['invoices.line.classify']({
          id: invoiceId,
          lineNo: line.lineNo,
          classification: { kind, code: picked.code, category: picked.name.slice(0, 200) },
        });
      } catch (err) {
        const field = errorField(err);
        if (field?.startsWith('classification')) setFieldError(messageFor(err, field));
        throw err instanceof Error && field ? new Error('Nothing was saved: pick a code from the list.') : err;
      }
      onDone(true);
    },
  });

  const groupName = `line-${line.lineNo}-kind`;
  return (
    <form className="classifier" noValidate onSubmit={action.submit('save')} data-testid="line-classifier">
      <fieldset className="kind-choice">
        <legend className="field-label">What is “{line.name}”?</legend>
        <label>
          <input
            type="radio"
            name={groupName}
            checked={kind === 'goods'}
            data-testid="classify-goods"
            onChange={() => {
              setKind('goods');
              setPicked(null);
              setFieldError(undefined);
            }}
          />{' '}
          Goods (HS code)
        </label>
        <label>
          <input
            type="radio"
            name={groupName}
            checked={kind === 'service'}
            data-testid="classify-service"
            onChange={() => {
              setKind('service');
              setPicked(null);
              setFieldError(undefined);
            }}
          />{' '}
          Service (ISIC code)
        </label>
      </fieldset>
      <CodePicker
        key={kind}
        list={kind === 'goods' ? 'hs' : 'isic'}
        label={kind === 'goods' ? 'HS code — search by code or words' : 'Service code — search by code or words'}
        placeholder={kind === 'goods' ? 'e.g. rice, coffee, 0901' : 'e.g. restaurant, repair, 5610'}
        testId="classify-search"
        value={picked}
        error={fieldError}
        onPick={(e) => {
          setPicked(e);
          setFieldError(undefined);
        }}
      />
      <div className="form-actions">
        <button type="button" className="btn btn-secondary btn-small" disabled={action.pending !== null} onClick={() => onDone(false)}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary btn-small" data-testid="classify-save" disabled={action.pending !== null}>
          {action.pending === 'save' ? 'Saving…' : 'Save classification'}
        </button>
      </div>
      <ErrorBanner error={action.error} title="Could not save the classification" />
    </form>
  );
}
