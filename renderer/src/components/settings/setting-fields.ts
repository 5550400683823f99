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

/** Labels and help for each setting; the rules themselves live in shared/settings.ts and are checked by main. */
export const SETTING_GROUPS: SettingGroup[] = [
  {
    title: 'Business profile',
    lead: 'Printed on every invoice and sent to TaxPoynt. Every field here is needed before you can export.',
    fields: [
      { key: 'businessName', label: 'Legal business name', placeholder: 'Acme Coffee Ltd', help: 'As registered with the NRS.' },
      { key: 'businessTin', label: 'Business TIN', placeholder: '12345678-0001', help: 'Your Tax Identification Number: 8 digits, a hyphen, 4 digits.' },
      {
        key: 'businessId',
        label: 'Business ID',
        placeholder: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
        help: 'The long ID shown on your NRS MBS dashboard.',
      },
      {
        key: 'serviceId',
        label: 'Service ID',
        placeholder: 'AB12CD34',
        help: '8 letters or digits assigned by the NRS. Invoice reference numbers (IRNs) are made only once it is set.',
      },
      { key: 'businessEmail', label: 'Business email', placeholder: 'accounts@example.com', inputMode: 'email' },
      { key: 'businessPhone', label: 'Business phone', placeholder: '+2348012345678', help: 'With + and the country code.', inputMode: 'tel' },
    ],
  },
  {
    title: 'Business address',
    fields: [
      { key: 'businessStreet', label: 'Street', placeholder: '12 Allen Avenue' },
      { key: 'businessCity', label: 'City', placeholder: 'Ikeja' },
      { key: 'businessPostalZone', label: 'Postal code', placeholder: '100271', help: 'Optional.' },
      { key: 'businessState', label: 'State', codes: 'states' },
      { key: 'businessLga', label: 'Local government area (LGA)', codes: 'lgas', help: 'The list follows the state.' },
    ],
  },
  {
    title: 'Invoice numbering',
    fields: [
      { key: 'invoicePrefix', label: 'Invoice number prefix', placeholder: 'INV', help: 'Letters and digits only (the NRS allows nothing else in the number).' },
      { key: 'invoiceTypeCode', label: 'Invoice type code', placeholder: '381', help: 'NRS code for a sales invoice; usually 381 (commercial invoice).' },
      { key: 'creditNoteTypeCode', label: 'Credit note type code', placeholder: '380', help: 'NRS code for a refund; usually 380 (credit note).' },
    ],
  },
  {
    title: 'Default classification',
    lead: 'Used for any item you have not classified on the invoice or in the item list below. Leave it off to be asked every time.',
    fields: [
      {
        key: 'defaultClassificationKind',
        label: 'What you mostly sell',
        options: [
          { value: '', label: 'No default' },
          { value: 'goods', label: 'Goods (HS code)' },
          { value: 'service', label: 'Services (ISIC code)' },
        ],
      },
      {
        key: 'defaultClassificationCode',
        label: 'Code',
        placeholder: '1006.30 or 5610',
        help: 'An HS code for goods (like 1006.30) or a 4-digit ISIC code for services (like 5610).',
      },
      { key: 'defaultClassificationCategory', label: 'Category', placeholder: 'Restaurants', help: 'A few words, e.g. Rice or Restaurants.' },
    ],
  },
  {
    title: 'Square',
    fields: [
      { key: 'squareApplicationId', label: 'Square application ID', placeholder: 'sq0idp-…' },
      {
        key: 'squareEnvironment',
        label: 'Square environment',
        options: [
          { value: 'sandbox', label: 'Sandbox (testing)' },
          { value: 'production', label: 'Production' },
        ],
      },
      {
        key: 'webhookPublicUrl',
        label: 'Public webhook URL',
        placeholder: 'https://pos.example.com/square/webhook',
        help: 'Your own HTTPS address for Square webhooks. Leave empty to use a tunnel.',
      },
    ],
  },
];

export function labelOf(key: string | undefined): string | undefined {
  for (const group of SETTING_GROUPS) for (const f of group.fields) if (f.key === key) return f.label;
  return undefined;
}
