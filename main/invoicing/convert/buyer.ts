import type { Square } from 'square';
import type { BuyerAddress } from '../../../shared/domain';
import { addressOf, e164Phone, tinOf } from './buyer-fields';

// The buyer as far as Square's objects tell it. Orders and payments carry a customer_id, not the customer: the
// caller passes the Customer it fetched (CUSTOMERS_READ) — company name, else given + family name, email, phone,
// address and a TIN the shop typed into the customer's reference id or note (buyer-fields.ts). Without one, fulfilment
// recipients, the payment's buyer_email_address, billing/shipping address names and the cardholder name are used.
// Name may stay null (most walk-in POS sales are anonymous B2C). A TIN makes the invoice B2B (derived when read).

export interface Buyer {
  buyerName: string | null;
  buyerEmail: string | null;
  /** E.164 only (buyer-fields.ts e164Phone); any other form is left out. */
  buyerPhone: string | null;
  buyerTin: string | null;
  buyerAddress: BuyerAddress | null;
  /** The Square customer the buyer came from (refreshed when that customer changes), or the customer_id Square
   *  named when the customer could not be read. */
  buyerCustomerId: string | null;
}

const clean = (s: string | null | undefined): string | null => {
  const t = s?.trim().replace(/\s+/g, ' ');
  return t ? t : null;
};

const fullName = (first: string | null | undefined, last: string | null | undefined) => clean(`${first ?? ''} ${last ?? ''}`);

function recipients(order: Square.Order | null | undefined): Square.FulfillmentRecipient[] {
  const out: Square.FulfillmentRecipient[] = [];
  for (const f of order?.fulfillments ?? []) {
    const r = f.pickupDetails?.recipient ?? f.shipmentDetails?.recipient ?? f.deliveryDetails?.recipient;
    if (r) out.push(r);
  }
  return out;
}

/** The customer_id a sale names: the order's, else the first payment's that has one. */
export function customerIdOf(order: Square.Order | null | undefined, payments: readonly Square.Payment[] = []): string | null {
  return order?.customerId ?? payments.find((p) => p.customerId)?.customerId ?? null;
}

export function buyerFrom(input: {
  customer?: Square.Customer | null;
  order?: Square.Order | null;
  payments?: readonly Square.Payment[];
}): Buyer {
  const c = input.customer ?? null;
  const recs = recipients(input.order);
  // Completed payments first: they are the ones the buyer actually made.
  const pays = [...(input.payments ?? [])].sort((a, b) => Number(b.status === 'COMPLETED') - Number(a.status === 'COMPLETED'));
  const first = <T>(xs: (T | null)[]) => xs.find((x) => x !== null) ?? null;

  const buyerName = first([
    clean(c?.companyName),
    fullName(c?.givenName, c?.familyName),
    ...recs.map((r) => clean(r.displayName)),
    ...pays.map((p) => fullName(p.billingAddress?.firstName, p.billingAddress?.lastName)),
    ...pays.map((p) => fullName(p.shippingAddress?.firstName, p.shippingAddress?.lastName)),
    ...pays.map((p) => clean(p.cardDetails?.card?.cardholderName)),
  ]);
  const buyerEmail = first([clean(c?.emailAddress), ...pays.map((p) => clean(p.buyerEmailAddress)), ...recs.map((r) => clean(r.emailAddress))]);
  const buyerPhone = first([e164Phone(c?.phoneNumber), ...recs.map((r) => e164Phone(r.phoneNumber))]);
  return {
    buyerName,
    buyerEmail,
    buyerPhone,
    buyerTin: tinOf(c),
    buyerAddress: addressOf(c?.address),
    buyerCustomerId: c?.id ?? customerIdOf(input.order, pays),
  };
}
