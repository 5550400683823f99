// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), item by item, against what
// the shell really uses. Electron cannot run here, so every decision the shell makes lives in an electron-free module
// (window-options.ts, security.ts, policy.ts, ipc.ts, preload/api.ts) and is called here directly; the few lines of
// main/electron/index.ts that wire them to Electron are read as source. A regression in any item fails this file.
// The headless host's own checklist is test/unit/headless-host-checklist.test.ts.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract';
import { registerIpcHandlers, type IpcEventLike, type IpcMainLike } from '../../main/electron/ipc';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, EXTERNAL_SITES, isAllowedExternalUrl, isTrustedSenderUrl } from '../../main/electron/policy';
import { rendererHeaders } from '../../main/electron/renderer-files';
import {
  hardenAllWebContents,
  hardenSession,
  hardenWebContents,
  openExternalStrict,
  type SessionLike,
  type WebContentsLike,
} from '../../main/electron/security';
import { mainWindowOptions } from '../../main/electron/window-options';
import { CONTENT_SECURITY_POLICY } from '../../main/platform/http/static-files';
import { createTaxpoyntApi } from '../../preload/api';
import { createTempApp } from '../support/temp-app';
import { EXPECTED_FUSES } from '../support/expected-fuses';

/** Source without comments (comments may well name what the code must not do). */
function code(path: string): string {
  return readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

/** What the guards did: URLs handed to the OS, warnings logged. */
function recorder() {
  const opened: string[] = [];
  const warnings: string[] = [];
  return {
    opened,
    warnings,
    deps: {
      openExternal: async (url: string) => {
        opened.push(url);
      },
      log: { warn: (_obj: object, msg: string) => warnings.push(msg) },
    },
  };
}

/** A webContents stand-in that records what hardenWebContents attached and can fire it like Electron would. */
function fakeWebContents() {
  const listeners = new Map<string, (event: unknown) => void>();
  let windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on(name: string, listener: (event: unknown) => void) {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      windowOpenHandler = handler;
    },
  };
  /** Fires `name` with a navigation event; true when the handler prevented it. */
  const fire = (name: string, url = ''): boolean => {
    let prevented = false;
    const listener = listeners.get(name);
    if (!listener) throw new Error(`no ${name} handler`);
    listener({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents: contents as unknown as WebContentsLike, listeners, fire, windowOpen: (url: string) => windowOpenHandler!({ url }) };
}

describe('BrowserWindow options', () => {
  const options = mainWindowOptions('/app/dist/preload/index.cjs');
  const prefs = options.webPreferences!;

  it('isolates the page, sandboxes it and gives it no Node, in the page, workers or frames', () => {
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on: no insecure content, no experimental or extra Blink features, no <webview>', () => {
    expect(prefs).toMatchObject({ webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false, navigateOnDragDrop: false });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('is the only window the shell makes, it loads our app:// page (never file://), and every renderer is sandboxed', () => {
    const shell = sources('main/electron').map((p) => [p, code(p)] as const);
    expect(shell.filter(([, t]) => /new BrowserWindow\(/.test(t)).map(([p]) => p)).toEqual(['main/electron/window.ts']);
    expect(code('main/electron/window.ts')).toMatch(/new BrowserWindow\(mainWindowOptions\(options\.preloadPath\)\)/);
    expect(code('main/electron/window.ts')).toMatch(/loadURL\(APP_ENTRY_URL\)/);
    expect(shell.filter(([, t]) => /webPreferences/.test(t)).map(([p]) => p)).toEqual(['main/electron/window-options.ts']);
    expect(APP_ENTRY_URL).toBe('app://taxpoynt/index.html');
    expect(code('main/electron/index.ts')).toMatch(/app\.enableSandbox\(\)/);
  });
});

describe('session', () => {
  it('refuses every permission request and check, and every device', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: (...args: unknown[]) => unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: (...args: unknown[]) => unknown) => (handlers.check = h),
      setDevicePermissionHandler: (h: (...args: unknown[]) => unknown) => (handlers.device = h),
    };
    hardenSession(session as unknown as SessionLike);
    expect(Object.keys(handlers).sort()).toEqual(['check', 'device', 'request']);
    for (const permission of ['media', 'notifications', 'geolocation', 'openExternal', 'clipboard-read', 'fullscreen', 'pointerLock', 'hid', 'serial', 'usb']) {
      const answers: unknown[] = [];
      handlers.request!({}, permission, (granted: boolean) => answers.push(granted), {});
      expect(answers, permission).toEqual([false]);
      expect(handlers.check!({}, permission, 'app://taxpoynt', {}), permission).toBe(false);
    }
    expect(handlers.device!({ deviceType: 'usb', origin: 'app://taxpoynt' })).toBe(false);
  });

  it('is hardened in the shell: the default session, and the renderer served with our CSP', () => {
    const index = code('main/electron/index.ts');
    expect(index).toMatch(/hardenSession\(session\.defaultSession\)/);
    expect(index).toMatch(/serveRenderer\(session\.defaultSession,/);
  });
});

describe('Content Security Policy', () => {
  const directives = Object.fromEntries(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values.join(' ')];
    }),
  );

  it('allows only our own origin, no inline or eval script, no plugins, frames, base or form targets', () => {
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|http:|https:/);
  });

  it('is sent with every app:// answer, and the app:// scheme cannot bypass it', () => {
    expect(rendererHeaders('text/html; charset=utf-8')).toMatchObject({ 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' });
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('allowServiceWorkers');
    expect(code('main/electron/protocol.ts')).toMatch(/privileges: \{ \.\.\.APP_SCHEME_PRIVILEGES \}/);
  });
});

describe('navigation and new windows', () => {
  it('keeps the window on app://taxpoynt; a link to an allowed site opens in the browser, any other is dropped', () => {
    const { deps, opened, warnings } = recorder();
    const wc = fakeWebContents();
    hardenWebContents(wc.contents, deps);
    expect([...wc.listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);

    expect(wc.fire('will-navigate', 'app://taxpoynt/index.html#/invoices')).toBe(false);
    expect(wc.fire('will-navigate', 'https://evil.example/login')).toBe(true);
    expect(wc.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.fire('will-navigate', 'https://squareup.com/dashboard')).toBe(true);
    expect(opened).toEqual(['https://squareup.com/dashboard']);
    expect(warnings).toHaveLength(2);

    for (const event of ['will-redirect', 'will-frame-navigate']) {
      expect(wc.fire(event, 'app://taxpoynt/'), event).toBe(false);
      expect(wc.fire(event, 'https://squareup.com/'), event).toBe(true);
      expect(wc.fire(event, 'app://evil/'), event).toBe(true);
    }
    expect(opened).toHaveLength(1);
  });

  it('never opens an Electron window: window.open is denied, and only allowed sites reach the browser', async () => {
    const { deps, opened } = recorder();
    const wc = fakeWebContents();
    hardenWebContents(wc.contents, deps);
    for (const url of ['https://connect.squareupsandbox.com/oauth2/authorize?x=1', 'https://evil.example/', 'app://taxpoynt/index.html', 'javascript:alert(1)']) {
      expect(wc.windowOpen(url), url).toEqual({ action: 'deny' });
    }
    await Promise.resolve();
    expect(opened).toEqual(['https://connect.squareupsandbox.com/oauth2/authorize?x=1']);
  });

  it('refuses <webview>, and hardens every webContents ever created, not only our window', () => {
    const wc = fakeWebContents();
    const { deps } = recorder();
    let created: ((event: unknown, contents: WebContentsLike) => void) | undefined;
    hardenAllWebContents({ on: (name: string, l: typeof created) => ((created = name === 'web-contents-created' ? l : created), undefined) } as never, deps);
    created!({}, wc.contents);
    expect(wc.fire('will-attach-webview')).toBe(true);
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(code('main/electron/index.ts')).toMatch(/hardenAllWebContents\(app,/);
  });
});

describe('openExternal: only Square\'s and TaxPoynt\'s https pages', () => {
  it('allows those sites and their subdomains', () => {
    expect(EXTERNAL_SITES).toEqual(['squareup.com', 'squareupsandbox.com', 'taxpoynt.com']);
    for (const url of [
      'https://squareup.com/dashboard/apps/my-applications',
      'https://connect.squareup.com/oauth2/authorize?client_id=sq0idp-x&state=s',
      'https://connect.squareupsandbox.com/oauth2/authorize',
      'https://developer.squareup.com/docs',
      'https://taxpoynt.com/help',
      'https://app.taxpoynt.com/',
      'https://SQUAREUP.com/',
      'https://squareup.com:443/',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(true);
    }
  });

  it('refuses other hosts (look-alikes included), other schemes and ports, and credentials in the URL', () => {
    for (const url of [
      'https://example.com/',
      'https://evilsquareup.com/',
      'https://squareup.com.evil.example/',
      'https://squareup.com./',
      'https://taxpoynt.com.ng.evil/',
      'https://xn--squareup-9za.com/',
      'https://squareup.com@evil.example/',
      'https://user:pw@taxpoynt.com/',
      'https://squareup.com:8443/',
      'http://squareup.com/',
      'file:///etc/passwd',
      'smb://squareup.com/share',
      'javascript:alert(1)',
      'app://taxpoynt/index.html',
      'https://taxpoynt.com/\nx',
      'https:/squareup.com/',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('the core\'s opener (Square sign-in) rejects what the policy refuses and passes the parsed URL on', async () => {
    const { deps, opened } = recorder();
    const open = openExternalStrict(deps.openExternal);
    await expect(open('https://evil.example/oauth2/authorize')).rejects.toThrow(/Refused/);
    await open('https://connect.squareup.com/oauth2/authorize?a=b c'.replace(' ', '%20'));
    expect(opened).toEqual(['https://connect.squareup.com/oauth2/authorize?a=b%20c']);
    expect(code('main/electron/index.ts')).toMatch(/openExternal: openExternalStrict\(/);
    // Nothing in the shell calls shell.openExternal except through the policy (security.ts gets it as a parameter).
    const direct = sources('main/electron').filter((p) => /shell\.openExternal\(/.test(code(p)));
    expect(direct).toEqual(['main/electron/index.ts']);
    expect(code('main/electron/index.ts').match(/shell\.openExternal\(/g)).toHaveLength(2);
    expect(code('main/electron/index.ts')).not.toMatch(/shell\.openExternal\([^u]/);
  });
});

describe('IPC sender validation', () => {
  let app: ReturnType<typeof createTempApp>;
  beforeAll(() => {
    app = createTempApp('electron');
  });
  afterAll(() => app.dispose());

  function registered() {
    const handlers = new Map<string, (event: IpcEventLike, input: unknown) => unknown>();
    const ipcMain: IpcMainLike<IpcEventLike> = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
    registerIpcHandlers({ ipcMain, dispatch: app.dispatch, isTrustedSender: isTrustedSenderUrl, isOurWebContents: (s) => s.id === 1 });
    return handlers;
  }

  it('answers every channel only for our window showing our page', async () => {
    const handlers = registered();
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    const untrusted: IpcEventLike[] = [
      { sender: { id: 2 }, senderFrame: { url: APP_ENTRY_URL } },
      { sender: { id: 1 }, senderFrame: { url: 'https://squareup.com/' } },
      { sender: { id: 1 }, senderFrame: { url: 'file:///app/index.html' } },
      { sender: { id: 1 }, senderFrame: null },
    ];
    for (const channel of CHANNELS) {
      for (const event of untrusted) {
        const result = (await handlers.get(channel)!(event, {})) as { ok: boolean; error?: { code: string } };
        expect(result, `${channel} from ${JSON.stringify(event)}`).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      }
    }
    await expect(handlers.get('app.info')!({ sender: { id: 1 }, senderFrame: { url: APP_ENTRY_URL } }, {})).resolves.toMatchObject({ ok: true });
  });

  it('is wired in the shell with the origin check and the our-window check', () => {
    const index = code('main/electron/index.ts');
    expect(index).toMatch(/isTrustedSender: isTrustedSenderUrl/);
    expect(index).toMatch(/isOurWebContents: \(sender\) => win !== null && !win\.isDestroyed\(\) && sender\.id === win\.webContents\.id/);
    // ipcMain.on (fire-and-forget, no sender check) is not used anywhere: every channel goes through registerIpcHandlers.
    expect(sources('main').filter((p) => /ipcMain\.on\(/.test(code(p)))).toEqual([]);
  });
});

describe('preload surface', () => {
  it('exposes one frozen object of contract functions plus on(), never ipcRenderer itself', () => {
    const api = createTaxpoyntApi(async () => ({ ok: true, value: null }), () => () => undefined);
    expect(Object.keys(api).sort()).toEqual([...CHANNELS, 'on'].sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    expect(Object.isFrozen(api)).toBe(true);
    const preload = code('preload/index.ts');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toMatch(/contextBridge\.exposeInMainWorld\('taxpoynt', api\)/);
    // The page's listener gets the payload only: the IpcRendererEvent (whose `sender` is ipcRenderer) stays behind.
    expect(preload).toMatch(/\(_event: IpcRendererEvent, message: unknown\) => listener\(message\)/);
    const imports = [...preload.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['./api', 'electron']);
  });
});

describe('shell start-up', () => {
  it('takes the single-instance lock and focuses the running window on a second start', () => {
    const index = code('main/electron/index.ts');
    expect(index).toMatch(/if \(!app\.requestSingleInstanceLock\(\)\) \{\s*app\.quit\(\);/);
    expect(index).toMatch(/app\.on\('second-instance', \(\) => \{\s*if \(win && !win\.isDestroyed\(\)\) focusWindow\(win\);\s*else showWindow\?\.\(\);/);
  });
});

describe('fuses (electron-builder.yml)', () => {
  it('are flipped in the packaged binary', () => {
    const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): { electronFuses: Record<string, boolean> } };
    expect(yaml.load(readFileSync('electron-builder.yml', 'utf8')).electronFuses).toEqual(EXPECTED_FUSES);
  });
});
