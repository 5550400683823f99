import { randomUUID } from 'node:crypto';
import { signSquare, squareEvent } from '../../test/support/webhook-client';

export interface SignedBody {
  body: Buffer;
  signature: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A payment.created event shaped like the ones Square sends for an in-person card sale (compact JSON, as Square
 * posts it; ~1.5 KB). Every call has a fresh event_id and payment id, so each one is a new inbox row.
 */
export function paymentCreatedEvent(seq: number): Record<string, unknown> {
  const paymentId = randomUUID().replace(/-/g, '').slice(0, 27);
  const at = new Date(Date.UTC(2026, 10, 25, 10, 0, 0) + seq * 1000);
  const iso = at.toISOString();
  const later = new Date(at.getTime() + 900).toISOString();
  const amount = 150_000 + (seq % 97) * 2_500; // kobo
  return squareEvent({
    merchant_id: 'MLBENCH7HV8K2ST5',
    location_id: 'LBENCHXW1TQ9Z',
    created_at: iso,
    data: {
      type: 'payment',
      id: paymentId,
      object: {
        payment: {
          amount_money: { amount, currency: 'NGN' },
          approved_money: { amount, currency: 'NGN' },
          card_details: {
            avs_status: 'AVS_ACCEPTED',
            card: {
              bin: '540988',
              card_brand: 'MASTERCARD',
              card_type: 'DEBIT',
              exp_month: 11,
              exp_year: 2028,
              fingerprint: 'sq-1-Hxim77tbdcbGejOejnoAklBVJed2YFLTmirfl8Q5XZzObTc8qY_U8RkwzoNL8dCEcQ',
              last_4: pad(seq % 10_000, 4),
              prepaid_type: 'NOT_PREPAID',
            },
            card_payment_timeline: { authorized_at: later, captured_at: later },
            cvv_status: 'CVV_NOT_CHECKED',
            device_details: { device_id: 'DEVICE_INSTALLATION_ID:7b1d4c92', device_name: 'Counter 1' },
            entry_method: 'EMV',
            statement_description: 'SQ *TAXPOYNT DEMO STORE',
            status: 'CAPTURED',
          },
          created_at: iso,
          delay_action: 'CANCEL',
          id: paymentId,
          location_id: 'LBENCHXW1TQ9Z',
          order_id: randomUUID().replace(/-/g, '').slice(0, 29),
          processing_fee: [{ amount_money: { amount: Math.round(amount * 0.015), currency: 'NGN' }, effective_at: later, type: 'INITIAL' }],
          receipt_number: paymentId.slice(0, 4),
          receipt_url: `https://squareup.com/receipt/preview/${paymentId}`,
          source_type: 'CARD',
          status: 'COMPLETED',
          total_money: { amount, currency: 'NGN' },
          updated_at: later,
          version: 1,
        },
      },
    },
  });
}

/** `n` unique events, serialised once and signed for `notificationUrl` as Square would. */
export function signedPaymentBodies(n: number, notificationUrl: string, key: string, seqStart = 0): SignedBody[] {
  const out: SignedBody[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const body = Buffer.from(JSON.stringify(paymentCreatedEvent(seqStart + i)), 'utf8');
    out[i] = { body, signature: signSquare(notificationUrl, body, key) };
  }
  return out;
}
