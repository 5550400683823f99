import { E164_PATTERN, TIN_PATTERN } from '../../../shared/review';
import { missingBusinessBuyerFields } from '../../invoicing/approval-rules';
import type { InvoiceDocument } from '../../invoicing/invoice-detail';
import { lookupCode, stateOfLga } from '../../invoicing/nrs-codes/index';
import { docLabel } from './context';

// A business buyer (B2B) is a party of the invoice: the NRS needs its name, TIN and email. Any TIN that is there must
// be one the NRS accepts (real ones look like 12345678-0001), and an address must use the NRS codes.

export function buyerProblems(d: InvoiceDocument): string[] {
  const who = docLabel(d);
  const out: string[] = [];
  const missing = missingBusinessBuyerFields(d);
  if (missing.length) out.push(`${who} is to a business (B2B): add the buyer's ${missing.join(', ')} under Buyer.`);
  if (d.buyerTin && !TIN_PATTERN.test(d.buyerTin)) out.push(`${who}: the buyer's TIN ${d.buyerTin} is not a TIN (it looks like 12345678-0001).`);
  if (d.buyerPhone && !E164_PATTERN.test(d.buyerPhone)) out.push(`${who}: the buyer's phone ${d.buyerPhone} must start with + and the country code.`);
  const a = d.buyerAddress;
  if (a) {
    if (!lookupCode('countries', a.country)) out.push(`${who}: the buyer's country ${a.country} is not a country code the NRS knows.`);
    if (a.state && !lookupCode('states', a.state)) out.push(`${who}: the buyer's state ${a.state} is not a Nigerian state code.`);
    if (a.lga && stateOfLga(a.lga) !== a.state) out.push(`${who}: the buyer's LGA ${a.lga} is not an LGA of state ${a.state ?? '(none)'}.`);
  }
  return out;
}
