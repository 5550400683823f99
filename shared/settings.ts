import { z } from 'zod';
import { hsCodeSchema, isicCodeSchema } from './review';

// Owner-editable settings. Secrets (tokens, signature keys) are never settings: they live in the keychain.
// Every key has a default so the UI never has to guess. Shapes are checked here (shared with the renderer, so a
// field shows its problem as the owner types); membership in the NRS code lists (states, LGAs, HS/ISIC codes,
// invoice type codes) is checked in main, which holds the lists (main/export/profile-checks.ts).

/**
 * The webhook modes (shared/webhooks.ts TunnelMode), in the order the Webhooks screen offers them: the owner's own
 * address first (nobody else sees the sales), then the public relay, then catch-up only.
 */
export const WEBHOOK_MODES = ['public_url', 'localtunnel', 'off'] as const;

const alnum = /^[A-Za-z0-9]*$/;
const optional = <T extends z.ZodType>(schema: T) => z.union([z.literal(''), schema]);

/** A line's NRS classification as a setting: a goods HS code (NNNN.NN) or an ISIC service class (NNNN). */
export const classificationSettingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('goods'),
    code: hsCodeSchema,
    category: z.string().trim().min(1, 'Give the product category, e.g. Rice').max(200),
  }).strict(),
  z.object({
    kind: z.literal('service'),
    code: isicCodeSchema,
    category: z.string().trim().min(1, 'Give the service category, e.g. Restaurants').max(200),
  }).strict(),
]);
export type ClassificationSetting = z.infer<typeof classificationSettingSchema>;

/**
 * How many naira one unit of `currency` was worth on `date` (the document's issue date). A decimal string, never a
 * float, so the rate the owner typed is the rate that is used and shown.
 */
export const exchangeRateSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'Use the three-letter currency code, e.g. USD').refine((c) => c !== 'NGN', 'Naira needs no rate'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD'),
  rate: z.string().trim().regex(/^\d{1,12}(\.\d{1,8})?$/, 'Give the rate as a number such as 1520.50').refine((r) => /[1-9]/.test(r), 'The rate must be more than 0'),
}).strict();
export type ExchangeRate = z.infer<typeof exchangeRateSchema>;

export const settingsSchema = z.object({
  /** The business's legal name as registered with the NRS (the supplier party's name). */
  businessName: z.string().trim().max(200),
  /** NRS TIN, NNNNNNNN-NNNN; empty until the owner enters it. */
  businessTin: z
    .string()
    .trim()
    .regex(/^(\d{8}-\d{4})?$/, 'TIN must look like 12345678-0001'),
  /** business_id: the UUID shown on the NRS MBS dashboard. */
  businessId: optional(z.string().trim().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    'Business ID is the UUID from the MBS dashboard, e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6')),
  businessEmail: optional(z.email('Enter an email address such as accounts@example.com')),
  businessPhone: optional(z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'Enter the phone number with + and the country code, e.g. +2348012345678')),
  businessStreet: z.string().trim().max(200),
  businessCity: z.string().trim().max(100),
  businessPostalZone: z.string().trim().max(20),
  /** NRS state code (states list), e.g. NG-LA. */
  businessState: optional(z.string().regex(/^NG-[A-Z]{2}$/, 'Use a state code such as NG-LA')),
  /** NRS LGA code of that state (lgas list), e.g. NG-LA-IKJ. */
  businessLga: optional(z.string().regex(/^NG-[A-Z]{2}-[A-Z]{2,4}$/, 'Use an LGA code such as NG-LA-IKJ')),
  /** 8-character Service ID assigned by the NRS; IRNs are computed only when it is set. */
  serviceId: z
    .string()
    .trim()
    .regex(/^([A-Za-z0-9]{8})?$/, 'Service ID must be exactly 8 letters or digits'),
  /** Invoice number prefix. The IRN allows only letters and digits in the number, so we refuse others up front. */
  invoicePrefix: z.string().trim().max(12).regex(alnum, 'Prefix may contain only letters and digits'),
  /** NRS invoice_types list (not UBL's meanings): 381 Commercial Invoice, 380 Credit Note. */
  invoiceTypeCode: z.string().regex(/^\d{3}$/, 'Type code must be 3 digits'),
  creditNoteTypeCode: z.string().regex(/^\d{3}$/, 'Type code must be 3 digits'),
  /**
   * The classification for a line that the owner did not classify and whose item is not remembered (export mappings):
   * kind, code (HS NNNN.NN for goods, ISIC NNNN for services) and the category text. Empty kind = no default.
   * Three plain fields, so every setting stays a string the settings form can edit.
   */
  defaultClassificationKind: z.enum(['', 'goods', 'service']),
  defaultClassificationCode: optional(z.string().trim().regex(/^(\d{4}\.\d{2}|\d{4})$/, 'Use an HS code such as 1006.30 or an ISIC code such as 5610')),
  defaultClassificationCategory: z.string().trim().max(200),
  squareApplicationId: z.string().trim().max(100),
  squareEnvironment: z.enum(['sandbox', 'production']),
  /**
   * How Square's events reach this computer: the owner's own public URL (webhookPublicUrl), a public relay
   * (localtunnel; its operator sees the events and chooses the address), or not at all (catch-up sync only). The owner
   * chooses on the Webhooks screen. Until they do (no value stored), it is off: a fresh install opens no tunnel
   * (SettingsRepo.webhookModeChosen tells "off, chosen" from "not chosen yet").
   */
  webhookMode: z.enum(WEBHOOK_MODES),
  /** The owner's own public URL for webhooks (reverse proxy / own tunnel), used when webhookMode is public_url. */
  webhookPublicUrl: z.union([z.literal(''), z.url({ protocol: /^https$/, error: 'Public URL must be an https URL' })]),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Settings = {
  businessName: '',
  businessTin: '',
  businessId: '',
  businessEmail: '',
  businessPhone: '',
  businessStreet: '',
  businessCity: '',
  businessPostalZone: '',
  businessState: '',
  businessLga: '',
  serviceId: '',
  invoicePrefix: 'INV',
  invoiceTypeCode: '381',
  creditNoteTypeCode: '380',
  defaultClassificationKind: '',
  defaultClassificationCode: '',
  defaultClassificationCategory: '',
  squareApplicationId: '',
  squareEnvironment: 'sandbox',
  // Catch-up only until the owner chooses: nothing is sent through a third party without their say.
  webhookMode: 'off',
  webhookPublicUrl: '',
};

/** A setting whose value in use comes from an environment variable: the Settings screen shows it read-only. */
export interface EnvironmentSetting {
  key: SettingKey;
  /** The variable's name, e.g. SQUARE_APPLICATION_ID. */
  variable: string;
  /** The value in use. */
  value: string;
}

export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as SettingKey[];
