import type { Square } from 'square';
import { E164_PATTERN, TIN_PATTERN } from '../../../shared/review';
import type { BuyerAddress } from '../../../shared/domain';
import { lookupCode, stateCodeByName } from '../nrs-codes/index';

// Turning a Square customer's free-text fields into the buyer fields of an NRS invoice. Nothing here guesses: a value
// that is not already in the form the NRS accepts is left out (null / empty) for the owner to fill in under Buyer,
// rather than stored in a form the export would have to refuse later.

const TIN_ANYWHERE = /(?<![\d-])\d{8}-\d{4}(?![\d-])/g;

/**
 * A phone number in E.164 (+ and country code). Spaces, dots, dashes and brackets are dropped first (Square keeps
 * numbers as typed, e.g. "+234 803 123 4567"); a number without the leading + is not E.164 and is left out: we do not
 * know its country, and the NRS refuses a telephone without it.
 */
export function e164Phone(raw: string | null | undefined): string | null {
  const compact = raw?.trim().replace(/[\s().-]/g, '');
  return compact && E164_PATTERN.test(compact) ? compact : null;
}

/**
 * Square customers have no TIN field. Shops keep it where Square lets them type one: the customer's reference_id
 * (the whole field) or the note (anywhere in it). Only the NRS form NNNNNNNN-NNNN counts, and a note naming two
 * different TINs names none (we cannot tell which is the buyer's).
 */
export function tinOf(customer: Square.Customer | null | undefined): string | null {
  const ref = customer?.referenceId?.trim();
  if (ref && TIN_PATTERN.test(ref)) return ref;
  const found = new Set(customer?.note?.match(TIN_ANYWHERE) ?? []);
  return found.size === 1 ? [...found][0]! : null;
}

const line = (s: string | null | undefined) => s?.trim().replace(/\s+/g, ' ') || null;

/**
 * Square's address → the invoice's postal address. Street = address lines 1–3; city = locality (else sublocality);
 * state = the NRS code of administrative_district_level_1 only when that is a Nigerian state's name (and the country
 * is Nigeria or not given); the LGA is never guessed. The country is Square's when the NRS list has it, Nigeria
 * when the state was recognised, else empty for the owner to choose. No street and no city → no address.
 */
export function addressOf(a: Square.Address | null | undefined): BuyerAddress | null {
  if (!a) return null;
  const street = [a.addressLine1, a.addressLine2, a.addressLine3].map(line).filter(Boolean).join(', ');
  const city = line(a.locality) ?? line(a.sublocality) ?? '';
  if (!street && !city) return null;
  const squareCountry = a.country && a.country !== 'ZZ' && lookupCode('countries', a.country) ? a.country : null;
  const district = line(a.administrativeDistrictLevel1);
  const state = district && (squareCountry === null || squareCountry === 'NG') ? stateCodeByName(district) : null;
  return {
    street,
    city,
    postalZone: line(a.postalCode),
    country: squareCountry ?? (state ? 'NG' : ''),
    state,
    lga: null,
  };
}
