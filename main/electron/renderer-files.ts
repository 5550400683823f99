// Maps app://taxpoynt/<path> requests to files of the built renderer. Pure (node:path only) so the traversal rules
// are tested in plain Node; main/electron/protocol.ts does the reading.
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../platform/http/static-files';
import { APP_HOST, APP_SCHEME } from './policy';

export type RendererRequest =
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'refused'; status: 400 | 403 | 404 | 405; reason: string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers of every renderer response: the same CSP the headless host sends, and no MIME sniffing. */
export function rendererHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

/**
 * Decides which file (if any) answers a request. `rootDir` is the absolute dist/renderer folder. Paths without an
 * extension fall back to index.html so client-side routes survive a reload; a missing asset with an extension is a
 * 404 (the caller checks existence). Anything that would resolve outside rootDir is refused, whatever the encoding.
 */
export function resolveRendererRequest(rootDir: string, requestUrl: string, method = 'GET'): RendererRequest {
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'refused', status: 405, reason: `method ${method}` };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'refused', status: 400, reason: 'malformed URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) {
    return { kind: 'refused', status: 403, reason: `foreign origin ${url.protocol}//${url.host}` };
  }
  let pathname: string;
  try {
    // Decoded once: %2e%2e%2f becomes ../ here and is then caught by the containment check below.
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'refused', status: 400, reason: 'malformed percent-encoding' };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) {
    return { kind: 'refused', status: 400, reason: 'forbidden character in path' };
  }
  const root = resolve(rootDir);
  const relativePath = pathname.replace(/^\/+/, '');
  const candidate = relativePath === '' ? resolve(root, 'index.html') : resolve(root, relativePath);
  const rel = relative(root, candidate);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    return { kind: 'refused', status: 403, reason: 'path outside the renderer folder' };
  }
  const file = extname(candidate) === '' ? resolve(root, 'index.html') : candidate;
  return { kind: 'file', path: file, contentType: contentTypeFor(file) };
}
