// Hardening applied to every webContents and to the session: no navigation away from our origin, no new windows,
// no <webview>, no permissions, links out only to the allowlisted sites. Electron-free (type imports only): index.ts
// passes in shell.openExternal and app, and test/unit/electron-security-checklist.test.ts drives these handlers.
import type { App, Session, WebContents } from 'electron';
import { isAllowedExternalUrl, isAppUrl } from './policy';

export interface SecurityLog {
  warn(obj: object, msg: string): void;
}

/** What hands a URL to the operating system: Electron's shell.openExternal. */
export type OpenExternal = (url: string) => Promise<void>;

export interface SecurityDeps {
  openExternal: OpenExternal;
  log: SecurityLog;
}

/** For the core (e.g. Square's authorize page): rejects instead of logging when the URL is not allowed. */
export function openExternalStrict(openExternal: OpenExternal): (url: string) => Promise<void> {
  return async (url) => {
    if (!isAllowedExternalUrl(url)) throw new Error(`Refused to open ${url}: only Square's and TaxPoynt's https pages open in the browser`);
    // The parsed form, so the OS gets exactly the URL the policy looked at.
    await openExternal(new URL(url).href);
  };
}

/** Hands an allowed link to the system browser; anything else is dropped (and logged). */
export function openExternalIfAllowed(url: string, deps: SecurityDeps): void {
  if (!isAllowedExternalUrl(url)) {
    deps.log.warn({ url }, 'refused to open a link outside the app: only https pages of Square and TaxPoynt open');
    return;
  }
  deps.openExternal(new URL(url).href).catch((err: unknown) => deps.log.warn({ err, url }, 'could not open link in the system browser'));
}

/** The parts of a navigation event the guards use (Electron's will-navigate / will-redirect / will-frame-navigate). */
export interface NavigationEventLike {
  url: string;
  preventDefault(): void;
}

/** Every handler hardenWebContents attaches, as plain functions (the checklist test calls them directly). */
export function webContentsGuards(deps: SecurityDeps) {
  return {
    /** A clicked link to an allowed page opens in the browser; the window itself never leaves our origin. */
    willNavigate(event: NavigationEventLike): void {
      if (isAppUrl(event.url)) return;
      event.preventDefault();
      openExternalIfAllowed(event.url, deps);
    },
    /** An iframe cannot navigate elsewhere either (the CSP already keeps frames on our origin; this is the second line). */
    willFrameNavigate(event: NavigationEventLike): void {
      if (!isAppUrl(event.url)) event.preventDefault();
    },
    willRedirect(event: NavigationEventLike): void {
      if (!isAppUrl(event.url)) event.preventDefault();
    },
    /** window.open / target=_blank never create an Electron window (it would get no preload but could still be abused). */
    windowOpen({ url }: { url: string }): { action: 'deny' } {
      openExternalIfAllowed(url, deps);
      return { action: 'deny' };
    },
    willAttachWebview(event: { preventDefault(): void }): void {
      event.preventDefault();
    },
  };
}

/** What hardenWebContents uses of a webContents. */
export type WebContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenWebContents(contents: WebContentsLike, deps: SecurityDeps): void {
  const guards = webContentsGuards(deps);
  contents.on('will-navigate', (event) => guards.willNavigate(event));
  contents.on('will-frame-navigate', (event) => guards.willFrameNavigate(event));
  contents.on('will-redirect', (event) => guards.willRedirect(event));
  contents.setWindowOpenHandler((details) => guards.windowOpen(details));
  contents.on('will-attach-webview', (event) => guards.willAttachWebview(event));
}

/** What hardenSession uses of a session. */
export type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;

/** Denies every permission (camera, notifications, geolocation, HID…): the back office needs none of them. */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Applies hardenWebContents to every webContents ever created, including ones we did not create ourselves. */
export function hardenAllWebContents(app: Pick<App, 'on'>, deps: SecurityDeps): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, deps));
}
