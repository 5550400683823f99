import type { Statement } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/contract';
import { joinSentences } from '../../shared/sentences';
import {
  INVOICE_STATUSES, type BuyerAddress, type BuyerKind, type InvoiceDetail, type InvoiceStatus, type InvoiceSummary,
  type LineClassification, type Page, type Stats,
} from '../../shared/domain';
import type { Db } from '../platform/db/open';
import type { InvoiceDraft } from './convert/types';
import { getInvoiceDetail, getInvoiceDocuments, type InvoiceDocument } from './invoice-detail';
import { listInvoiceIds, listInvoices } from './invoice-reads';

/** A document as the store writes it: the converter's draft plus what the writer decided (number, IRN, status). */
export interface NewDocument extends Omit<InvoiceDraft, 'status' | 'originalSourceKey'> {
  status: InvoiceStatus;
  number: string | null;
  irn: string | null;
  /** Credit notes: the id of the invoice they credit, when it is stored. */
  originalInvoiceId: number | null;
}

/** What decisions about an existing document need (newer? editable? keep its number and IRN). */
export interface StoredHead {
  id: number;
  status: InvoiceStatus;
  sourceVersion: string | null;
  number: string | null;
  irn: string | null;
}

/** Who made a change, for the audit log: 'pipeline', or the owner on this device ('owner@<device name>'). */
export type Actor = 'pipeline' | `owner@${string}`;

/** A change the store refuses (an exported invoice, an approved one not reopened, …); the message is for the owner. */
export class InvoiceChangeRefused extends Error {
  override name = 'InvoiceChangeRefused';
}

/** The buyer as the owner sets it (validated at the contract boundary, shared/review.ts). */
export interface BuyerFields {
  name: string;
  tin: string | null;
  email: string | null;
  phone: string | null;
  address: BuyerAddress | null;
  kind: BuyerKind | null;
}

/** A buyer as the converter derives it from Square (convert/buyer.ts), without the customer link. */
export type PipelineBuyer = Pick<InvoiceDraft, 'buyerName' | 'buyerEmail' | 'buyerPhone' | 'buyerTin' | 'buyerAddress'>;

/** A document whose buyer a customer change may refresh, with the Square objects it was made from. */
export interface CustomerBuyerTarget {
  id: number;
  status: InvoiceStatus;
  orderId: string | null;
  paymentId: string | null;
}

/** One document as export marks it (markExported). */
export interface ExportMark {
  id: number;
  number: string | null;
  irn: string;
  paymentMeans: string[];
  /** Per line in order: the classification to record when the line has none (null: the line keeps its own). */
  classifications: (LineClassification | null)[];
  /** The invoice's updated time (epoch ms) when it was checked: a change since refuses the mark. */
  seenUpdatedAt: number;
}

export type { InvoiceDocument } from './invoice-detail';

export type InvoiceStats = Omit<Stats, 'pipeline' | 'inbox' | 'lastEventAt'>;

/**
 * The one owner of the invoice tables: invoices, invoice_lines, invoice_taxes, the number counters and the audit log.
 * Every change writes its audit entry in the same statement sequence, so callers that run it inside their transaction
 * get both or neither. Write statements are prepared once: the pipeline runs them for every sale, and preparing cost
 * more than running them.
 */
export class InvoiceStore {
  private readonly s;
  private staging: { marks: Statement; classes: Statement } | null = null;

