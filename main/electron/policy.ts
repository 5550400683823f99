// Security decisions of the Electron shell as pure functions, so plain-Node tests can check them. No `electron`
// import here (see test/unit/electron-ipc.test.ts).

/**
 * The renderer is served from a custom privileged scheme instead of file://. A file:// page would share its origin
 * with every local file, and `fetch('file:///etc/passwd')` style reads would be one bug away; app://taxpoynt/ is an
 * origin of its own that only serves dist/renderer.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'taxpoynt';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` belongs to our renderer origin. Compares scheme and host rather than `URL.origin`, because WHATWG
 * URL gives non-special schemes such as app: an opaque origin ("null") outside Chromium.
 */
export function isAppUrl(url: unknown): boolean {
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/**
 * The IPC sender check: only a frame showing our own page may call the API. A page that somehow navigated elsewhere
 * (navigation is blocked, this is the second line) or an empty/about:blank frame is refused.
 */
export function isTrustedSenderUrl(frameUrl: unknown): boolean {
  return isAppUrl(frameUrl);
}

/** Longest URL handed to the operating system; browsers cope with more, but nothing we link to needs it. */
const MAX_EXTERNAL_URL_LENGTH = 2048;

/**
 * The only sites the app sends the owner to: Square (sign-in, Dashboard; sandbox included) and TaxPoynt. Each entry
 * also admits its subdomains (connect.squareup.com, app.taxpoynt.com). Anything else a page asks to open, even over
 * https, is refused: a compromised or confused page must not be able to send the owner to a look-alike sign-in page.
 */
export const EXTERNAL_SITES: readonly string[] = ['squareup.com', 'squareupsandbox.com', 'taxpoynt.com'];

function isExternalSite(hostname: string): boolean {
  return EXTERNAL_SITES.some((site) => hostname === site || hostname.endsWith(`.${site}`));
}

/**
 * Which links may leave the app for the system browser (window.open, target=_blank, a clicked link, Square's
 * sign-in page): https on the default port to one of EXTERNAL_SITES. Refused: file:, smb: (NTLM hash leak on
 * Windows), javascript:, data:, plain http:, other apps' protocol handlers (ms-msdt:, vscode:…), other hosts, and URLs
 * with embedded credentials, a phishing pattern ("https://squareup.com@evil/").
 */
export function isAllowedExternalUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  // Control characters and whitespace have no place in a link we hand to the OS shell.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(url)) return false;
  // Spelled exactly "https://host": the URL parser would also accept https:/host, https:///host and https:\\host,
  // which are not what a person reading the link sees.
  if (!/^https:\/\/[^/\\]/i.test(url)) return false;
  const u = parse(url);
  if (!u) return false;
  // The parser lower-cases the host and turns IDN look-alikes into punycode (xn--…), which never match the list.
  return u.protocol === 'https:' && u.port === '' && u.username === '' && u.password === '' && isExternalSite(u.hostname);
}

/**
 * Privileges of the app:// scheme (protocol.registerSchemesAsPrivileged in protocol.ts). `standard` gives
 * app://taxpoynt/ a real origin (relative URLs, 'self' in the CSP), `secure` makes it a secure context, and
 * `corsEnabled` + `supportFetchAPI` let Vite's `<script type="module" crossorigin>` load from it. Deliberately NOT
 * `bypassCSP` (our CSP must apply) and not `allowServiceWorkers` (nothing may outlive a page load).
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } as const;
