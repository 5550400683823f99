import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { maxMessageBytes, qrMessage, type NrsKeys } from './nrs-keys';

// The printed invoice's QR code, as the NRS reads it (REFERENCE: "QR code (printed invoice)"):
//   base64( RSA-encrypt( JSON {"irn": "<IRN>.<unix seconds>", "certificate": "<certificate>"} ) )
// with the NRS public key from the business's crypto_keys.txt and PKCS#1 v1.5 padding (openssl's default). Only the
// NRS holds the private key, so only it can read the code back; the time stamp makes each print's code different.

/** The IRN as it goes into the QR message: "<IRN>.<seconds since 1970>" at the time of printing. */
export function stampIrn(irn: string, at: Date): string {
  return `${irn}.${Math.floor(at.getTime() / 1000)}`;
}

/** The QR payload for `irn`, encrypted for the NRS with `keys`, as base64 text. */
export function signIrn(irn: string, keys: NrsKeys, at: Date): string {
  const key = createPublicKey(keys.publicKeyPem);
  const message = Buffer.from(qrMessage(stampIrn(irn, at), keys.certificate), 'utf8');
  // parseNrsKeys already refused keys too small for the longest IRN; this guards keys stored by some other means.
  if (message.length > maxMessageBytes(key)) throw new Error('The NRS keys are too small for this invoice number');
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, message).toString('base64');
}
