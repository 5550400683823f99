import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The same policy the Electron shell applies: only our own scripts, styles and API. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Serves the built renderer; unknown paths fall back to index.html so client-side routes reload. */
export async function serveStatic(rootDir: string, urlPath: string, res: ServerResponse): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    res.writeHead(400).end('Bad path');
    return;
  }
  const candidate = normalize(join(rootDir, decoded));
  // Never serve anything outside the renderer folder (../ tricks).
  const inside = candidate === rootDir || candidate.startsWith(rootDir.endsWith(sep) ? rootDir : rootDir + sep);
  let file = inside ? candidate : join(rootDir, 'index.html');
  try {
    if (!(await stat(file)).isFile()) file = join(rootDir, 'index.html');
  } catch {
    file = join(rootDir, 'index.html');
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The dashboard has not been built. Run `npm run build:renderer` (npm run serve does this for you).');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': extname(file) === '.html' ? 'no-store' : 'public, max-age=3600',
  });
  res.end(body);
}
