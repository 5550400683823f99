import type { SettingKey } from '../../../../shared/settings';

export interface SettingField {
  key: SettingKey;
  label: string;
  help?: string;
  placeholder?: string;
  options?: { value: string; label: string }[];
}

export interface SettingGroup {
  title: string;
  fields: SettingField[];
}

/** Labels and help for each setting; the rules themselves live in shared/settings.ts and are checked by main. */
export const SETTING_GROUPS: SettingGroup[] = [
  {
    title: 'Business',
    fields: [
      { key: 'businessName', label: 'Business name', placeholder: 'Acme Coffee Ltd' },
      { key: 'businessTin', label: 'Business TIN', placeholder: '12345678-0001', help: 'Your FIRS Tax Identification Number.' },
      {
        key: 'serviceId',
        label: 'FIRS Service ID',
        placeholder: 'AB12CD34',
        help: '8 letters or digits assigned by FIRS. IRNs are computed only once it is set.',
      },
    ],
  },
  {
    title: 'Invoice numbering',
    fields: [
      { key: 'invoicePrefix', label: 'Invoice number prefix', placeholder: 'INV', help: 'Letters and digits only.' },
      { key: 'invoiceTypeCode', label: 'Invoice type code', placeholder: '380' },
      { key: 'creditNoteTypeCode', label: 'Credit note type code', placeholder: '381' },
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
