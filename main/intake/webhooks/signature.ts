import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Square's webhook signature: base64(HMAC-SHA256(key = subscription signature key,
 * message = notification URL exactly as registered + raw body)). Fails closed: no key, no header or any
 * difference → false. The comparison is constant time (the SDK's WebhooksHelper uses ===).
 */
export function verifySquareSignature(input: {
  rawBody: Buffer | string;
  signatureHeader: string | undefined;
  signatureKey: string | null | undefined;
  notificationUrl: string;
}): boolean {
  const { rawBody, signatureHeader, signatureKey, notificationUrl } = input;
  if (!signatureKey || !signatureHeader || !notificationUrl) return false;
  const expected = Buffer.from(
    createHmac('sha256', signatureKey)
      .update(notificationUrl, 'utf8')
      .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
      .digest('base64'),
    'latin1',
  );
  // Compared as canonical base64 text of equal length: decoding the header first would accept what Node's lenient
  // decoder forgives (trailing junk, URL-safe characters, missing padding) as the same signature.
  const given = Buffer.from(signatureHeader, 'latin1');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
