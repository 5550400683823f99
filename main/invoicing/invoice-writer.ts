import type { Db } from '../platform/db/open';
import { joinSentences } from '../../shared/sentences';
import type { InvoiceDraft } from './convert/types';
import { InvoiceStore, type NewDocument } from './invoice-store';
import { computeIrn, documentNumber } from './numbering';
import { SettingsRepo } from '../platform/settings/settings-repo';
import type { Settings } from '../../shared/settings';

export interface WriteResult {
  id: number | null;
  status: string | null;
  /** What happened, for the audit log and the event's note. */
  outcome: 'created' | 'updated' | 'voided' | 'kept_newer' | 'kept_final' | 'nothing';
}

/** Newest wins: order versions compare as numbers, Square timestamps as text (same RFC 3339 form). */
function isOlder(candidate: string | null, stored: string | null): boolean {
  if (candidate === null || stored === null) return false;
  const a = Number(candidate);
  const b = Number(stored);
  return Number.isFinite(a) && Number.isFinite(b) ? a < b : candidate < stored;
}

/**
 * Writes a converter draft. Must run inside the event's transaction. One document per source_key (UNIQUE);
 * a number is assigned once; drafts and needs_review documents follow newer Square versions; approved and
 * exported documents are never changed (a credit note or an amendment follows instead).
 */
export class InvoiceWriter {
  private readonly settings: SettingsRepo;

  constructor(
    db: Db,
    private readonly store: InvoiceStore = new InvoiceStore(db),
  ) {
    this.settings = new SettingsRepo(db);
  }

  /**
   * @param settings the current settings when the caller already read them (a batch reads them once); read here
   *   otherwise.
   */
  write(draft: InvoiceDraft, now: number, settings?: Settings): WriteResult {
    const existing = this.store.headBySourceKey(draft.sourceKey);
    const editable = existing && (existing.status === 'draft' || existing.status === 'needs_review');

    if (draft.status === 'void') {
      if (!existing) return { id: null, status: null, outcome: 'nothing' };
      if (!editable) return { id: existing.id, status: existing.status, outcome: 'kept_final' };
      this.store.void(existing.id, draft.sourceKey, joinSentences(draft.reviewReasons) || 'Canceled in Square', now);
      return { id: existing.id, status: 'void', outcome: 'voided' };
    }
    if (existing && !editable) return { id: existing.id, status: existing.status, outcome: 'kept_final' };
    if (existing && isOlder(draft.sourceVersion, existing.sourceVersion)) {
      return { id: existing.id, status: existing.status, outcome: 'kept_newer' };
    }

    const { invoicePrefix, serviceId } = settings ?? this.settings.getAll();
    const number = existing?.number ?? documentNumber(invoicePrefix, draft.kind, this.store.nextInSequence(`number.${draft.kind}`));
    const { originalSourceKey, ...content } = draft;
    const doc: NewDocument = {
      ...content,
      number,
      irn: existing?.irn ?? computeIrn(number, serviceId, draft.issueDate),
      originalInvoiceId: originalSourceKey ? this.store.idBySourceKey(originalSourceKey) : null,
    };
    if (existing) {
      this.store.replace(existing.id, doc, now);
      return { id: existing.id, status: draft.status, outcome: 'updated' };
    }
    return { id: this.store.create(doc, now), status: draft.status, outcome: 'created' };
  }
}
