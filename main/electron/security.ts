// Hardening applied to every webContents and to the session: no navigation away from our origin, no new windows,
// no <webview>, no permissions. Decisions come from the pure functions in policy.ts.
import { app, shell, type Session, type WebContents } from 'electron';
import { isAllowedExternalUrl, isAppUrl } from './policy';

export interface SecurityLog {
  warn(obj: object, msg: string): void;
}

/** Hands an https link to the system browser; anything else is dropped (and logged). */
/** For the core (e.g. Square's authorize page): rejects instead of logging when the URL is not allowed. */
export async function openExternalStrict(url: string): Promise<void> {
  if (!isAllowedExternalUrl(url)) throw new Error(`Refused to open ${url}: only https links open in the browser`);
  await shell.openExternal(new URL(url).href);
}

export function openExternalIfAllowed(url: string, log: SecurityLog): void {
  if (!isAllowedExternalUrl(url)) {
    log.warn({ url }, 'refused to open a non-https link outside the app');
    return;
  }
  // The parsed form, so the OS gets exactly the URL the policy looked at.
  shell.openExternal(new URL(url).href).catch((err: unknown) => log.warn({ err, url }, 'could not open link in the system browser'));
}

export function hardenWebContents(contents: WebContents, log: SecurityLog): void {
  // A clicked link to an https page opens in the browser; the app window itself never leaves our origin.
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openExternalIfAllowed(event.url, log);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  // window.open / target=_blank never create an Electron window (it would get no preload but could still be abused).
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url, log);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Denies every permission (camera, notifications, geolocation, HID…): the back office needs none of them. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Applies hardenWebContents to every webContents ever created, including ones we did not create ourselves. */
export function hardenAllWebContents(log: SecurityLog): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
}
