import type { Square } from 'square';
import { formatMoney } from '../../../shared/money';

// Reading Square money and collecting review reasons. One Reconciler per document: it knows the document currency,
// turns Square.Money (bigint amounts) into bigint minor units, and records every disagreement as a sentence a
// person can act on. Nothing is ever adjusted silently: a disagreement is a reason, and any reason means
// 'needs_review'.

export class Reconciler {
  readonly reasons: string[] = [];

  constructor(readonly currency: string) {}

  /** Minor units of `money`, 0 when absent. A different currency is a review reason (the amount is still used). */
  amount(money: Square.Money | null | undefined, what: string): bigint {
    if (!money || money.amount === undefined || money.amount === null) return 0n;
    if (money.currency && money.currency !== this.currency) {
      this.note(`${what} is in ${money.currency}, not the document currency ${this.currency}`);
    }
    return BigInt(money.amount);
  }

  /** Like amount(), but a missing value is itself a review reason. */
  required(money: Square.Money | null | undefined, what: string): bigint {
    if (!money || money.amount === undefined || money.amount === null) {
      this.note(`${what} is missing`);
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

  /** Records a reason unless Square's figure equals ours exactly. */
  expectEqual(what: string, square: bigint | undefined, computed: bigint, from: string): void {
    if (square === undefined || square === computed) return;
    this.note(`${what} is ${this.fmt(square)} but ${from} come to ${this.fmt(computed)} (difference ${this.fmt(square - computed)})`);
  }

  note(reason: string): void {
    if (!this.reasons.includes(reason)) this.reasons.push(reason);
  }
}

/** "Coffee" / "line 2" — how a reason names a Square object. */
export function label(kind: string, name: string | null | undefined, index: number): string {
  return name ? `${kind} "${name}"` : `${kind} ${index + 1}`;
}
