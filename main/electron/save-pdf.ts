// invoices.savePdf in the desktop shell: the window's own print view, printed to PDF, saved where the owner chooses.
// Only *type* imports from electron and injected functions, so tests drive it in plain Node with fakes.
import { basename } from 'node:path';
import { ApiError } from '../../shared/contract';
import type { SavePdf } from '../api/handlers/print';
import { isAppUrl } from './policy';

/** What we use of the window: where it is, and Chromium's print-to-PDF of what it shows (print CSS applied). */
export interface PdfSource {
  getURL(): string;
  printToPDF(options: { pageSize: 'A4'; printBackground: boolean; preferCSSPageSize: boolean }): Promise<Uint8Array>;
}

export interface SavePdfDeps {
  /** The main window's webContents, or null while there is none. */
  source: () => PdfSource | null;
  /** The save dialog; resolves to the chosen path, or null when the owner cancelled. */
  chooseFile: (suggestedName: string) => Promise<string | null>;
  writeFile: (path: string, data: Uint8Array) => Promise<void>;
}

/** True when `url` is our app showing invoice `id`'s print view (app://taxpoynt/…#/invoices/<id>/print). */
export function isPrintViewOf(url: string, id: number): boolean {
  if (!isAppUrl(url)) return false;
  const hash = new URL(url).hash;
  return hash === `#/invoices/${id}/print`;
}

export function createSavePdf(deps: SavePdfDeps): SavePdf {
  return async ({ id, suggestedName }) => {
    const source = deps.source();
    // The PDF is of what the window shows; printing another screen (or another invoice) would save the wrong thing.
    if (!source || !isPrintViewOf(source.getURL(), id)) {
      throw new ApiError('conflict', 'Open the invoice’s print view first, then choose Save as PDF.');
    }
    // The page's @page rule sets A4 and the margins; the background keeps table shading on paper.
    const pdf = await source.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    const path = await deps.chooseFile(suggestedName);
    if (!path) return { saved: false, fileName: null };
    try {
      await deps.writeFile(path, pdf);
    } catch {
      throw new ApiError('unavailable', `The PDF could not be saved as ${basename(path)}. Choose another folder, or check there is space.`);
    }
    return { saved: true, fileName: basename(path) };
  };
}
