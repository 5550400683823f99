import { constants, generateKeyPairSync, privateDecrypt, type KeyObject } from 'node:crypto';

// A stand-in for the NRS: a key pair of our own, a crypto_keys.txt made from its public half the way the NRS portal
// writes it ({public_key: base64 of the PEM, certificate}), and the private half to read QR payloads back.

export interface TestNrs {
  /** The crypto_keys.txt file's text. */
  fileText: string;
  certificate: string;
  privateKey: KeyObject;
}

export function makeTestNrs(certificate = 'Y2VydGlmaWNhdGUtZm9yLXRlc3Rz', modulusLength = 2048): TestNrs {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const fileText = JSON.stringify({ public_key: Buffer.from(pem, 'utf8').toString('base64'), certificate });
  return { fileText, certificate, privateKey };
}

/**
 * Decrypts a QR payload (base64, RSA PKCS#1 v1.5) as the NRS would. Node 20 refuses PKCS#1 v1.5 in privateDecrypt
 * (CVE-2023-46809, a timing attack on servers), so the raw RSA block is decrypted and its padding removed here:
 * 0x00 0x02, at least 8 non-zero random bytes, 0x00, then the message. Fine for a test; never for a server.
 */
export function decryptQrPayload(payload: string, privateKey: KeyObject): string {
  const block = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, Buffer.from(payload, 'base64'));
  if (block[0] !== 0x00 || block[1] !== 0x02) throw new Error('not a PKCS#1 v1.5 encryption block');
  const end = block.indexOf(0x00, 2);
  if (end < 10) throw new Error('PKCS#1 v1.5 padding too short');
  return block.subarray(end + 1).toString('utf8');
}
