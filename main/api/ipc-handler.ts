import type { ApiResult } from '../../shared/contract';
import type { Dispatch } from './dispatch';

/** The bits of Electron's IpcMainInvokeEvent we rely on, so this stays testable in plain Node. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
}

/**
 * Builds the function main/electron registers with ipcMain.handle for a channel. The sender check runs first: only
 * our own renderer page (its origin decided by the shell) may call the API, not an iframe or a navigated-away page.
 */
export function createIpcHandler(
  channel: string,
  dispatch: Dispatch,
  isTrustedSender: (frameUrl: string) => boolean,
): (event: InvokeEventLike, input: unknown) => Promise<ApiResult<unknown>> {
  return async (event, input) => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedSender(url)) {
      return {
        ok: false,
        error: { code: 'unauthorized', message: 'This page may not use the app. Close it and use the main window.', detail: `Refused ${channel} from an untrusted frame (${url || 'no frame'})` },
      };
    }
    return dispatch(channel, input);
  };
}
