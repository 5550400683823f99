import { Fragment, useState } from 'react';
import type { InvoiceLine } from '../../../../shared/domain';
import { money } from '../../format';
import { LineClassifier } from '../review/LineClassifier';

interface Props {
  lines: InvoiceLine[];
  currency: string;
  /** The invoice the lines belong to, when their classification may be set (draft or needs review). */
  classify?: { invoiceId: number; editable: boolean; onChanged: () => void };
}

export function InvoiceLines({ lines, currency, classify }: Props) {
  // A column of dashes takes room the Total column needs on a small window; show Discount only when there is one.
  const discounted = lines.some((l) => l.discountMinor !== 0);
  const [editing, setEditing] = useState<number | null>(null);
  const columns = discounted ? 7 : 6;
  return (
    <section className="card card-flush">
      <h2 className="card-title card-title-padded">Lines</h2>
      {lines.length === 0 ? (
        <p className="muted card-pad">This document has no lines.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="detail-lines">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Item</th>
                <th scope="col" className="num">
                  Qty
                </th>
                <th scope="col" className="num">
                  Unit price
                </th>
                {discounted ? (
                  <th scope="col" className="num">
                    Discount
                  </th>
                ) : null}
                <th scope="col" className="num">
                  Tax
                </th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <Fragment key={l.lineNo}>
                <tr data-testid="detail-line">
                  <td className="muted">{l.lineNo}</td>
                  <td>
                    <div className="strong">{l.name}</div>
                    {l.description || l.sku ? (
                      <div className="row-note">{[l.description, l.sku ? `SKU ${l.sku}` : null].filter(Boolean).join(' · ')}</div>
                    ) : null}
                    {classify ? (
                      <div className="line-class" data-testid="line-classification">
                        {l.classification ? (
                          <span>
                            {l.classification.kind === 'goods' ? 'Goods · HS ' : 'Service · ISIC '}
                            <span className="nowrap">{l.classification.code}</span>{' '}
                            <span className="muted">{l.classification.category}</span>
                          </span>
                        ) : (
                          <span className="line-class-missing">No tax classification yet</span>
                        )}
                        {classify.editable && editing !== l.lineNo ? (
                          <button
                            type="button"
                            className="link-button"
                            data-testid="line-classify"
                            aria-label={`${l.classification ? 'Change' : 'Set'} the classification of ${l.name}`}
                            onClick={() => setEditing(l.lineNo)}
                          >
                            {l.classification ? 'Change' : 'Set code'}
                          </button>
                        ) : null}
                      </div>
                    ) : null}
                  </td>
                  <td className="num">{l.quantity}</td>
                  <td className="num">{money(l.unitPriceMinor, currency)}</td>
                  {discounted ? <td className="num">{l.discountMinor ? `−${money(l.discountMinor, currency)}` : '—'}</td> : null}
                  <td className="num">
                    {money(l.taxMinor, currency)}
                    {l.taxPercent ? <div className="row-note">{l.taxPercent}%</div> : null}
                  </td>
                  <td className="num strong">{money(l.totalMinor, currency)}</td>
                </tr>
                {classify && editing === l.lineNo ? (
                  <tr className="classifier-row">
                    <td colSpan={columns}>
                      <LineClassifier
                        invoiceId={classify.invoiceId}
                        line={l}
                        onDone={(saved) => {
                          setEditing(null);
                          if (saved) classify.onChanged();
                        }}
                      />
                    </td>
                  </tr>
                ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
