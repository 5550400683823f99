import { ApiError } from '../../shared/contract';
import type { InvoiceDetail, LineClassification } from '../../shared/domain';
import type { ApproveOutcome, BuyerInput } from '../../shared/review';
import { approvalProblems } from '../invoicing/approval-rules';
import { InvoiceChangeRefused, type Actor, type InvoiceStore } from '../invoicing/invoice-store';
import type { Db } from '../platform/db/open';
import type { PushBus } from '../platform/push-bus';
import { checkAddress, checkClassification } from './code-checks';

export interface ReviewDeps {
  db: Db;
  store: InvoiceStore;
  bus: PushBus;
  /** Who the owner is in the audit log: this device. */
  actor: Actor;
  now?: () => number;
}

/**
 * The owner's decisions on invoices, offline: correct the buyer and the lines' classification, approve (one or many,
 * each checked by the approval rules), void, reopen. Every change goes through the invoice store, which writes its
 * audit entry in the same transaction; refusals come back as contract errors in the owner's words.
 */
export class ReviewService {
  private readonly now: () => number;

  constructor(private readonly d: ReviewDeps) {
    this.now = d.now ?? Date.now;
  }

  setBuyer(id: number, buyer: BuyerInput): InvoiceDetail {
    if (buyer.address) checkAddress(buyer.address);
    return this.change(id, () => this.d.store.setBuyer(id, buyer, this.now(), this.d.actor));
  }

  classifyLine(id: number, lineNo: number, classification: LineClassification): InvoiceDetail {
    checkClassification(classification);
    return this.change(id, () => this.d.store.classifyLine(id, lineNo, classification, this.now(), this.d.actor));
  }

  approve(id: number, acceptNote?: string): InvoiceDetail {
    return this.change(id, () => {
      const problems = approvalProblems(this.found(id), acceptNote !== undefined);
      if (problems.length) throw new ApiError('conflict', problems.join(' '));
      this.d.store.approve(id, this.now(), this.d.actor, acceptNote);
    });
  }

  /** All or each: one transaction; every invoice that passes is approved, the others say why not. */
  approveMany(ids: number[]): { results: ApproveOutcome[]; approved: number } {
    const results = this.d.db.transaction(() =>
      [...new Set(ids)].map((id): ApproveOutcome => {
        const inv = this.d.store.get(id);
        if (!inv) return { id, number: null, approved: false, reasons: [`Invoice ${id} does not exist.`] };
        const reasons = approvalProblems(inv);
        if (!reasons.length) this.d.store.approve(id, this.now(), this.d.actor);
        return { id, number: inv.number, approved: !reasons.length, reasons };
      }),
    ).immediate();
    const approved = results.filter((r) => r.approved);
    for (const r of approved) this.d.bus.emit('invoice.changed', { id: r.id, status: 'approved' });
    if (approved.length) this.d.bus.emit('stats.changed', {});
    return { results, approved: approved.length };
  }

  void(id: number, reason: string): InvoiceDetail {
    return this.change(id, () => this.d.store.voidByOwner(id, reason, this.now(), this.d.actor));
  }

  reopen(id: number): InvoiceDetail {
    return this.change(id, () => this.d.store.reopen(id, this.now(), this.d.actor));
  }

  private found(id: number): InvoiceDetail {
    const inv = this.d.store.get(id);
    if (!inv) throw new ApiError('not_found', `Invoice ${id} does not exist`, 'id');
    return inv;
  }

  /** Runs one change in a transaction; the store's refusals become conflicts the owner can read. */
  private change(id: number, work: () => void): InvoiceDetail {
    this.found(id);
    try {
      this.d.db.transaction(work).immediate();
    } catch (err) {
      if (err instanceof InvoiceChangeRefused) throw new ApiError('conflict', err.message);
      throw err;
    }
    const after = this.found(id);
    this.d.bus.emit('invoice.changed', { id, status: after.status });
    this.d.bus.emit('stats.changed', {});
    return after;
  }
}
