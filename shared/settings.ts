import { z } from 'zod';

// Owner-editable settings. Secrets (tokens, signature keys) are never settings: they live in the keychain.
// Every key has a default so the UI never has to guess.

const alnum = /^[A-Za-z0-9]*$/;

export const settingsSchema = z.object({
  businessName: z.string().trim().max(200),
  /** FIRS TIN, NNNNNNNN-NNNN; empty until the owner enters it. */
  businessTin: z
    .string()
    .trim()
    .regex(/^(\d{8}-\d{4})?$/, 'TIN must look like 12345678-0001'),
  /** 8-character Service ID assigned by FIRS; IRNs are computed only when it is set. */
  serviceId: z
    .string()
    .trim()
    .regex(/^([A-Za-z0-9]{8})?$/, 'Service ID must be exactly 8 letters or digits'),
  /** Invoice number prefix. TaxPoynt strips non-alphanumerics from numbers, so we refuse them up front. */
  invoicePrefix: z.string().trim().max(12).regex(alnum, 'Prefix may contain only letters and digits'),
  invoiceTypeCode: z.string().regex(/^\d{3}$/, 'Type code must be 3 digits'),
  creditNoteTypeCode: z.string().regex(/^\d{3}$/, 'Type code must be 3 digits'),
  squareApplicationId: z.string().trim().max(100),
  squareEnvironment: z.enum(['sandbox', 'production']),
  /** The owner's own public URL for webhooks (reverse proxy / own tunnel); empty means use localtunnel. */
  webhookPublicUrl: z.union([z.literal(''), z.url({ protocol: /^https$/, error: 'Public URL must be an https URL' })]),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Settings = {
  businessName: '',
  businessTin: '',
  serviceId: '',
  invoicePrefix: 'INV',
  invoiceTypeCode: '380',
  creditNoteTypeCode: '381',
  squareApplicationId: '',
  squareEnvironment: 'sandbox',
  webhookPublicUrl: '',
};

export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as SettingKey[];
