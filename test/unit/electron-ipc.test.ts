// The Electron transport in plain Node: the IPC handlers with a real dispatch from createApp, the preload's API built
// on top of them, and the shell's pure security policies. Electron itself cannot run here; everything these tests
// touch is deliberately electron-free (type-only imports at most).
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, PUSH_EVENTS, type ApiResult, type TaxpoyntApi } from '../../shared/contract';
import { createIpcHandler } from '../../main/api/ipc-handler';
import { createTempApp } from '../support/temp-app';
import { buildElectronConfig } from '../../main/electron/config';
import {
  PUSH_EVENT_CHANNEL,
  forwardPushEvents,
  registerIpcHandlers,
  type IpcEventLike,
  type IpcMainLike,
} from '../../main/electron/ipc';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  isAllowedExternalUrl,
  isAppUrl,
  isTrustedSenderUrl,
} from '../../main/electron/policy';
import { resolveRendererRequest, rendererHeaders } from '../../main/electron/renderer-files';
import { CONTENT_SECURITY_POLICY } from '../../main/platform/http/static-files';
import { PUSH_EVENT_CHANNEL as PRELOAD_PUSH_CHANNEL, createTaxpoyntApi, type BridgeError } from '../../preload/api';

const OUR_FRAME = { url: `${APP_ORIGIN}/index.html` };
const OUR_SENDER = { id: 1 };

