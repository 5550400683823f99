// Wires the contract's channels to ipcMain and forwards push events to the window. Only *type* imports from
// `electron` (erased at build time), so tests drive these functions with fakes in plain Node.
import type { IpcMainInvokeEvent } from 'electron';
import { CHANNELS, PUSH_EVENTS, PUSH_EVENT_CHANNEL, type PushEventName, type PushEvents } from '../../shared/contract';
import type { Dispatch } from '../api/dispatch';
import { createIpcHandler, type InvokeEventLike } from '../api/ipc-handler';
import type { PushBus } from '../platform/push-bus';
import { isAppUrl } from './policy';

export { PUSH_EVENT_CHANNEL };

/** What we use of an IPC invoke event: who sent it (webContents) and from which frame. */
export interface IpcEventLike extends InvokeEventLike {
  sender: { id: number };
}

/** What we use of Electron's ipcMain. */
export interface IpcMainLike<E extends IpcEventLike = IpcMainInvokeEvent> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface RegisterIpcOptions<E extends IpcEventLike> {
  ipcMain: IpcMainLike<E>;
  dispatch: Dispatch;
  /** Frame URL check (isTrustedSenderUrl): the frame must show our app origin. */
  isTrustedSender: (frameUrl: string) => boolean;
  /** The webContents check: only our main window may call; any other webContents is refused outright. */
  isOurWebContents: (sender: { id: number }) => boolean;
}

const UNTRUSTED: InvokeEventLike = { senderFrame: null };

/** Registers one ipcMain.handle per contract channel; returns a function that removes them all. */
export function registerIpcHandlers<E extends IpcEventLike>(options: RegisterIpcOptions<E>): () => void {
  const { ipcMain, dispatch, isTrustedSender, isOurWebContents } = options;
  for (const channel of CHANNELS) {
    const handler = createIpcHandler(channel, dispatch, isTrustedSender);
    // Exactly one argument is read: the input. Extra arguments a caller might add are ignored, not forwarded.
    ipcMain.handle(channel, (event, input) => handler(isOurWebContents(event.sender) ? event : UNTRUSTED, input));
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** What we use of a window's webContents to push events. */
export interface PushTarget {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  getURL(): string;
}

/**
 * Forwards every PushBus event to `target` over PUSH_EVENT_CHANNEL. Nothing is sent to a destroyed webContents or to
 * a page that is not ours (navigation away is blocked; this keeps data from following a page that slipped through).
 * Returns the unsubscribe function; call it when the window closes.
 */
export function forwardPushEvents(bus: PushBus, target: PushTarget): () => void {
  const unsubscribers = PUSH_EVENTS.map((event) =>
    bus.on(event, (payload: PushEvents[PushEventName]) => {
      if (target.isDestroyed() || !isAppUrl(target.getURL())) return;
      target.send(PUSH_EVENT_CHANNEL, { event, payload });
    }),
  );
  return () => {
    for (const off of unsubscribers) off();
  };
}
