import { contextBridge, ipcRenderer } from 'electron';
import { isEventName, isMethodName } from '../../shared/contract';
import { IPC_EVENT, IPC_INVOKE, type InvokeResult } from '../../shared/wire';

/** The only surface the renderer gets: invoke a contract method, listen to a contract event. */
const bridge = {
  invoke(method: string, input: unknown): Promise<InvokeResult> {
    if (!isMethodName(method)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method ${method}.` } });
    }
    return ipcRenderer.invoke(IPC_INVOKE, method, input) as Promise<InvokeResult>;
  },
  on(event: string, callback: (payload: unknown) => void): () => void {
    if (!isEventName(event)) throw new Error(`There is no event ${event}.`);
    const listener = (_e: Electron.IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) callback(payload);
    };
    ipcRenderer.on(IPC_EVENT, listener);
    return () => ipcRenderer.removeListener(IPC_EVENT, listener);
  },
};

contextBridge.exposeInMainWorld('workbench', bridge);
