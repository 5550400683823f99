import type { z } from 'zod';
import type { SettingKey } from './settings';

// Input fields as the owner reads them. Errors name a field in these words; the dotted key path stays in the error's
// `field` (for the screen to find its input) and in its `detail` (behind "Details"), never in the sentence itself.

/** Every setting's label, the one the Settings screen shows beside its input. */
export const SETTING_LABELS: Record<SettingKey, string> = {
  businessName: 'Legal business name',
  businessTin: 'Business TIN',
  businessId: 'Business ID',
  businessEmail: 'Business email',
  businessPhone: 'Business phone',
  businessStreet: 'Street',
  businessCity: 'City',
  businessPostalZone: 'Postal code',
  businessState: 'State',
  businessLga: 'Local government area (LGA)',
  serviceId: 'Service ID',
  invoicePrefix: 'Invoice number prefix',
  invoiceTypeCode: 'Invoice type code',
  creditNoteTypeCode: 'Credit note type code',
  defaultClassificationKind: 'What you mostly sell',
  defaultClassificationCode: 'Code',
  defaultClassificationCategory: 'Category',
  squareApplicationId: 'Square application ID',
  squareEnvironment: 'Square environment',
  webhookMode: 'How Square’s events arrive',
  webhookPublicUrl: 'Public webhook URL',
};

/** The other inputs' last path segment in words (the nearest named segment wins: buyer.address.lga → LGA). */
const FIELD_WORDS: Record<string, string> = {
  id: 'the document',
  ids: 'the chosen documents',
  batchId: 'the export',
  from: 'the start date',
  to: 'the end date',
  page: 'the page number',
  pageSize: 'the page size',
  sort: 'the sort order',
  dir: 'the sort direction',
  search: 'the search text',
  status: 'the status filter',
  kind: 'the document kind',
  state: 'the state',
  locationId: 'the location',
  locationIds: 'the chosen locations',
  token: 'the personal access token',
  signatureKey: 'the signature key',
  contents: 'the key file',
  buyer: 'the buyer',
  name: 'the name',
  tin: 'the TIN',
  email: 'the email address',
  phone: 'the phone number',
  address: 'the address',
  street: 'the street',
  city: 'the city',
  postalZone: 'the postal code',
  lga: 'the LGA',
  country: 'the country',
  lineNo: 'the line',
  classification: 'the classification',
  code: 'the code',
  category: 'the category',
  acceptNote: 'the note',
  reason: 'the reason',
  list: 'the code list',
  query: 'the search text',
  itemClassifications: 'the item list',
  exchangeRates: 'the exchange rates',
  currency: 'the currency',
  date: 'the date',
  rate: 'the rate',
};

/** "buyer.address.lga" → "the LGA"; a setting key → its label in quotes; unknown keys → words from the camelCase. */
export function fieldInWords(path: string | readonly PropertyKey[] | undefined): string {
  const parts = (typeof path === 'string' ? path.split('.') : (path ?? []).map(String)).filter((p) => !/^\d+$/.test(p));
  const last = parts[parts.length - 1];
  if (!last) return 'the input';
  if (Object.prototype.hasOwnProperty.call(SETTING_LABELS, last)) return `“${SETTING_LABELS[last as SettingKey]}”`;
  const known = FIELD_WORDS[last];
  if (known) return known;
  return `the ${last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`;
}

type Issue = z.core.$ZodRawIssue;

/**
 * Words for zod's own issues (a schema's explicit message wins over this map): pass as `{ error: ownerIssueWords }` to
 * safeParse, on either side. Each is a sentence about the field, without the field's key.
 */
export function ownerIssueWords(issue: Issue): string {
  const field = fieldInWords(issue.path ?? []);
  const cap = field.charAt(0).toUpperCase() + field.slice(1);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `${cap} is missing. Fill it in, then try again.` : `${cap} has the wrong kind of value. Check it, then try again.`;
    case 'too_small':
      return issue.origin === 'string'
        ? Number(issue.minimum) <= 1 ? `${cap} is empty. Fill it in, then try again.` : `${cap} is too short (at least ${String(issue.minimum)} characters). Check it, then try again.`
        : issue.origin === 'array' || issue.origin === 'set'
          ? `Choose at least ${String(issue.minimum)} for ${field}.`
          : `${cap} must be at least ${String(issue.minimum)}. Change it, then try again.`;
    case 'too_big':
      return issue.origin === 'string'
        ? `${cap} is too long (at most ${String(issue.maximum)} characters). Shorten it, then try again.`
        : issue.origin === 'array' || issue.origin === 'set'
          ? `Choose at most ${String(issue.maximum)} for ${field}.`
          : `${cap} must be at most ${String(issue.maximum)}. Change it, then try again.`;
    case 'invalid_value':
      return `${cap} is not one of the choices offered. Choose one of them.`;
    case 'invalid_format':
      return `${cap} is not in the expected form. Check it, then try again.`;
    case 'unrecognized_keys':
      return 'The app sent something this version does not know. Restart the app; if it happens again, report it.';
    default:
      return `${cap} is not valid. Check it, then try again.`;
  }
}
