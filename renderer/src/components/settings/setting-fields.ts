import { SETTING_LABELS } from '../../../../shared/field-words';
import type { SettingKey } from '../../../../shared/settings';

export interface SettingField {
  key: SettingKey;
  label: string;
  help?: string;
  placeholder?: string;
  options?: { value: string; label: string }[];
  /** A select filled from the NRS code lists (the LGAs of the chosen state). */
  codes?: 'states' | 'lgas';
  inputMode?: 'text' | 'email' | 'tel';
}

export interface SettingGroup {
  title: string;
  /** One line under the title saying what the group is for. */
  lead?: string;
  fields: SettingField[];
}

/**
 * Help for each setting, in screen order; labels are shared/field-words.ts's (errors name fields in the same words).
 * The rules themselves live in shared/settings.ts and are checked by main.
 */
export const SETTING_GROUPS: SettingGroup[] = [
  {
    title: 'Business profile',
    lead: 'Printed on every invoice and sent to TaxPoynt. Every field here is needed before you can export.',
    fields: [
      { key: 'businessName', label: SETTING_LABELS.businessName, placeholder: 'Acme Coffee Ltd', help: 'As registered with the NRS.' },
      { key: 'businessTin', label: SETTING_LABELS.businessTin, placeholder: '12345678-0001', help: 'Your Tax Identification Number: 8 digits, a hyphen, 4 digits.' },
      {
        key: 'businessId', label: SETTING_LABELS.businessId,
        placeholder: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
        help: 'The long ID shown on your NRS MBS dashboard.',
      },
      {
        key: 'serviceId', label: SETTING_LABELS.serviceId,
        placeholder: 'AB12CD34',
        help: '8 letters or digits assigned by the NRS. Invoice reference numbers (IRNs) are made only once it is set.',
      },
      { key: 'businessEmail', label: SETTING_LABELS.businessEmail, placeholder: 'accounts@example.com', inputMode: 'email' },
      { key: 'businessPhone', label: SETTING_LABELS.businessPhone, placeholder: '+2348012345678', help: 'With + and the country code.', inputMode: 'tel' },
    ],
  },
  {
    title: 'Business address',
    fields: [
      { key: 'businessStreet', label: SETTING_LABELS.businessStreet, placeholder: '12 Allen Avenue' },
      { key: 'businessCity', label: SETTING_LABELS.businessCity, placeholder: 'Ikeja' },
      { key: 'businessPostalZone', label: SETTING_LABELS.businessPostalZone, placeholder: '100271', help: 'Optional.' },
      { key: 'businessState', label: SETTING_LABELS.businessState, codes: 'states' },
      { key: 'businessLga', label: SETTING_LABELS.businessLga, codes: 'lgas', help: 'The list follows the state.' },
    ],
  },
  {
    title: 'Invoice numbering',
    fields: [
      { key: 'invoicePrefix', label: SETTING_LABELS.invoicePrefix, placeholder: 'INV', help: 'Letters and digits only (the NRS allows nothing else in the number).' },
      { key: 'invoiceTypeCode', label: SETTING_LABELS.invoiceTypeCode, placeholder: '381', help: 'NRS code for a sales invoice; usually 381 (commercial invoice).' },
      { key: 'creditNoteTypeCode', label: SETTING_LABELS.creditNoteTypeCode, placeholder: '380', help: 'NRS code for a refund; usually 380 (credit note).' },
    ],
  },
  {
    title: 'Default classification',
    lead: 'Used for any item you have not classified on the invoice or in the item list below. Leave it off to be asked every time.',
    fields: [
      {
        key: 'defaultClassificationKind', label: SETTING_LABELS.defaultClassificationKind,
        options: [
          { value: '', label: 'No default' },
          { value: 'goods', label: 'Goods (HS code)' },
          { value: 'service', label: 'Services (ISIC code)' },
        ],
      },
      {
        key: 'defaultClassificationCode', label: SETTING_LABELS.defaultClassificationCode,
        placeholder: '1006.30 or 5610',
        help: 'An HS code for goods (like 1006.30) or a 4-digit ISIC code for services (like 5610).',
      },
      { key: 'defaultClassificationCategory', label: SETTING_LABELS.defaultClassificationCategory, placeholder: 'Restaurants', help: 'A few words, e.g. Rice or Restaurants.' },
    ],
  },
  {
    title: 'Square',
    fields: [
      { key: 'squareApplicationId', label: SETTING_LABELS.squareApplicationId, placeholder: 'sq0idp-… (sandbox: sandbox-sq0idb-…)' },
      {
        key: 'squareEnvironment', label: SETTING_LABELS.squareEnvironment,
        options: [
          { value: 'sandbox', label: 'Sandbox (testing)' },
          { value: 'production', label: 'Production' },
        ],
      },
      {
        key: 'webhookPublicUrl', label: SETTING_LABELS.webhookPublicUrl,
        placeholder: 'https://pos.example.com/square/webhook',
        help: 'Your own HTTPS address for Square webhooks. Leave empty to use a tunnel.',
      },
    ],
  },
];

export function labelOf(key: string | undefined): string | undefined {
  return key && Object.prototype.hasOwnProperty.call(SETTING_LABELS, key) ? SETTING_LABELS[key as keyof typeof SETTING_LABELS] : undefined;
}
