import { z } from 'zod';
import type { InvoiceDetail } from './domain';

// The printable invoice and the business's NRS keys (crypto_keys.txt). Pure TypeScript + zod: shared by main and
// renderer. The keys themselves never come back from main: only whether they are set.

/** The business as printed at the top of an invoice; only what the owner has filled in. */
export interface ShopDetails {
  name: string | null;
  tin: string | null;
  /** Street, city + postal code, LGA, state, country: one printed line each, empty ones left out. */
  addressLines: string[];
  email: string | null;
  phone: string | null;
}

/**
 * The QR code's content. `signed`: the NRS-encrypted IRN (base64) made with the business's NRS keys, which the NRS
 * can read back; otherwise the plain IRN, and the print says it is not signed.
 */
export interface PrintQr {
  payload: string;
  signed: boolean;
}

export interface InvoicePrintView {
  invoice: InvoiceDetail;
  shop: ShopDetails;
  /** The buyer's address as printed lines (state and LGA by name), empty when there is none. */
  buyerAddressLines: string[];
  /** Null when the invoice has no IRN yet (no Service ID when it was numbered): no QR code either. */
  qr: PrintQr | null;
  /** Why the QR code is not signed, in words, when it is not (keys not set, or they could not be used). */
  unsignedReason: string | null;
}

export interface NrsKeysStatus {
  keysSet: boolean;
}

export interface SavePdfResult {
  /** False when the owner closed the save dialog without choosing a file. */
  saved: boolean;
  /** The chosen file's name (not its folder), to say where it went. */
  fileName: string | null;
}

/** Big enough for a 4096-bit key's PEM in base64 plus a certificate; anything larger is not a crypto_keys.txt. */
export const MAX_CRYPTO_KEYS_CHARS = 32_768;

export const printInputs = {
  id: z.object({ id: z.number().int().positive() }).strict(),
  setKeys: z
    .object({
      contents: z
        .string()
        .trim()
        .min(1, 'Paste the contents of crypto_keys.txt, or choose the file')
        .max(MAX_CRYPTO_KEYS_CHARS, 'This is too large to be the crypto_keys.txt file from the NRS'),
    })
    .strict(),
};
