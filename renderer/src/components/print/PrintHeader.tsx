import type { InvoicePrintView } from '../../../../shared/print';
import { formatDate, KIND_LABELS } from '../../format';

/** Who issues the document (from Settings) and what it is: type, number, date. */
export function PrintHeader({ view }: { view: InvoicePrintView }) {
  const { shop, invoice } = view;
  return (
    <header className="print-head">
      <div className="print-shop" data-testid="print-shop">
        <p className="print-shop-name">{shop.name ?? 'Business name not set'}</p>
        {shop.tin ? <p>TIN {shop.tin}</p> : null}
        {shop.addressLines.map((line) => (
          <p key={line}>{line}</p>
        ))}
        {shop.phone ? <p>{shop.phone}</p> : null}
        {shop.email ? <p>{shop.email}</p> : null}
      </div>
      <div className="print-doc">
        <h1 className="print-doc-title">{KIND_LABELS[invoice.kind]}</h1>
        <dl className="print-facts">
          <div>
            <dt>Number</dt>
            <dd data-testid="print-number">{invoice.number ?? `#${invoice.id}`}</dd>
          </div>
          <div>
            <dt>Issue date</dt>
            <dd>{formatDate(invoice.issueDate)}</dd>
          </div>
          <div>
            <dt>Currency</dt>
            <dd>{invoice.currency}</dd>
          </div>
          {invoice.original ? (
            <div>
              <dt>Credits invoice</dt>
              <dd>{invoice.original.number ?? `#${invoice.original.id}`}</dd>
            </div>
          ) : null}
        </dl>
        {invoice.status === 'void' ? <p className="print-void">Void</p> : null}
      </div>
    </header>
  );
}
