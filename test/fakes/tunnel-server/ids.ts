import { randomBytes } from 'node:crypto';

// Client ids: the real server's subdomain rule (localtunnel/server server.js) and random ids for `GET /?new`.

/** Verbatim from the real server: 4–63 lowercase alphanumerics, or a longer form with inner hyphens. */
export const SUBDOMAIN_RE = /^(?:[a-z0-9][a-z0-9-]{4,63}[a-z0-9]|[a-z0-9]{4,63})$/;

export const INVALID_SUBDOMAIN_MESSAGE =
  'Invalid subdomain. Subdomains must be lowercase and between 4 and 63 alphanumeric characters.';

export function isValidSubdomain(name: string): boolean {
  return SUBDOMAIN_RE.test(name);
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random 10-character id that `isTaken` rejects (the real server uses human-readable ids; any valid label works). */
export function randomId(isTaken: (id: string) => boolean): string {
  for (;;) {
    const id = Array.from(randomBytes(10), (b) => ALPHABET[b % ALPHABET.length]).join('');
    if (!isTaken(id)) return id;
  }
}