  constructor(private readonly db: Db) {
    this.s = {
      head: db.prepare('SELECT id, status, source_version, number, irn FROM invoices WHERE source_key = ?'),
      idByKey: db.prepare('SELECT id FROM invoices WHERE source_key = ?').pluck(),
      nextInSequence: db.prepare(`INSERT INTO counters (name, value) VALUES (?, 1)
          ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`).pluck(),
      void: db.prepare(`UPDATE invoices SET status = 'void', review_reason = ?, updated_at = ?
          WHERE id = ? AND status <> 'exported'`),
      update: db.prepare(`UPDATE invoices SET status = @status, review_reason = @reviewReason, irn = @irn,
          currency = @currency, issue_date = @issueDate, issued_at = @issuedAt, line_extension_minor = @lineExtension,
          allowance_total_minor = @allowances, charge_total_minor = @charges, tax_exclusive_minor = @taxExclusive,
          tax_total_minor = @taxTotal, tax_inclusive_minor = @taxInclusive, tip_minor = @tip, rounding_minor = @rounding,
          payable_minor = @payable,
          buyer_name = CASE WHEN buyer_edited_at IS NULL THEN @buyerName ELSE buyer_name END,
          buyer_email = CASE WHEN buyer_edited_at IS NULL THEN @buyerEmail ELSE buyer_email END,
          buyer_phone = CASE WHEN buyer_edited_at IS NULL THEN @buyerPhone ELSE buyer_phone END,
          buyer_tin = CASE WHEN buyer_edited_at IS NULL THEN @buyerTin ELSE buyer_tin END,
          buyer_address_json = CASE WHEN buyer_edited_at IS NULL THEN @buyerAddress ELSE buyer_address_json END,
          buyer_customer_id = @buyerCustomerId,
          merchant_id = @merchantId, location_id = @locationId, source_payment_id = @paymentId,
          source_order_id = @orderId, source_refund_id = @refundId, source_version = @version,
          original_invoice_id = coalesce(@originalId, original_invoice_id), updated_at = @now
        WHERE id = @id AND status <> 'exported'`),
      classified: db.prepare(`SELECT line_no, source_uid, classification_kind, classification_code, classification_text
          FROM invoice_lines WHERE invoice_id = ? AND classification_kind IS NOT NULL`),
      reclassify: db.prepare(`UPDATE invoice_lines SET classification_kind = ?, classification_code = ?,
          classification_text = ? WHERE invoice_id = ? AND line_no = ?`),
      headById: db.prepare('SELECT id, status, source_version, number, irn, review_reason FROM invoices WHERE id = ?'),
      buyer: db.prepare(`SELECT buyer_name, buyer_tin, buyer_email, buyer_phone, buyer_address_json, invoice_kind
          FROM invoices WHERE id = ?`),
      setBuyer: db.prepare(`UPDATE invoices SET buyer_name = @name, buyer_tin = @tin, buyer_email = @email,
          buyer_phone = @phone, buyer_address_json = @address, invoice_kind = @kind, buyer_edited_at = @now,
          updated_at = @now WHERE id = @id AND status IN ('draft', 'needs_review')`),
      customerBuyers: db.prepare(`SELECT id, status, source_order_id, source_payment_id FROM invoices
          WHERE buyer_customer_id = ? AND status IN ('draft', 'needs_review') AND buyer_edited_at IS NULL ORDER BY id`),
      refreshBuyer: db.prepare(`UPDATE invoices SET buyer_name = @name, buyer_email = @email, buyer_phone = @phone,
          buyer_tin = @tin, buyer_address_json = @address, updated_at = @now
        WHERE id = @id AND status IN ('draft', 'needs_review') AND buyer_edited_at IS NULL`),
      lineClassification: db.prepare(`SELECT classification_kind, classification_code, classification_text
          FROM invoice_lines WHERE invoice_id = ? AND line_no = ?`),
      setStatus: db.prepare(`UPDATE invoices SET status = @to, approved_at = @approvedAt,
          review_reason = coalesce(@reason, review_reason), updated_at = @now WHERE id = @id AND status = @from`),
      deleteLines: db.prepare('DELETE FROM invoice_lines WHERE invoice_id = ?'),
      deleteTaxes: db.prepare('DELETE FROM invoice_taxes WHERE invoice_id = ?'),
      insert: db.prepare(`INSERT INTO invoices (kind, source_key, number, irn, status, review_reason, currency,
          issue_date, issued_at, line_extension_minor, allowance_total_minor, charge_total_minor, tax_exclusive_minor,
          tax_total_minor, tax_inclusive_minor, tip_minor, rounding_minor, payable_minor, buyer_name, buyer_email,
          buyer_phone, buyer_tin, buyer_address_json, buyer_customer_id, merchant_id, location_id, source_payment_id,
          source_order_id, source_refund_id, source_version, original_invoice_id, created_at, updated_at)
        VALUES (@kind, @sourceKey, @number, @irn, @status, @reviewReason, @currency, @issueDate, @issuedAt,
          @lineExtension, @allowances, @charges, @taxExclusive, @taxTotal, @taxInclusive, @tip, @rounding, @payable,
          @buyerName, @buyerEmail, @buyerPhone, @buyerTin, @buyerAddress, @buyerCustomerId, @merchantId, @locationId, @paymentId, @orderId, @refundId, @version,
          @originalId, @now, @now)`),
      line: db.prepare(`INSERT INTO invoice_lines (invoice_id, line_no, name, description, sku, quantity,
          unit_price_minor, gross_minor, discount_minor, tax_minor, line_extension_minor, total_minor, tax_percent, source_uid)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      tax: db.prepare(`INSERT INTO invoice_taxes (invoice_id, seq, name, category, percent, tax_type,
          taxable_minor, tax_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      exportFacts: db.prepare('SELECT export_batch_id, payment_means_code FROM invoices WHERE id = ?'),
      approvedIds: db.prepare(`SELECT id FROM invoices WHERE status = 'approved'
          AND (@from IS NULL OR issue_date >= @from) AND (@to IS NULL OR issue_date <= @to)
          AND (@locationId IS NULL OR location_id = @locationId) ORDER BY id`).pluck(),
      lineSourceUids: db.prepare(`SELECT invoice_id, source_uid FROM invoice_lines
          WHERE invoice_id IN (SELECT value FROM json_each(?)) ORDER BY invoice_id, line_no`),
      idsInBatch: db.prepare('SELECT id, kind FROM invoices WHERE export_batch_id = ? ORDER BY id'),
      kindsOf: db.prepare('SELECT id, kind FROM invoices WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id'),
      audit: db.prepare(`INSERT INTO audit_log (at, actor, action, entity, entity_id, detail_json)
          VALUES (?, ?, ?, 'invoice', ?, ?)`),
    };
  }

  // ---- what the writer decides on ----

  headBySourceKey(sourceKey: string): StoredHead | null {
    const r = this.s.head.get(sourceKey) as
      | { id: number; status: InvoiceStatus; source_version: string | null; number: string | null; irn: string | null }
      | undefined;
    return r ? { id: r.id, status: r.status, sourceVersion: r.source_version, number: r.number, irn: r.irn } : null;
  }

  idBySourceKey(sourceKey: string): number | null {
    return (this.s.idByKey.get(sourceKey) as number | undefined) ?? null;
  }

  /** Next number of a named sequence; call inside the transaction that uses it, so a rollback returns it. */
  nextInSequence(name: string): number {
    return this.s.nextInSequence.get(name) as number;
  }

  // ---- changes (each with its audit entry) ----

  create(doc: NewDocument, now: number, actor: Actor = 'pipeline'): number {
    const id = Number(this.s.insert.run(this.columns(doc, now)).lastInsertRowid);
    this.writeLinesAndTaxes(id, doc);
    this.audit(actor, 'invoice.created', id, { sourceKey: doc.sourceKey, status: doc.status, version: doc.sourceVersion }, now);
    return id;
  }

  /** Replaces a document's content (header, lines, taxes), keeping its id, number and creation time. */
  replace(id: number, doc: NewDocument, now: number, actor: Actor = 'pipeline'): void {
    if (this.s.update.run({ ...this.columns(doc, now), id }).changes !== 1) throw this.exportedRefusal(id);
    // The owner's classifications survive a newer version of the sale: matched by Square's line uid, else position.
    const kept = this.s.classified.all(id) as ClassifiedRow[];
    this.s.deleteLines.run(id);
    this.s.deleteTaxes.run(id);
    this.writeLinesAndTaxes(id, doc);
    for (const k of kept) {
      const i = k.source_uid ? doc.lines.findIndex((l) => l.sourceUid === k.source_uid) : k.line_no - 1;
      if (i >= 0 && i < doc.lines.length) {
        this.s.reclassify.run(k.classification_kind, k.classification_code, k.classification_text, id, i + 1);
      }
    }
    this.audit(actor, 'invoice.updated', id, { sourceKey: doc.sourceKey, status: doc.status, version: doc.sourceVersion }, now);
  }

  void(id: number, sourceKey: string, reason: string, now: number, actor: Actor = 'pipeline'): void {
    if (this.s.void.run(reason, now, id).changes !== 1) throw this.exportedRefusal(id);
    this.audit(actor, 'invoice.voided', id, { sourceKey }, now);
  }

  // ---- export (main/export calls these inside its one batch transaction) ----

  /**
   * approved → exported, read-only from now on. Records what export decided so the stored document is what was sent:
   * the IRN (when it was computed at export), the payment means, and the classification of lines that had none (the
   * remembered item's or the default). Refused, in words, when the invoice changed after it was checked (seen by its
   * updated time): the caller's transaction then rolls back the whole batch.
   */
  /**
   * Export marks are staged in temporary tables (this connection's own, outside any transaction) page by page while a
   * batch is written, so a 50,000-document batch does not hold 50,000 mark objects in memory until its commit.
   * clearExportMarks() starts (and abandons) a staging.
   */
  clearExportMarks(): void {
    this.db.exec(`CREATE TEMP TABLE IF NOT EXISTS export_marks (id INTEGER PRIMARY KEY, number TEXT, irn TEXT NOT NULL,
        means TEXT NOT NULL, seen INTEGER NOT NULL);
      CREATE TEMP TABLE IF NOT EXISTS export_line_classes (invoice_id INTEGER, line_no INTEGER, kind TEXT, code TEXT,
        category TEXT, PRIMARY KEY (invoice_id, line_no));
      DELETE FROM temp.export_marks; DELETE FROM temp.export_line_classes;`);
  }

  /** Stages one page of marks (see clearExportMarks): two statements, whatever the page's size. */
  stageExportMarks(marks: readonly ExportMark[]): void {
    if (!marks.length) return;
    // Prepared once, on first use: the temporary tables they write exist from clearExportMarks() on.
    this.staging ??= {
      marks: this.db.prepare(`INSERT INTO temp.export_marks (id, number, irn, means, seen)
          SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?)`),
      classes: this.db.prepare(`INSERT INTO temp.export_line_classes
          SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?)`),
    };
    this.staging.marks.run(JSON.stringify(marks.map((m) => [m.id, m.number, m.irn, m.paymentMeans.join(' '), m.seenUpdatedAt])));
    const classes: [number, number, string, string, string | null][] = [];
    for (const m of marks) m.classifications.forEach((c, j) => { if (c) classes.push([m.id, j + 1, c.kind, c.code, c.category]); });
    if (classes.length) this.staging.classes.run(JSON.stringify(classes));
  }

  /**
   * Marks every staged document exported, set-based: one UPDATE marks the documents, one fills the classifications
   * the export applied, one writes the audit entries (three statements per document took 2.2 s for 50,000). Every
   * document must still be as it was checked (approved, same updated time, same IRN): otherwise nothing is marked and
   * the caller's transaction rolls back, naming it. Must run inside the caller's transaction; clears the staging.
   */
  markExported(batchId: number, now: number, actor: Actor): number {
    const db = this.db;
    const staged = db.prepare('SELECT count(*) FROM temp.export_marks').pluck().get() as number;
    const changed = db.prepare(`UPDATE invoices SET status = 'exported', export_batch_id = @batchId, exported_at = @now,
          irn = coalesce(invoices.irn, m.irn), payment_means_code = m.means, updated_at = @now
        FROM temp.export_marks m
        WHERE invoices.id = m.id AND invoices.status = 'approved' AND invoices.updated_at = m.seen
          AND (invoices.irn IS NULL OR invoices.irn = m.irn)`).run({ batchId, now }).changes;
    if (changed !== staged) {
      const moved = db.prepare(`SELECT coalesce(m.number, m.id) FROM temp.export_marks m JOIN invoices i ON i.id = m.id
          WHERE i.export_batch_id IS NOT ? ORDER BY m.id LIMIT 1`).pluck().get(batchId) as string | number | undefined;
      throw new InvoiceChangeRefused(`Invoice ${moved ?? 'of this batch'} changed while it was being exported; nothing was exported. Export again.`);
    }
    db.prepare(`UPDATE invoice_lines SET classification_kind = c.kind, classification_code = c.code, classification_text = c.category
        FROM temp.export_line_classes c
        WHERE invoice_lines.invoice_id = c.invoice_id AND invoice_lines.line_no = c.line_no
          AND invoice_lines.classification_kind IS NULL`).run();
    // The same entry audit() writes for one document: {"batch":…,"irn":"…"}.
    db.prepare(`INSERT INTO audit_log (at, actor, action, entity, entity_id, detail_json)
        SELECT @now, @actor, 'invoice.exported', 'invoice', CAST(id AS TEXT), json_object('batch', @batchId, 'irn', irn)
        FROM temp.export_marks ORDER BY id`).run({ now, actor, batchId });
    db.exec('DELETE FROM temp.export_marks; DELETE FROM temp.export_line_classes;');
    return changed;
  }

  /** What export recorded on a document (null before it is exported). */
  exportFacts(id: number): { batchId: number; paymentMeans: string[] } | null {
    const r = this.s.exportFacts.get(id) as { export_batch_id: number | null; payment_means_code: string | null } | undefined;
    if (!r || r.export_batch_id === null) return null;
    return { batchId: r.export_batch_id, paymentMeans: r.payment_means_code ? r.payment_means_code.split(' ') : [] };
  }

  /** Approved documents, oldest first, optionally by issue date range and location (export by filter). */
  approvedIds(f: { from?: string | undefined; to?: string | undefined; locationId?: string | undefined }): number[] {
    return this.s.approvedIds.all({ from: f.from ?? null, to: f.to ?? null, locationId: f.locationId ?? null }) as number[];
  }

  /** Square's line uid of each line, per document, in line order (export matches lines to catalog items by it). */
  lineSourceUids(ids: readonly number[]): Map<number, (string | null)[]> {
    const out = new Map<number, (string | null)[]>();
    for (const r of this.s.lineSourceUids.all(JSON.stringify(ids)) as { invoice_id: number; source_uid: string | null }[]) {
      const list = out.get(r.invoice_id);
      if (list) list.push(r.source_uid);
      else out.set(r.invoice_id, [r.source_uid]);
    }
    return out;
  }

  /** The kind of each existing document among `ids` (missing ids are left out), by id. */
  kindsOf(ids: readonly number[]): { id: number; kind: 'invoice' | 'credit_note' }[] {
    return this.s.kindsOf.all(JSON.stringify(ids)) as { id: number; kind: 'invoice' | 'credit_note' }[];
  }

  idsInBatch(batchId: number): { id: number; kind: 'invoice' | 'credit_note' }[] {
    return this.s.idsInBatch.all(batchId) as { id: number; kind: 'invoice' | 'credit_note' }[];
  }

  // ---- the owner's review (each refuses what the status does not allow, in words) ----

  setBuyer(id: number, buyer: BuyerFields, now: number, actor: Actor): void {
    this.requireEditable(id);
    const before = this.s.buyer.get(id) as BuyerRow;
    this.s.setBuyer.run({
      id, now, name: buyer.name, tin: buyer.tin, email: buyer.email, phone: buyer.phone,
      address: buyer.address ? JSON.stringify(buyer.address) : null, kind: buyer.kind,
    });
    this.audit(actor, 'invoice.buyer.changed', id, { before: fromBuyerRow(before), after: buyer }, now);
  }

  /**
   * The documents whose buyer follows Square customer `customerId`: still under review (draft, needs_review) and not
   * edited by the owner. Approved documents do not change silently; exported ones never change.
   */
  customerBuyerTargets(customerId: string): CustomerBuyerTarget[] {
    return (this.s.customerBuyers.all(customerId) as {
      id: number; status: InvoiceStatus; source_order_id: string | null; source_payment_id: string | null;
    }[]).map((r) => ({ id: r.id, status: r.status, orderId: r.source_order_id, paymentId: r.source_payment_id }));
  }

  /**
   * The pipeline refreshes a buyer from a changed Square customer. Refused by the statement itself (returns false)
   * when the document left review or the owner edited its buyer meanwhile; audited only when something changed.
   */
  refreshBuyer(id: number, buyer: PipelineBuyer, now: number): boolean {
    const before = this.s.buyer.get(id) as BuyerRow | undefined;
    if (!before) return false;
    const address = buyer.buyerAddress ? JSON.stringify(buyer.buyerAddress) : null;
    const same = before.buyer_name === buyer.buyerName && before.buyer_email === buyer.buyerEmail &&
      before.buyer_phone === buyer.buyerPhone && before.buyer_tin === buyer.buyerTin && before.buyer_address_json === address;
    if (same) return false;
    const changed = this.s.refreshBuyer.run({
      id, now, name: buyer.buyerName, email: buyer.buyerEmail, phone: buyer.buyerPhone, tin: buyer.buyerTin, address,
    }).changes === 1;
    if (changed) {
      const after = { name: buyer.buyerName, tin: buyer.buyerTin, email: buyer.buyerEmail, phone: buyer.buyerPhone, address: buyer.buyerAddress };
      this.audit('pipeline', 'invoice.buyer.refreshed', id, { before: fromBuyerRow(before), after }, now);
    }
    return changed;
  }

  classifyLine(id: number, lineNo: number, classification: LineClassification, now: number, actor: Actor): void {
    this.requireEditable(id);
    const before = this.s.lineClassification.get(id, lineNo) as
      | { classification_kind: string | null; classification_code: string | null; classification_text: string | null }
      | undefined;
    if (!before) throw new InvoiceChangeRefused(`This invoice has no line ${lineNo}.`);
    this.s.reclassify.run(classification.kind, classification.code, classification.category, id, lineNo);
    this.audit(actor, 'invoice.line.classified', id, {
      line: lineNo,
      before: before.classification_kind
        ? { kind: before.classification_kind, code: before.classification_code, category: before.classification_text }
        : null,
      after: classification,
    }, now);
  }

  /** draft → approved; needs_review → approved only with the owner's note accepting it as it is. */
  approve(id: number, now: number, actor: Actor, acceptNote?: string): void {
    const head = this.requireHead(id);
    if (head.status === 'needs_review' && acceptNote) {
      this.audit(actor, 'invoice.accepted', id, { note: acceptNote, reason: head.review_reason }, now);
    }
    this.moveStatus(head, 'approved', now, actor, { approvedAt: now });
  }

  /** The owner voids a document that has not been exported; the reason goes into its history. */
  voidByOwner(id: number, reason: string, now: number, actor: Actor): void {
    const head = this.requireHead(id);
    if (head.status === 'exported') throw this.exportedRefusal(id);
    if (head.status === 'void') throw new InvoiceChangeRefused('This invoice is already void.');
    this.moveStatus(head, 'void', now, actor, { reason, note: reason });
  }

  /** approved → back to review (needs_review when Square's amounts did not match, else draft). */
  reopen(id: number, now: number, actor: Actor): void {
    const head = this.requireHead(id);
    if (head.status !== 'approved') {
      throw new InvoiceChangeRefused(head.status === 'exported'
        ? 'This invoice has been exported and cannot change: issue a credit note instead.'
        : 'Only an approved invoice can be reopened.');
    }
    this.moveStatus(head, head.review_reason ? 'needs_review' : 'draft', now, actor, { approvedAt: null });
  }

  private moveStatus(
    head: HeadRow,
    to: InvoiceStatus,
    now: number,
    actor: Actor,
    o: { approvedAt?: number | null; reason?: string; note?: string },
  ): void {
    const changed = this.s.setStatus.run({
      id: head.id, from: head.status, to, now, approvedAt: o.approvedAt ?? null, reason: o.reason ?? null,
    }).changes;
    if (changed !== 1) throw new InvoiceChangeRefused('The invoice changed meanwhile; look at it again.');
    const action = to === 'approved' ? 'invoice.approved' : to === 'void' ? 'invoice.voided' : 'invoice.reopened';
    this.audit(actor, action, head.id, { before: head.status, after: to, ...(o.note ? { note: o.note } : {}) }, now);
  }

  private requireHead(id: number): HeadRow {
    const head = this.s.headById.get(id) as HeadRow | undefined;
    if (!head) throw new InvoiceChangeRefused(`Invoice ${id} does not exist.`);
    return head;
  }

  /** Buyer and line changes: only while the invoice is still under review. */
  private requireEditable(id: number): HeadRow {
    const head = this.requireHead(id);
    if (head.status === 'exported') throw this.exportedRefusal(id);
    if (head.status === 'approved') throw new InvoiceChangeRefused('This invoice is approved: reopen it to change it.');
    if (head.status === 'void') throw new InvoiceChangeRefused('A void invoice cannot change.');
    return head;
  }

  private exportedRefusal(id: number): InvoiceChangeRefused {
    return new InvoiceChangeRefused(
      `Invoice ${id} has been exported and cannot change. To correct it, issue a credit note for it in Square ` +
        '(a refund), and a new sale if needed.',
    );
  }

  private columns(doc: NewDocument, now: number) {
    return {
      kind: doc.kind, sourceKey: doc.sourceKey, number: doc.number, irn: doc.irn, status: doc.status,
      reviewReason: doc.reviewReasons.length ? joinSentences(doc.reviewReasons) : null,
      currency: doc.currency, issueDate: doc.issueDate, issuedAt: doc.issuedAt,
      lineExtension: doc.lineExtensionMinor, allowances: doc.allowanceTotalMinor, charges: doc.chargeTotalMinor,
      taxExclusive: doc.taxExclusiveMinor, taxTotal: doc.taxTotalMinor, taxInclusive: doc.taxInclusiveMinor,
      tip: doc.tipMinor, rounding: doc.roundingMinor, payable: doc.payableMinor,
      buyerName: doc.buyerName, buyerEmail: doc.buyerEmail, buyerPhone: doc.buyerPhone, buyerTin: doc.buyerTin,
      buyerAddress: doc.buyerAddress ? JSON.stringify(doc.buyerAddress) : null, buyerCustomerId: doc.buyerCustomerId,
      merchantId: doc.merchantId, locationId: doc.locationId, paymentId: doc.sourcePaymentId,
      orderId: doc.sourceOrderId, refundId: doc.sourceRefundId, version: doc.sourceVersion,
      originalId: doc.originalInvoiceId, now,
    };
  }

  private writeLinesAndTaxes(id: number, doc: NewDocument): void {
    const line = this.s.line;
    doc.lines.forEach((l, i) =>
      line.run(id, i + 1, l.name, l.description, l.sku, l.quantity, l.unitPriceMinor, l.grossMinor, l.discountMinor,
        l.taxMinor, l.lineExtensionMinor, l.totalMinor, l.taxPercent, l.sourceUid));
    const tax = this.s.tax;
    doc.taxes.forEach((t, i) => tax.run(id, i + 1, t.name, t.category, t.percent, t.taxType, t.taxableMinor, t.taxMinor));
  }

  private audit(actor: Actor, action: string, id: number, detail: object, now: number): void {
    this.s.audit.run(now, actor, action, String(id), JSON.stringify(detail));
  }

  // ---- reads ----

  list(q: ParsedInput<'invoices.list'>): Page<InvoiceSummary> {
    return listInvoices(this.db, q);
  }

  /** The ids the list's filters match (for "approve all matching"), at most `limit`. */
  ids(q: ParsedInput<'invoices.ids'>, limit: number): number[] {
    return listInvoiceIds(this.db, q, limit);
  }

  get(id: number): InvoiceDetail | null {
    return getInvoiceDetail(this.db, id);
  }

  /** Many documents' content at once, in the order of `ids` (export reads batches page by page). */
  documents(ids: readonly number[]): InvoiceDocument[] {
    return getInvoiceDocuments(this.db, ids);
  }

  /** Counts and totals for the dashboard. */
  stats(): InvoiceStats {
    const byStatus = Object.fromEntries(INVOICE_STATUSES.map((s) => [s, 0])) as Record<InvoiceStatus, number>;
    for (const r of this.db.prepare('SELECT status, count(*) AS n FROM invoices GROUP BY status').all() as {
      status: InvoiceStatus; n: number;
    }[]) byStatus[r.status] = r.n;

    const kinds = this.db
      .prepare(`SELECT sum(kind = 'invoice') AS invoices, sum(kind = 'credit_note') AS credits FROM invoices`)
      .get() as { invoices: number | null; credits: number | null };

    // Voided documents are not sales; credit notes reduce the total.
    const totals = this.db
      .prepare(
        `SELECT currency, count(*) AS count,
                sum(CASE kind WHEN 'credit_note' THEN -payable_minor ELSE payable_minor END) AS payable,
                sum(CASE kind WHEN 'credit_note' THEN -tax_total_minor ELSE tax_total_minor END) AS tax
         FROM invoices WHERE status <> 'void' GROUP BY currency ORDER BY currency`,
      )
      .all() as { currency: string; count: number; payable: number; tax: number }[];

    return {
      invoicesByStatus: byStatus,
      invoiceCount: kinds.invoices ?? 0,
      creditNoteCount: kinds.credits ?? 0,
      totalsByCurrency: totals.map((t) => ({ currency: t.currency, count: t.count, payableMinor: t.payable, taxMinor: t.tax })),
    };
  }
}

interface HeadRow { id: number; status: InvoiceStatus; source_version: string | null; number: string | null; irn: string | null; review_reason: string | null }

interface ClassifiedRow {
  line_no: number; source_uid: string | null; classification_kind: string; classification_code: string; classification_text: string;
}

interface BuyerRow {
  buyer_name: string | null; buyer_tin: string | null; buyer_email: string | null; buyer_phone: string | null;
  buyer_address_json: string | null; invoice_kind: BuyerKind | null;
}

const fromBuyerRow = (r: BuyerRow) => ({
  name: r.buyer_name, tin: r.buyer_tin, email: r.buyer_email, phone: r.buyer_phone,
  address: r.buyer_address_json ? (JSON.parse(r.buyer_address_json) as BuyerAddress) : null, kind: r.invoice_kind,
});
