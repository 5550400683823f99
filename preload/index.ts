// Sandboxed preload (bundled to dist/preload/index.cjs; may require only 'electron'). Exposes window.taxpoynt, built
// from the contract in preload/api.ts. ipcRenderer itself never reaches the page: only these wrapper functions do.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { PUSH_EVENT_CHANNEL, createTaxpoyntApi } from './api';

const api = createTaxpoyntApi(
  (channel, input) => ipcRenderer.invoke(channel, input),
  (listener) => {
    const onMessage = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(PUSH_EVENT_CHANNEL, onMessage);
    return () => {
      ipcRenderer.removeListener(PUSH_EVENT_CHANNEL, onMessage);
    };
  },
);

contextBridge.exposeInMainWorld('taxpoynt', api);
