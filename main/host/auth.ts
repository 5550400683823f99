import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function generateApiToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time bearer check; hashing first makes the comparison length-independent. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}
