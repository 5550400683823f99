import { expect } from 'vitest';

// Review reasons are read by the shop owner (main/invoicing/convert/reconcile.ts): plain sentences that say what
// to do, never Square's field names (snake_case), enum codes or camelCase SDK names.
// Shared with test/support/owner-words.ts (errors the UI shows follow the same rules).
export const FIELD = /\b[a-z]+(?:_[a-z]+)+\b/;
export const CODE = /\b[A-Z]{2,}_[A-Z_]+\b|\b(?:COMPLETED|CANCELED|FAILED|PENDING|APPROVED|ADDITIVE|INCLUSIVE|OPEN|DRAFT|UNAUTHORIZED|FORBIDDEN)\b/;
export const CAMEL = /\b[a-z]+[A-Z][a-zA-Z]*\b/;
const WHAT_TO_DO = /(?:then correct the (?:invoice|credit note) or accept it as it is|credit the returned items once, by hand)\.$/;

export function expectOwnerReadable(reasons: readonly string[], where = ''): void {
  for (const r of reasons) {
    expect(r, `${where} names a Square field`).not.toMatch(FIELD);
    expect(r, `${where} names a Square code`).not.toMatch(CODE);
    expect(r, `${where} names an SDK field`).not.toMatch(CAMEL);
    expect(r, `${where} does not say what to do`).toMatch(WHAT_TO_DO);
    expect(r.charAt(0), `${where} is not a sentence`).toMatch(/[A-Z]/);
  }
}
