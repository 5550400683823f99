import type { ExportFormat } from '../../../../shared/export';

/** The two file formats as an owner knows them (never the internal names). */
export const FORMAT_LABELS: Record<ExportFormat, string> = {
  'nrs-json': 'TaxPoynt file (NRS JSON)',
  csv: 'Spreadsheet (CSV)',
};

export const FORMAT_HELP: Record<ExportFormat, string> = {
  'nrs-json': 'Upload to TaxPoynt, which sends it on to the NRS. One file for the batch plus one per invoice.',
  csv: 'For Excel, Numbers or your accountant. TaxPoynt does not take this file.',
};

/** The first 12 hex digits of a SHA-256: enough for a person to compare two files by eye. */
export const shortHash = (sha256: string) => sha256.slice(0, 12);

export const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export function batchCount(b: { invoiceCount: number; creditNoteCount: number }): string {
  const parts = [plural(b.invoiceCount, 'invoice', 'invoices')];
  if (b.creditNoteCount) parts.push(plural(b.creditNoteCount, 'credit note', 'credit notes'));
  return parts.join(' and ');
}

/** The folder that holds a batch's main file. */
export const folderOf = (path: string) => path.replace(/[\\/][^\\/]*$/, '');
