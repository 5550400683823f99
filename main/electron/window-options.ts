// The main window's constructor options, electron-free (type import only) so the security checklist test can read
// exactly what window.ts passes to `new BrowserWindow`. Its webPreferences are the security baseline.
import type { BrowserWindowConstructorOptions } from 'electron';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'TaxPoynt POS Desk',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      // The page and the preload live in separate JavaScript worlds; only contextBridge's copy crosses.
      contextIsolation: true,
      // The renderer (and the preload) run in Chromium's OS-level sandbox without Node.
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A page that opens dialog after dialog gets a checkbox to stop them.
      safeDialogs: true,
    },
  };
}
