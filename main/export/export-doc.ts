import type { InvoiceDocument } from '../invoicing/invoice-detail';
import type { LineClassification } from '../../shared/domain';

/**
 * One document ready to write: the stored invoice plus what export decided for it (IRN, issue time, payment means,
 * each line's classification, the credited invoice). Both builders (NRS JSON, CSV) take exactly this, so a re-export
 * from the same stored data writes the same bytes.
 */
export interface ExportDoc {
  detail: InvoiceDocument;
  irn: string;
  issueTime: string;
  paymentMeans: string[];
  /** Per line, in line order. */
  classifications: LineClassification[];
  original: { irn: string; issueDate: string } | null;
  /** Naira per unit of the document currency on its issue date ("1" for NGN). */
  exchangeRate: string;
}
