import type { Square } from 'square';
import { formatMoney } from '../../../shared/money';

// Reading Square money and collecting review reasons. One Reconciler per document: it knows the document currency,
// turns Square.Money (bigint amounts) into bigint minor units, and records every disagreement as a reason. Nothing
// is ever adjusted silently: a disagreement is a reason, and any reason means 'needs_review'.
//
// Reasons are read by the shop owner on the review screen, not by a developer: each says what differs, by how much
// (amounts with their currency) and what to do, in plain words. They never name Square's fields, statuses or ids —
// the raw Square objects are stored beside the invoice for anyone who needs that detail.

export type DocumentKind = 'invoice' | 'credit note';

const ADVICE: Record<DocumentKind, string> = {
  invoice: "Check the sale's items, discounts and taxes in Square, then correct the invoice or accept it as it is.",
  'credit note': 'Check the refund and the sale it came from in Square, then correct the credit note or accept it as it is.',
};

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export class Reconciler {
  readonly reasons: string[] = [];

  constructor(
    readonly currency: string,
    readonly document: DocumentKind = 'invoice',
  ) {}

  /** Minor units of `money`, 0 when absent. A different currency is a review reason (the amount is still used). */
  amount(money: Square.Money | null | undefined, what: string): bigint {
    if (!money || money.amount === undefined || money.amount === null) return 0n;
    if (money.currency && money.currency !== this.currency) {
      this.note(`${what} is in ${money.currency}, but the ${this.document} is in ${this.currency}.`);
    }
    return BigInt(money.amount);
  }

  /** Like amount(), but a missing value is itself a review reason. */
  required(money: Square.Money | null | undefined, what: string): bigint {
    if (!money || money.amount === undefined || money.amount === null) {
      this.note(`Square did not send ${what}.`);
      return 0n;
    }
    return this.amount(money, what);
  }

  /** Square's value when Square sent one, else undefined (then nothing is compared). */
  optional(money: Square.Money | null | undefined, what: string): bigint | undefined {
    if (!money || money.amount === undefined || money.amount === null) return undefined;
    return this.amount(money, what);
  }

  fmt(amount: bigint): string {
    return formatMoney(amount, this.currency);
  }

  /**
   * Records a reason unless Square's figure equals ours exactly: "The sale total is USD 23.56 in Square, but its
   * items, … add up to USD 20.56 (USD 3.00 more in Square)."
   */
  expectEqual(what: string, square: bigint | undefined, computed: bigint, from: string): void {
    if (square === undefined || square === computed) return;
    const diff = square > computed ? square - computed : computed - square;
    this.note(`${what} is ${this.fmt(square)} in Square, but ${from} add up to ${this.fmt(computed)} (${this.fmt(diff)} ${square > computed ? 'more' : 'less'} in Square).`);
  }

  /** A problem sentence, followed by what the owner should do (by default: check in Square, correct or accept). */
  note(problem: string, action: string = ADVICE[this.document]): void {
    const reason = `${sentence(problem)} ${action}`;
    if (!this.reasons.includes(reason)) this.reasons.push(reason);
  }
}

/** 'the item "Coffee"' / 'item 2' — how a reason names a line, tax, discount or service charge. */
export function label(kind: string, name: string | null | undefined, index: number): string {
  return name?.trim() ? `the ${kind} "${name.trim()}"` : `${kind} ${index + 1}`;
}

/** How a reason names a payment: by the receipt number the owner can find in Square, never by its id. */
export function paymentLabel(p: Pick<Square.Payment, 'receiptNumber'>): string {
  return p.receiptNumber ? `the payment with receipt number ${p.receiptNumber}` : 'a payment';
}
