import type { InvoiceDetail } from '../../shared/domain';
import type { InvoicePrintView } from '../../shared/print';
import type { Settings } from '../../shared/settings';
import { signIrn } from './irn-signature';
import type { NrsKeys } from './nrs-keys';
import { buyerAddressLines, shopDetails } from './shop-details';

// Everything the printed invoice shows, decided in one place: the document, who issues it, and what its QR code
// holds. Pure apart from the clock passed in, so the signed/unsigned rules are tested without a keychain.

export const NOT_SIGNED_NO_KEYS =
  'Not signed: the business’s NRS keys are not set, so this QR code holds the plain IRN. Add crypto_keys.txt in Settings to sign it.';
export const NOT_SIGNED_BAD_KEYS =
  'Not signed: the NRS keys in Settings could not sign this QR code, so it holds the plain IRN. Add crypto_keys.txt again in Settings.';

export function buildPrintView(input: {
  invoice: InvoiceDetail;
  settings: Settings;
  keys: NrsKeys | null;
  now: Date;
  /** Told when kept keys fail to sign (the reason stays in the log, not on paper). */
  onSignFailed?: (err: unknown) => void;
}): InvoicePrintView {
  const { invoice, settings, keys, now } = input;
  const base = { invoice, shop: shopDetails(settings), buyerAddressLines: buyerAddressLines(invoice.buyerAddress) };
  if (!invoice.irn) return { ...base, qr: null, unsignedReason: null };
  if (!keys) return { ...base, qr: { payload: invoice.irn, signed: false }, unsignedReason: NOT_SIGNED_NO_KEYS };
  try {
    return { ...base, qr: { payload: signIrn(invoice.irn, keys, now), signed: true }, unsignedReason: null };
  } catch (err) {
    input.onSignFailed?.(err);
    return { ...base, qr: { payload: invoice.irn, signed: false }, unsignedReason: NOT_SIGNED_BAD_KEYS };
  }
}
