import type { InvoicePrintView } from '../../../../shared/print';
import { PrintBuyer } from './PrintBuyer';
import { PrintHeader } from './PrintHeader';
import { PrintIrn } from './PrintIrn';
import { PrintLines } from './PrintLines';
import { PrintTotals } from './PrintTotals';

/** The document as it goes on paper: always black on white, whatever the screen's theme (print.css). */
export function PrintSheet({ view }: { view: InvoicePrintView }) {
  return (
    <article className="print-sheet" data-testid="print-sheet">
      <PrintHeader view={view} />
      <PrintBuyer view={view} />
      <PrintLines lines={view.invoice.lines} currency={view.invoice.currency} />
      <PrintTotals invoice={view.invoice} />
      <PrintIrn view={view} />
    </article>
  );
}
