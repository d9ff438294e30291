import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi } from '../shared/api';

// Capabilities, not IPC: one named method per contract channel and one subscription per event,
// built from the contract's rows. The renderer never sees ipcRenderer, and can invoke nothing the
// contract does not list. Main checks the sender and parses every request again, so nothing here
// is trusted.

export const kyriosApi = buildApi(
  (channel, request) => ipcRenderer.invoke(channel, request),
  (name, listener) => {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(name, handler);
    return () => {
      ipcRenderer.removeListener(name, handler);
    };
  },
  { desktop: true },
);

contextBridge.exposeInMainWorld('kyrios', kyriosApi);
