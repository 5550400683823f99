import { createHash, randomBytes } from 'node:crypto';

// RFC 7636: a high-entropy verifier (43–128 chars of [A-Za-z0-9-._~]) and its S256 challenge.

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(48).toString('base64url'); // 64 characters
  return { verifier, challenge: s256Challenge(verifier) };
}

export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Unguessable `state`, checked on the redirect so a forged callback cannot plant someone else's code. */
export function createState(): string {
  return randomBytes(24).toString('base64url');
}
