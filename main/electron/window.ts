// The one BrowserWindow. Its options (window-options.ts) are the security baseline: isolated, sandboxed, no Node.
import { BrowserWindow, dialog } from 'electron';
import { APP_ENTRY_URL } from './policy';
import { mainWindowOptions } from './window-options';

export interface MainWindowOptions {
  /** Absolute path of dist/preload/index.cjs. */
  preloadPath: string;
  onLoadFailed?: (err: unknown) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(options.preloadPath));
  // A screen with unsaved changes (Settings) cancels beforeunload; Electron then closes nothing and says nothing, so
  // the question is asked here. preventDefault on this event means "unload anyway".
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Stay and keep editing', 'Discard changes and leave'],
      defaultId: 0,
      cancelId: 0,
      title: 'Leave without saving?',
      message: 'You have unsaved changes in Settings.',
      detail: 'If you leave now, they are lost.',
    });
    if (choice === 1) event.preventDefault();
  });
  // Shown once painted, so the owner never sees a white flash.
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_ENTRY_URL).catch((err: unknown) => options.onLoadFailed?.(err));
  return win;
}

/** Brings the window to the front (second instance started, dock icon clicked). */
export function focusWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
