// Electron main entry (`vite build --mode main` → dist/main/index.js, ESM). Thin on purpose: build the config, call
// createApp, attach the IPC transport and the window. Everything that can be decided without Electron lives in the
// electron-free modules next to this file (policy, renderer-files, native, config, ipc) and is tested in plain Node.
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp, type App } from '../app';
import { buildElectronConfig } from './config';
import { forwardPushEvents, registerIpcHandlers } from './ipc';
import { jsFlagsRelaunch, RELAUNCH_MARKER_ENV } from './js-flags';
import { isAbiMismatch, resolveNativeBindings, type NativeBindings } from './native';
import { isTrustedSenderUrl } from './policy';
import { registerAppSchemePrivileges, serveRenderer } from './protocol';
import { createSavePdf } from './save-pdf';
import { createSaveExportCopy } from './save-export-copy';
import { hardenAllWebContents, hardenSession, openExternalStrict } from './security';
import { createMainWindow, focusWindow } from './window';
import { startDesktopNotifications } from './notifications';

// ESM entry points finish loading asynchronously, so only this synchronous module-level code is guaranteed to run
// before `ready`; scheme privileges must be registered before it. No top-level await on whenReady (it would hang).
const relaunch = jsFlagsRelaunch(process.argv, process.env);
if (relaunch) {
  // The main process's V8 flags only take effect on Electron's command line (js-flags.ts): start again with them,
  // before taking the single-instance lock, so the relaunched process is the one that holds it.
  process.env[RELAUNCH_MARKER_ENV] = '1';
  app.relaunch(relaunch);
  app.exit(0);
} else {
  // Every renderer runs in Chromium's sandbox, whatever a window's own options say.
  app.enableSandbox();
  registerAppSchemePrivileges();
  if (!app.requestSingleInstanceLock()) {
    // Two instances would share one SQLite file and race on the webhook port: the second one hands over and leaves.
    app.quit();
  } else {
    main().catch((err: unknown) => fail(err, undefined));
  }
}

async function main(): Promise<void> {
  let win: BrowserWindow | null = null;
  // Set once the core is up; before that the starting instance opens its window itself.
  let showWindow: (() => void) | null = null;
  // A second start (double-clicked again, a desktop shortcut) brings this window to the front instead.
  app.on('second-instance', () => {
    if (win && !win.isDestroyed()) focusWindow(win);
    else showWindow?.();
  });

  await app.whenReady();

  const appRoot = app.getAppPath();
  const native = resolveNativeBindings({
    appRoot,
    electronVersion: process.versions.electron ?? app.getVersion(),
    isPackaged: app.isPackaged,
  });

  let core: App;
  try {
    core = createApp({
      ...buildElectronConfig({
        env: process.env,
        userDataDir: app.getPath('userData'),
        appVersion: app.getVersion(),
        sqliteNativeBinding: native.sqliteNativeBinding,
        keytarNativeBinding: native.keytarNativeBinding,
      }),
      // Without a working keychain (keytar fails), secrets go to a file encrypted by safeStorage (an OS-held key).
      secretCipher: safeStorage.isEncryptionAvailable()
        ? { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (stored) => safeStorage.decryptString(stored) }
        : null,
      // Square sign-in opens in the system browser (RFC 8252), never an embedded window, behind the allowlist.
      openExternal: openExternalStrict((url) => shell.openExternal(url)),
      // Save as PDF prints our one window's print view; only that window may call the API at all (ipc.ts).
      savePdf: createSavePdf({
        source: () => (win && !win.isDestroyed() ? win.webContents : null),
        chooseFile: async (suggestedName) => {
          const options = {
            title: 'Save invoice as PDF',
            defaultPath: join(app.getPath('documents'), suggestedName),
            filters: [{ name: 'PDF', extensions: ['pdf'] }],
          };
          const answer = win && !win.isDestroyed() ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
          return answer.canceled || !answer.filePath ? null : answer.filePath;
        },
        writeFile: (path, data) => writeFile(path, data),
      }),
      saveExportCopy: createSaveExportCopy({
        chooseFolder: async () => {
          const options = {
            title: 'Choose where to save a copy of the export',
            defaultPath: app.getPath('documents'),
            properties: ['openDirectory' as const, 'createDirectory' as const],
          };
          const answer = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
          return answer.canceled || !answer.filePaths[0] ? null : answer.filePaths[0];
        },
        copyFolder: (from, to) => cp(from, to, { recursive: true, errorOnExist: true, force: false }),
      }),
    });
  } catch (err) {
    fail(err, native);
    return;
  }
  const log = core.log;
  for (const problem of native.problems) log.warn({ source: native.source }, problem);

  hardenAllWebContents(app, { openExternal: (url) => shell.openExternal(url), log });
  hardenSession(session.defaultSession);
  serveRenderer(session.defaultSession, join(appRoot, 'dist', 'renderer'), (url, reason) =>
    log.warn({ url, reason }, 'refused renderer request'),
  );

  const unregisterIpc = registerIpcHandlers({
    ipcMain,
    dispatch: core.dispatch,
    isTrustedSender: isTrustedSenderUrl,
    isOurWebContents: (sender) => win !== null && !win.isDestroyed() && sender.id === win.webContents.id,
  });

  const openWindow = () => {
    const created = createMainWindow({
      preloadPath: join(appRoot, 'dist', 'preload', 'index.cjs'),
      onLoadFailed: (err) => log.error({ err }, 'could not load the renderer'),
    });
    const stopForwarding = forwardPushEvents(core.bus, created.webContents);
    created.on('closed', () => {
      stopForwarding();
      if (win === created) win = null;
    });
    win = created;
  };

  let stopDesktopNotifications = (): void => undefined;

  // Clean stop: will-quit is held until the core has stopped (closing the database cleanly), then quit resumes.
  let stopped = false;
  let stopping = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    stopDesktopNotifications();
    unregisterIpc();
    core
      .stop()
      .catch((err: unknown) => log.error({ err }, 'core did not stop cleanly'))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  await core.start();
  openWindow();
  showWindow = () => (win && !win.isDestroyed() ? focusWindow(win) : openWindow());
  // Tray icon with the health line, and a desktop notification for each notice the owner has not been told about.
  stopDesktopNotifications = startDesktopNotifications({
    core,
    window: () => win,
    showWindow: () => (win && !win.isDestroyed() ? focusWindow(win) : openWindow()),
  });
}

/** Startup failed: say why in a dialog (there is no window yet) and exit non-zero. */
function fail(err: unknown, native: NativeBindings | undefined): void {
  const detail = err instanceof Error ? err.message : String(err);
  const message = isAbiMismatch(err)
    ? 'A native module (better-sqlite3 or keytar) was built for another version of Node.js/Electron. ' +
      'Run `node scripts/electron-native.mjs` (npm start does it) and start the app again.' +
      (native?.problems.length ? `\n\n${native.problems.join('\n')}` : '') +
      `\n\n${detail}`
    : detail;
  process.stderr.write(`TaxPoynt POS Desk could not start: ${message}\n`);
  if (app.isReady()) dialog.showErrorBox('TaxPoynt POS Desk could not start', message);
  app.exit(1);
}
