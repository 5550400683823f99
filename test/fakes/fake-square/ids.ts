import { randomBytes } from 'node:crypto';

// Identifiers shaped like Square's (prefixes and alphabets), random enough that tests never collide.

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function pick(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export const newId = {
  merchant: (): string => `ML${pick(UPPER_ALNUM, 11)}`,
  location: (): string => `L${pick(UPPER_ALNUM, 12)}`,
  order: (): string => `${pick(BASE62, 27)}eV`,
  payment: (): string => `${pick(BASE62, 26)}YB`,
  refund: (paymentId: string): string => `${paymentId}_${pick(BASE62, 20)}`,
  customer: (): string => `${pick(UPPER_ALNUM, 26)}`,
  catalogObject: (): string => pick(UPPER_ALNUM, 24),
  subscription: (): string => `wbhk_${pick('0123456789abcdef', 32)}`,
  lineUid: (): string => pick(BASE62, 22),
  eventId: (): string =>
    [8, 4, 4, 4, 12].map((n) => pick('0123456789abcdef', n)).join('-'),
  authorizationCode: (): string => `sq0cgp-${randomBytes(16).toString('base64url')}`,
  accessToken: (): string => `EAAAl${randomBytes(45).toString('base64url')}`,
  refreshToken: (): string => `EQAAl${randomBytes(45).toString('base64url')}`,
  signatureKey: (): string => randomBytes(16).toString('base64url'),
  receiptNumber: (paymentId: string): string => paymentId.slice(0, 4),
};
