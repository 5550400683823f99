// Desktop notifications and the tray icon (issue 16). What to say and when is decided outside Electron and tested in
// Node (main/api/notifications.ts, main/api/dashboard-health.ts); this file only shows it. Typechecked, not run in CI:
// Electron cannot start there.
import { Menu, Notification, Tray, app, nativeImage, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { DashboardTarget, Health, Notice } from '../../shared/dashboard';
import type { App } from '../app';
import { NotificationTracker } from '../api/notifications';
import { targetHash, trayDotBitmap } from './tray-parts';

export interface DesktopNotificationsOptions {
  core: App;
  /** The main window, when there is one. */
  window: () => BrowserWindow | null;
  /** Shows the window (creating it again if it was closed) and brings it to the front. */
  showWindow: () => void;
}

/** Starts the tray icon and desktop notifications; returns a function that removes both. */
export function startDesktopNotifications({ core, window, showWindow }: DesktopNotificationsOptions): () => void {
  // Windows shows notifications only for an app with a user model id: the installer's appId.
  if (process.platform === 'win32') app.setAppUserModelId('ng.taxpoynt.posdesk');
  const tracker = new NotificationTracker();
  let tray: Tray | null = null;
  let lastTone: Health['tone'] | null = null;

  const open = (target: DashboardTarget) => {
    showWindow();
    const win = window();
    if (!win || win.isDestroyed()) return;
    // Only the fragment changes: a same-document navigation, the renderer's hash router takes it from there.
    const url = new URL(win.webContents.getURL());
    url.hash = targetHash(target);
    void win.webContents.loadURL(url.toString()).catch((err: unknown) => core.log.warn({ err }, 'could not open a screen from a notification'));
  };

  const notify = (notice: Notice) => {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: notice.title, body: notice.body, urgency: notice.tone === 'danger' ? 'critical' : 'normal' });
    n.on('click', () => open(notice.action.target));
    n.show();
  };

  const refreshTray = (health: Health, notices: Notice[]) => {
    if (!tray) {
      tray = new Tray(nativeImage.createFromBitmap(trayDotBitmap(health.tone), { width: 16, height: 16 }));
      tray.on('click', showWindow);
    } else if (lastTone !== health.tone) {
      tray.setImage(nativeImage.createFromBitmap(trayDotBitmap(health.tone), { width: 16, height: 16 }));
    }
    lastTone = health.tone;
    tray.setToolTip(`TaxPoynt POS Desk: ${health.headline}`);
    const items: MenuItemConstructorOptions[] = [
      { label: health.headline, enabled: false },
      ...(health.action ? [{ label: health.action.label, click: () => open(health.action!.target) }] : []),
      ...(notices.length ? [{ type: 'separator' as const }] : []),
      ...notices.map((n) => ({ label: n.title, click: () => open(n.action.target) })),
      { type: 'separator' },
      { label: 'Open TaxPoynt POS Desk', click: showWindow },
      { label: 'Quit', role: 'quit' },
    ];
    tray.setContextMenu(Menu.buildFromTemplate(items));
  };

  const update = () => {
    try {
      const notices = core.notifications.current();
      for (const notice of tracker.fresh(notices)) notify(notice);
      refreshTray(core.dashboard.healthNow(), notices);
    } catch (err) {
      core.log.warn({ err }, 'could not update the tray or notifications');
    }
  };

  // The notices change with 'notifications.changed'; the tray's health line also with the connection's own events.
  // A burst (a catch-up of 200 sales) costs one update per half second, not one per event.
  let soon: NodeJS.Timeout | null = null;
  const updateSoon = () => {
    if (soon) return;
    soon = setTimeout(() => {
      soon = null;
      update();
    }, 500);
  };
  const offs = (['notifications.changed', 'square.changed', 'webhooks.changed', 'sync.changed', 'stats.changed'] as const).map((event) =>
    core.bus.on(event, updateSoon),
  );
  update();
  return () => {
    if (soon) clearTimeout(soon);
    offs.forEach((off) => off());
    tray?.destroy();
    tray = null;
  };
}
