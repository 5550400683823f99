import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

// The business's NRS keys, as the NRS e-invoicing portal hands them out in crypto_keys.txt: a JSON object with the
// NRS public key (base64 of a PEM text) and the business's certificate (docs/printing.md). They sign the printed QR
// code (irn-signature.ts). Parsed here once, with the problem in words for a shop owner, never the raw field names.

export interface NrsKeys {
  /** The public key as PEM text ("-----BEGIN PUBLIC KEY-----…"). */
  publicKeyPem: string;
  /** Put inside every QR code as it is; the NRS reads it back after decrypting. */
  certificate: string;
}

/** A problem with a crypto_keys.txt file, said for the owner. */
export class NrsKeysError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NrsKeysError';
  }
}

const AGAIN = 'Download crypto_keys.txt again from the NRS e-invoicing portal and use that file as it is.';

/** Longest IRN the NRS allows (50) plus "." and a 10-digit time: the QR message must fit the key even then. */
const LONGEST_STAMPED_IRN = 'X'.repeat(50 + 1 + 10);

const fileSchema = z.looseObject({
  public_key: z.string({ error: 'missing' }).trim().min(1, 'missing'),
  certificate: z.string({ error: 'missing' }).trim().min(1, 'missing').max(4096, 'too long'),
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The key's PEM text: the file keeps it base64-encoded; a PEM pasted as it is works too. */
function pemOf(value: string): string | null {
  if (value.startsWith('-----BEGIN')) return value;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(value)) return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8').trim();
  return decoded.startsWith('-----BEGIN') ? decoded : null;
}

function rsaKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new NrsKeysError(`The public key in this file cannot be read; it may have been cut short or changed. ${AGAIN}`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new NrsKeysError(`The public key in this file is not the kind the NRS issues. ${AGAIN}`);
  }
  return key;
}

/** The longest message this key can encrypt with PKCS#1 v1.5 padding (11 bytes of the block go to the padding). */
export function maxMessageBytes(key: KeyObject): number {
  return Math.floor((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8) - 11;
}

/** The QR code's message before encryption: the IRN stamped with the time in seconds, and the certificate. */
export function qrMessage(stampedIrn: string, certificate: string): string {
  return JSON.stringify({ irn: stampedIrn, certificate });
}

/** Reads crypto_keys.txt (its text); throws NrsKeysError saying what is wrong. */
export function parseNrsKeys(text: string): NrsKeys {
  const json = parseJson(text.trim().replace(/^\uFEFF/, ''));
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new NrsKeysError(`This is not the crypto_keys.txt file from the NRS: it should hold a public key and a certificate. ${AGAIN}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const missing = new Set(parsed.error.issues.map((i) => String(i.path[0])));
    if (missing.has('public_key') && missing.has('certificate')) {
      throw new NrsKeysError(`This file has neither the public key nor the certificate the NRS issues. ${AGAIN}`);
    }
    if (missing.has('public_key')) throw new NrsKeysError(`This file has no public key. ${AGAIN}`);
    throw new NrsKeysError(`This file's certificate is missing or far longer than the NRS issues. ${AGAIN}`);
  }
  const pem = pemOf(parsed.data.public_key);
  if (!pem) throw new NrsKeysError(`The public key in this file is not written the way the NRS writes it. ${AGAIN}`);
  const key = rsaKey(pem);
  const certificate = parsed.data.certificate;
  if (Buffer.byteLength(qrMessage(LONGEST_STAMPED_IRN, certificate)) > maxMessageBytes(key)) {
    throw new NrsKeysError(`The certificate in this file is too long for its public key, so no QR code could be signed. ${AGAIN}`);
  }
  return { publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(), certificate };
}
