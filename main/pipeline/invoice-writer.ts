import type { Db } from '../db/open';
import type { InvoiceDraft } from '../invoices/types';
import { computeIrn, documentNumber, nextInSequence } from './numbering';
import { SettingsRepo } from '../repo/settings-repo';
import type { Settings } from '../../shared/settings';

export interface WriteResult {
  id: number | null;
  status: string | null;
  /** What happened, for the audit log and the event's note. */
  outcome: 'created' | 'updated' | 'voided' | 'kept_newer' | 'kept_final' | 'nothing';
}

interface Existing {
  id: number; status: string; source_version: string | null; number: string | null; irn: string | null;
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
  // Prepared once: the writer runs for every sale, and preparing cost more than running these statements.
  private readonly s;

  constructor(private readonly db: Db) {
    this.settings = new SettingsRepo(db);
    this.s = {
      existing: db.prepare('SELECT id, status, source_version, number, irn FROM invoices WHERE source_key = ?'),
      idByKey: db.prepare('SELECT id FROM invoices WHERE source_key = ?').pluck(),
      void: db.prepare(`UPDATE invoices SET status = 'void', review_reason = ?, updated_at = ? WHERE id = ?`),
      update: db.prepare(`UPDATE invoices SET status = @status, review_reason = @reviewReason, irn = @irn,
          currency = @currency, issue_date = @issueDate, issued_at = @issuedAt, line_extension_minor = @lineExtension,
          allowance_total_minor = @allowances, charge_total_minor = @charges, tax_exclusive_minor = @taxExclusive,
          tax_total_minor = @taxTotal, tax_inclusive_minor = @taxInclusive, tip_minor = @tip, rounding_minor = @rounding,
          payable_minor = @payable, buyer_name = @buyerName, buyer_email = @buyerEmail, buyer_phone = @buyerPhone,
          merchant_id = @merchantId, location_id = @locationId, source_payment_id = @paymentId,
          source_order_id = @orderId, source_refund_id = @refundId, source_version = @version,
          original_invoice_id = coalesce(@originalId, original_invoice_id), updated_at = @now
        WHERE id = @id`),
      deleteLines: db.prepare('DELETE FROM invoice_lines WHERE invoice_id = ?'),
      deleteTaxes: db.prepare('DELETE FROM invoice_taxes WHERE invoice_id = ?'),
      insert: db.prepare(`INSERT INTO invoices (kind, source_key, number, irn, status, review_reason, currency,
          issue_date, issued_at, line_extension_minor, allowance_total_minor, charge_total_minor, tax_exclusive_minor,
          tax_total_minor, tax_inclusive_minor, tip_minor, rounding_minor, payable_minor, buyer_name, buyer_email,
          buyer_phone, merchant_id, location_id, source_payment_id, source_order_id, source_refund_id, source_version,
          original_invoice_id, created_at, updated_at)
        VALUES (@kind, @sourceKey, @number, @irn, @status, @reviewReason, @currency, @issueDate, @issuedAt,
          @lineExtension, @allowances, @charges, @taxExclusive, @taxTotal, @taxInclusive, @tip, @rounding, @payable,
          @buyerName, @buyerEmail, @buyerPhone, @merchantId, @locationId, @paymentId, @orderId, @refundId, @version,
          @originalId, @now, @now)`),
      line: db.prepare(`INSERT INTO invoice_lines (invoice_id, line_no, name, description, sku, quantity,
          unit_price_minor, gross_minor, discount_minor, tax_minor, line_extension_minor, total_minor, tax_percent, source_uid)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      tax: db.prepare(`INSERT INTO invoice_taxes (invoice_id, seq, name, category, percent, tax_type,
          taxable_minor, tax_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      audit: db.prepare(`INSERT INTO audit_log (at, actor, action, entity, entity_id, detail_json)
          VALUES (?, 'pipeline', ?, 'invoice', ?, ?)`),
    };
  }

  /**
   * @param settings the current settings when the caller already read them (a batch reads them once); read here
   *   otherwise.
   */
  write(draft: InvoiceDraft, now: number, settings?: Settings): WriteResult {
    const existing = this.s.existing.get(draft.sourceKey) as Existing | undefined;
    const editable = existing && (existing.status === 'draft' || existing.status === 'needs_review');

    if (draft.status === 'void') {
      if (!existing) return { id: null, status: null, outcome: 'nothing' };
      if (!editable) return { id: existing.id, status: existing.status, outcome: 'kept_final' };
      this.s.void.run(draft.reviewReasons.join('; ') || 'Canceled in Square', now, existing.id);
      this.audit('invoice.voided', existing.id, { sourceKey: draft.sourceKey }, now);
      return { id: existing.id, status: 'void', outcome: 'voided' };
    }
    if (existing && !editable) return { id: existing.id, status: existing.status, outcome: 'kept_final' };
    if (existing && isOlder(draft.sourceVersion, existing.source_version)) {
      return { id: existing.id, status: existing.status, outcome: 'kept_newer' };
    }

    const { invoicePrefix, serviceId } = settings ?? this.settings.getAll();
    const originalId = draft.originalSourceKey ? ((this.s.idByKey.get(draft.originalSourceKey) as number | undefined) ?? null) : null;
    const number = existing?.number ?? documentNumber(invoicePrefix, draft.kind, nextInSequence(this.db, `number.${draft.kind}`));
    const irn = existing?.irn ?? computeIrn(number, serviceId, draft.issueDate);
    const row = {
      kind: draft.kind, sourceKey: draft.sourceKey, number, irn, status: draft.status,
      reviewReason: draft.reviewReasons.length ? draft.reviewReasons.join('; ') : null,
      currency: draft.currency, issueDate: draft.issueDate, issuedAt: draft.issuedAt,
      lineExtension: draft.lineExtensionMinor, allowances: draft.allowanceTotalMinor, charges: draft.chargeTotalMinor,
      taxExclusive: draft.taxExclusiveMinor, taxTotal: draft.taxTotalMinor, taxInclusive: draft.taxInclusiveMinor,
      tip: draft.tipMinor, rounding: draft.roundingMinor, payable: draft.payableMinor,
      buyerName: draft.buyerName, buyerEmail: draft.buyerEmail, buyerPhone: draft.buyerPhone,
      merchantId: draft.merchantId, locationId: draft.locationId, paymentId: draft.sourcePaymentId,
      orderId: draft.sourceOrderId, refundId: draft.sourceRefundId, version: draft.sourceVersion, originalId, now,
    };
    let id: number;
    if (existing) {
      id = existing.id;
      this.s.update.run({ ...row, id });
      this.s.deleteLines.run(id);
      this.s.deleteTaxes.run(id);
    } else {
      id = Number(this.s.insert.run(row).lastInsertRowid);
    }
    const line = this.s.line;
    draft.lines.forEach((l, i) =>
      line.run(id, i + 1, l.name, l.description, l.sku, l.quantity, l.unitPriceMinor, l.grossMinor, l.discountMinor,
        l.taxMinor, l.lineExtensionMinor, l.totalMinor, l.taxPercent, l.sourceUid));
    const tax = this.s.tax;
    draft.taxes.forEach((t, i) => tax.run(id, i + 1, t.name, t.category, t.percent, t.taxType, t.taxableMinor, t.taxMinor));
    this.audit(existing ? 'invoice.updated' : 'invoice.created', id, { sourceKey: draft.sourceKey, status: draft.status, version: draft.sourceVersion }, now);
    return { id, status: draft.status, outcome: existing ? 'updated' : 'created' };
  }

  private audit(action: string, id: number, detail: object, now: number): void {
    this.s.audit.run(now, action, String(id), JSON.stringify(detail));
  }
}
