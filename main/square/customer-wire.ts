import type { Square } from 'square';
import { z } from 'zod';
import { fromWire } from './wire';

// A Square customer at the boundary (webhook payload, API answer, our own stored row): checked with zod for what the
// app relies on — an id and when it last changed — and for the types of the fields that become the buyer, before the
// SDK's parser makes it a typed object. Everything else passes through untouched (stored exactly as Square sent it).

const text = z.string().max(2_000).nullish();

export const customerWireSchema = z.looseObject({
  id: z.string().min(1).max(200),
  created_at: z.string().max(64).optional(),
  updated_at: z.string().max(64).optional(),
  version: z.union([z.number().int(), z.bigint()]).optional(),
  given_name: text,
  family_name: text,
  company_name: text,
  email_address: text,
  phone_number: text,
  reference_id: text,
  note: text,
  address: z.looseObject({
    address_line_1: text, address_line_2: text, address_line_3: text, locality: text, sublocality: text,
    administrative_district_level_1: text, postal_code: text, country: text,
  }).nullish(),
});

/** Square's customer wire JSON → the SDK's Customer, or an error naming the first field that is wrong. */
export function parseCustomerWire(raw: unknown): Square.Customer {
  const checked = customerWireSchema.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new Error(`Square customer is not in the expected shape (${issue.path.join('.') || '(object)'}: ${issue.message})`);
  }
  return fromWire.customer(raw);
}
