import { ApiError } from '../../../shared/contract';
import type { SavePdfResult } from '../../../shared/print';
import type { InvoiceStore } from '../../invoicing/invoice-store';
import type { NrsKeyVault } from '../../invoicing/nrs-key-vault';
import { buildPrintView } from '../../invoicing/print-view';
import type { SettingsRepo } from '../../platform/settings/settings-repo';
import type { Handlers } from './types';

/** What the desktop shell does for invoices.savePdf: the PDF of its window, saved where the owner chooses. */
export type SavePdf = (request: { id: number; suggestedName: string }) => Promise<SavePdfResult>;

export const SAVE_PDF_UNAVAILABLE =
  'Saving a PDF directly works in the desktop app only. In the browser, use Print and choose “Save as PDF” as the printer.';

export interface PrintDeps {
  invoices: InvoiceStore;
  settings: SettingsRepo;
  keys: NrsKeyVault;
  /** Only the Electron shell has one; the headless host answers unavailable. */
  savePdf?: SavePdf;
  now?: () => Date;
  onSignFailed?: (err: unknown) => void;
}

/** A file name that any file system accepts, from the invoice number (letters and digits only, by construction). */
function pdfName(number: string | null, id: number): string {
  const safe = (number ?? '').replace(/[^A-Za-z0-9-]/g, '');
  return `${safe || `invoice-${id}`}.pdf`;
}

export function createPrintHandlers(deps: PrintDeps): Pick<Handlers, 'invoices.print' | 'invoices.savePdf'> {
  const now = deps.now ?? (() => new Date());
  const load = (id: number) => {
    const invoice = deps.invoices.get(id);
    if (!invoice) throw new ApiError('not_found', 'That invoice is not here any more. Go back to the list and open it again.', 'id', { detail: `No invoice with id ${id}` });
    return invoice;
  };
  return {
    'invoices.print': async ({ id }) => {
      const invoice = load(id);
      return buildPrintView({
        invoice,
        settings: deps.settings.getAll(),
        keys: await deps.keys.get(),
        now: now(),
        ...(deps.onSignFailed ? { onSignFailed: deps.onSignFailed } : {}),
      });
    },
    'invoices.savePdf': ({ id }) => {
      const invoice = load(id);
      if (!deps.savePdf) throw new ApiError('unavailable', SAVE_PDF_UNAVAILABLE);
      return deps.savePdf({ id, suggestedName: pdfName(invoice.number, id) });
    },
  };
}
