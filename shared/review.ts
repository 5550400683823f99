import { z } from 'zod';

// What the owner may change on an invoice, as zod schemas parsed at the contract boundary (shared/contract.ts). Shape
// only: membership in the NRS code lists (states, LGAs, HS and ISIC codes) is checked in main, which has the lists.

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z.string().trim().max(max).nullable().transform((v) => (v ? v : null));

export const TIN_PATTERN = /^\d{8}-\d{4}$/;
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

export const buyerAddressSchema = z
  .object({
    street: text(200),
    city: text(100),
    postalZone: optionalText(20),
    country: z.string().regex(/^[A-Z]{2}$/, 'Use the two-letter country code, e.g. NG'),
    state: z.string().regex(/^NG-[A-Z]{2}$/, 'Use a state code such as NG-LA').nullable(),
    lga: z.string().regex(/^NG-[A-Z]{2}-[A-Z]{2,4}$/, 'Use an LGA code such as NG-LA-IKE').nullable(),
  })
  .strict()
  .refine((a) => a.country !== 'NG' || (a.state && a.lga), {
    message: 'A Nigerian address needs its state and LGA',
    path: ['state'],
  });

export const buyerSchema = z
  .object({
    name: text(200),
    tin: z
      .string()
      .trim()
      .regex(TIN_PATTERN, 'A TIN has 8 digits, a hyphen and 4 digits, e.g. 12345678-0001')
      .nullable(),
    email: z.email('Enter an email address such as accounts@example.com').nullable(),
    phone: z
      .string()
      .trim()
      .regex(E164_PATTERN, 'Enter the phone number with + and the country code, e.g. +2348012345678')
      .nullable(),
    address: buyerAddressSchema.nullable(),
    /** null: B2B when there is a TIN, else B2C. */
    kind: z.enum(['B2B', 'B2C']).nullable(),
  })
  .strict();
export type BuyerInput = z.infer<typeof buyerSchema>;

/** Shapes of the NRS classification codes, for a line here and for the settings' defaults and item mappings. */
export const hsCodeSchema = z.string().regex(/^\d{4}\.\d{2}$/, 'An HS code looks like 1006.30');
export const isicCodeSchema = z.string().regex(/^\d{4}$/, 'An ISIC service code has 4 digits, e.g. 5610');

export const lineClassificationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('goods'),
    code: hsCodeSchema,
    category: text(200),
  }).strict(),
  z.object({
    kind: z.literal('service'),
    code: isicCodeSchema,
    category: text(200),
  }).strict(),
]);

const id = z.number().int().positive();

export const reviewInputs = {
  buyer: z.object({ id, buyer: buyerSchema }).strict(),
  classifyLine: z.object({ id, lineNo: z.number().int().positive(), classification: lineClassificationSchema }).strict(),
  approve: z
    .object({
      id,
      /** Approving a needs_review invoice as it is: the owner's note on why, kept in its history. */
      acceptNote: z.string().trim().min(3, 'Say in a few words why the invoice is right as it is').max(500).optional(),
    })
    .strict(),
  approveMany: z.object({ ids: z.array(id).min(1).max(5000) }).strict(),
  void: z.object({ id, reason: z.string().trim().min(3, 'Say in a few words why the invoice is void').max(500) }).strict(),
  reopen: z.object({ id }).strict(),
  codes: z
    .object({
      list: z.enum(['states', 'lgas', 'countries', 'hs', 'isic']),
      query: z.string().trim().max(100).default(''),
      state: z.string().regex(/^NG-[A-Z]{2}$/).optional(),
    })
    .strict(),
};

export interface ApproveOutcome {
  id: number;
  number: string | null;
  approved: boolean;
  /** Why not, in words (empty when approved). */
  reasons: string[];
}

export interface CodeEntry {
  code: string;
  name: string;
}