/** An in-memory ipcMain: what registerIpcHandlers registered, callable like Electron would call it. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike<IpcEventLike> = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  const invoke = async (channel: string, input: unknown, event: IpcEventLike = { sender: OUR_SENDER, senderFrame: OUR_FRAME }) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return (await handler(event, input)) as ApiResult<unknown>;
  };
  return { ipcMain, handlers, invoke };
}

let app: ReturnType<typeof createTempApp>;

beforeAll(() => {
  app = createTempApp('electron');
});

afterAll(() => app.dispose());

describe('createIpcHandler with the real dispatch', () => {
  const list = () => createIpcHandler('invoices.list', app.dispatch, isTrustedSenderUrl);

  it('refuses senders that are not our page', async () => {
    for (const senderFrame of [
      { url: 'https://evil.example/' },
      { url: 'file:///home/owner/index.html' },
      { url: 'app://evil/index.html' },
      { url: 'about:blank' },
      { url: '' },
      null,
    ]) {
      const result = await list()({ senderFrame }, {});
      expect(result.ok, `frame ${JSON.stringify(senderFrame)}`).toBe(false);
      if (!result.ok) expect(result.error).toMatchObject({ code: 'unauthorized', detail: expect.stringMatching(/untrusted frame/) });
    }
  });

  it('rejects bad input naming the field', async () => {
    const page0 = await list()({ senderFrame: OUR_FRAME }, { page: 0 });
    expect(page0.ok).toBe(false);
    if (!page0.ok) {
      expect(page0.error.code).toBe('invalid_input');
      expect(page0.error.field).toBe('page');
      expect(page0.error.message).toContain('page');
    }

    const bogus = await list()({ senderFrame: OUR_FRAME }, { status: ['bogus'] });
    expect(bogus.ok).toBe(false);
    if (!bogus.ok) {
      expect(bogus.error.code).toBe('invalid_input');
      expect(bogus.error.field).toBe('status.0');
      expect(bogus.error.message).toContain('status');
    }

    const unknownKey = await list()({ senderFrame: OUR_FRAME }, { pageNumber: 2 });
    expect(unknownKey.ok).toBe(false);
    if (!unknownKey.ok) expect(unknownKey.error.field).toBe('pageNumber');
  });

  it('returns data for a valid call from our page', async () => {
    const result = await list()({ senderFrame: { url: `${APP_ORIGIN}/invoices?status=draft` } }, { page: 1, pageSize: 10 });
    expect(result).toEqual({ ok: true, value: { items: [], total: 0, page: 1, pageSize: 10 } });
    const noInput = await list()({ senderFrame: OUR_FRAME }, undefined);
    expect(noInput.ok).toBe(true);
  });
});

describe('registerIpcHandlers', () => {
  it('registers exactly the contract channels and removes them again', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const unregister = registerIpcHandlers({
      ipcMain,
      dispatch: app.dispatch,
      isTrustedSender: isTrustedSenderUrl,
      isOurWebContents: (s) => s.id === OUR_SENDER.id,
    });
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('refuses another webContents even when its frame shows our origin', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    registerIpcHandlers({
      ipcMain,
      dispatch: app.dispatch,
      isTrustedSender: isTrustedSenderUrl,
      isOurWebContents: (s) => s.id === OUR_SENDER.id,
    });
    const ours = await invoke('app.info', {});
    expect(ours.ok).toBe(true);
    if (ours.ok) expect(ours.value).toMatchObject({ runtime: 'electron', version: '0.0.0-test', dataDir: app.config.dataDir });
    const other = await invoke('app.info', {}, { sender: { id: 2 }, senderFrame: OUR_FRAME });
    expect(other.ok).toBe(false);
  });
});

describe('preload API over the IPC handlers', () => {
  let api: TaxpoyntApi;
  const pushListeners = new Set<(message: unknown) => void>();
  let attachCount = 0;

  beforeAll(() => {
    const { ipcMain, invoke } = fakeIpcMain();
    registerIpcHandlers({
      ipcMain,
      dispatch: app.dispatch,
      isTrustedSender: isTrustedSenderUrl,
      isOurWebContents: (s) => s.id === OUR_SENDER.id,
    });
    api = createTaxpoyntApi(
      (channel, input) => invoke(channel, input),
      (listener) => {
        attachCount++;
        pushListeners.add(listener);
        return () => pushListeners.delete(listener);
      },
    );
  });

  it('has one function per channel plus on(), and nothing else', () => {
    expect(Object.keys(api).sort()).toEqual([...CHANNELS, 'on'].sort());
    for (const key of Object.keys(api)) expect(typeof (api as unknown as Record<string, unknown>)[key]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('resolves with the unwrapped value', async () => {
    await expect(api['invoices.list']({ pageSize: 5 })).resolves.toEqual({ items: [], total: 0, page: 1, pageSize: 5 });
    await expect(api['app.info']()).resolves.toMatchObject({ name: 'TaxPoynt POS Desk', runtime: 'electron' });
  });

  it('rejects with a plain object carrying message, code and field (they survive contextBridge)', async () => {
    const error = (await api['invoices.list']({ page: 0 }).catch((e: unknown) => e)) as BridgeError;
    expect(Object.getPrototypeOf(error)).toBe(Object.prototype);
    expect(error).toMatchObject({ name: 'ApiCallError', code: 'invalid_input', field: 'page' });
    expect(error.message).toContain('page');
    const missing = (await api['invoices.get']({ id: 999 }).catch((e: unknown) => e)) as BridgeError;
    expect(missing).toMatchObject({ code: 'not_found', field: 'id' });
  });

  it('delivers push events by name with the payload only, and unsubscribes', async () => {
    // The real path: a bus event, forwarded to a fake webContents, fed to the preload's subscription.
    const sent: unknown[][] = [];
    const stop = forwardPushEvents(app.bus, {
      send: (channel, ...args) => {
        sent.push([channel, ...args]);
        if (channel === PRELOAD_PUSH_CHANNEL) for (const l of [...pushListeners]) l(args[0]);
      },
      isDestroyed: () => false,
      getURL: () => APP_ENTRY_URL,
    });
    const got: unknown[][] = [];
    const off = api.on('settings.changed', (...args: unknown[]) => got.push(args));
    expect(attachCount).toBe(1);
    const updated = await api['settings.get']();
    await api['settings.set']({});
    expect(sent[0]?.[0]).toBe(PUSH_EVENT_CHANNEL);
    expect(got).toEqual([[updated]]);
    off();
    off(); // twice is harmless
    expect(pushListeners.size).toBe(0);
    await api['settings.set']({});
    expect(got).toHaveLength(1);
    stop();
  });

  it('refuses unknown push event names and non-function listeners', () => {
    expect(() => api.on('invoice.deleted' as never, () => {})).toThrow(/Unknown push event/);
    expect(() => api.on('stats.changed', 'nope' as never)).toThrow(TypeError);
  });

  it('ignores malformed push messages and isolates a throwing listener', () => {
    const got: unknown[] = [];
    const offA = api.on('stats.changed', () => {
      throw new Error('listener bug');
    });
    const offB = api.on('stats.changed', (payload) => got.push(payload));
    const deliver = (m: unknown) => [...pushListeners].forEach((l) => l(m));
    const consoleError = console.error;
    console.error = () => {};
    try {
      deliver({ event: 'not.an.event', payload: 1 });
      deliver('garbage');
      deliver({ event: 'stats.changed', payload: {} });
    } finally {
      console.error = consoleError;
    }
    expect(got).toEqual([{}]);
    offA();
    offB();
  });
});

describe('forwardPushEvents', () => {
  it('sends every push event as { event, payload } and stops when the page is not ours or is gone', () => {
    const sent: unknown[] = [];
    let url = APP_ENTRY_URL;
    let destroyed = false;
    const stop = forwardPushEvents(app.bus, {
      send: (channel, message) => sent.push({ channel, message }),
      isDestroyed: () => destroyed,
      getURL: () => url,
    });
    app.bus.emit('invoice.changed', { id: 7, status: 'approved' });
    expect(sent).toEqual([{ channel: PUSH_EVENT_CHANNEL, message: { event: 'invoice.changed', payload: { id: 7, status: 'approved' } } }]);
    url = 'https://evil.example/';
    app.bus.emit('stats.changed', {});
    destroyed = true;
    url = APP_ENTRY_URL;
    app.bus.emit('stats.changed', {});
    expect(sent).toHaveLength(1);
    destroyed = false;
    stop();
    app.bus.emit('stats.changed', {});
    expect(sent).toHaveLength(1);
    expect(PUSH_EVENTS.length).toBeGreaterThan(0);
  });

  it('uses the same channel name as the preload', () => {
    expect(PUSH_EVENT_CHANNEL).toBe(PRELOAD_PUSH_CHANNEL);
  });
});

describe('sender origin policy', () => {
  it('trusts only app://taxpoynt pages', () => {
    expect(isTrustedSenderUrl(APP_ENTRY_URL)).toBe(true);
    expect(isTrustedSenderUrl('app://taxpoynt/')).toBe(true);
    expect(isTrustedSenderUrl('app://taxpoynt/invoices/12#top')).toBe(true);
    for (const url of [
      'app://taxpoynt.evil/',
      'app://evil/',
      'app://taxpoynt:8080/',
      'app://user@taxpoynt/',
      'apps://taxpoynt/',
      'http://taxpoynt/',
      'https://taxpoynt/',
      'file:///app/taxpoynt/index.html',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      '',
      'not a url',
      null,
      undefined,
      42,
    ]) {
      expect(isTrustedSenderUrl(url), String(url)).toBe(false);
    }
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
  });
});

describe('openExternal allowlist', () => {
  it('allows https links', () => {
    expect(isAllowedExternalUrl('https://squareup.com/dashboard/apps/my-applications')).toBe(true);
    expect(isAllowedExternalUrl('https://taxpoynt.com/docs?x=1#y')).toBe(true);
  });

  it('refuses every other scheme, credentials, control characters and malformed input', () => {
    for (const url of [
      'http://squareup.com/',
      'file:///etc/passwd',
      'file://server/share/x.exe',
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'smb://attacker/share',
      '\\\\attacker\\share',
      'data:text/html,<script>alert(1)</script>',
      'mailto:someone@example.com',
      'ms-msdt:/id PCWDiagnostic',
      'vscode://file/etc/passwd',
      'app://taxpoynt/index.html',
      'https://bank.example@evil.example/',
      'https://user:pw@example.com/',
      ' https://example.com/',
      'https://exa\nmple.com/',
      'https://',
      'https:///path-only',
      'https:\\\\evil.example/',
      'https:/evil.example/',
      '//example.com/',
      'example.com',
      '',
      `https://example.com/${'a'.repeat(3000)}`,
      null,
      undefined,
      { href: 'https://example.com/' },
    ]) {
      expect(isAllowedExternalUrl(url), JSON.stringify(url)).toBe(false);
    }
  });
});

describe('renderer file resolution for app://', () => {
  const root = resolve('/srv/dist/renderer');

  it('serves files inside the renderer folder, index.html for / and for client-side routes', () => {
    expect(resolveRendererRequest(root, 'app://taxpoynt/')).toMatchObject({ kind: 'file', path: join(root, 'index.html') });
    expect(resolveRendererRequest(root, 'app://taxpoynt/invoices/12')).toMatchObject({
      kind: 'file',
      path: join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveRendererRequest(root, 'app://taxpoynt/assets/index-abc.js?v=1')).toMatchObject({
      kind: 'file',
      path: join(root, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveRendererRequest(root, 'app://taxpoynt/assets/a%20b.css')).toMatchObject({
      path: join(root, 'assets', 'a b.css'),
    });
  });

  it('refuses traversal in any encoding, other hosts, and non-GET methods', () => {
    for (const url of [
      'app://taxpoynt/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://taxpoynt/..%5c..%5cwindows%5cwin.ini',
      'app://taxpoynt/%00.js',
      'app://taxpoynt/%E0%A4%A',
    ]) {
      const decision = resolveRendererRequest(root, url);
      expect(decision.kind, url).toBe('refused');
    }
    // The URL parser already folds ../ and %2e%2e/ segments at the root, so these stay inside the renderer folder.
    for (const url of ['app://taxpoynt/../../etc/passwd.txt', 'app://taxpoynt/%2e%2e/%2E%2E/etc/passwd.txt']) {
      expect(resolveRendererRequest(root, url)).toEqual({
        kind: 'file',
        path: join(root, 'etc', 'passwd.txt'),
        contentType: 'text/plain; charset=utf-8',
      });
    }
    expect(resolveRendererRequest(root, 'app://other/index.html')).toMatchObject({ kind: 'refused', status: 403 });
    expect(resolveRendererRequest(root, 'https://taxpoynt/index.html')).toMatchObject({ kind: 'refused', status: 403 });
    expect(resolveRendererRequest(root, 'app://taxpoynt/', 'POST')).toMatchObject({ kind: 'refused', status: 405 });
  });

  it('sends the same CSP as the headless host', () => {
    expect(rendererHeaders('text/html')).toMatchObject({
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
  });
});

describe('Electron AppConfig', () => {
  it('uses userData unless TAXPOYNT_DATA_DIR is set, and passes the Electron sqlite build', () => {
    expect(buildElectronConfig({ env: {}, userDataDir: '/u', appVersion: '1.2.3' })).toEqual({
      dataDir: '/u',
      runtime: 'electron',
      appVersion: '1.2.3',
      logLevel: 'info',
      secretStore: 'auto',
      square: { callbackPort: 53123, callbackPath: '/oauth/callback', oauthTimeoutMs: 300_000 },
      webhooks: { port: 0, tunnelEnabled: true, tunnelHost: 'https://localtunnel.me' },
    });
    expect(
      buildElectronConfig({
        env: { TAXPOYNT_DATA_DIR: '/d', TAXPOYNT_LOG_LEVEL: 'debug', TAXPOYNT_SECRET_STORE: 'file' },
        userDataDir: '/u',
        appVersion: '1.2.3',
        sqliteNativeBinding: '/n/better_sqlite3.node',
      }),
    ).toMatchObject({ dataDir: '/d', logLevel: 'debug', secretStore: 'file', sqliteNativeBinding: '/n/better_sqlite3.node' });
    expect(() => buildElectronConfig({ env: { TAXPOYNT_LOG_LEVEL: 'loud' }, userDataDir: '/u', appVersion: '1' })).toThrow(
      /TAXPOYNT_LOG_LEVEL/,
    );
  });
});
