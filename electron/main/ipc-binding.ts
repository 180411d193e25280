import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type InvokeResult } from '../../shared/wire';
import type { Backend } from '../core/backend';
import { dispatch } from '../core/contract/dispatch';

/**
 * Binds the contract to IPC for one window: only that window's own top frame, showing our own
 * renderer, may invoke; every input is validated by `dispatch` before a handler sees it.
 */
export function bindIpc(backend: Backend, window: BrowserWindow, rendererUrl: string): () => void {
  const trusted = (event: IpcMainInvokeEvent) =>
    event.sender.id === window.webContents.id &&
    event.senderFrame !== null &&
    event.senderFrame === event.sender.mainFrame &&
    event.senderFrame.url.startsWith(rendererUrl);

  ipcMain.handle(IPC_INVOKE, async (event, method: unknown, input: unknown): Promise<InvokeResult> => {
    if (!trusted(event)) {
      return {
        ok: false,
        error: { code: 'UNAUTHORIZED', message: 'Refused: this call did not come from the workbench window.' },
      };
    }
    return dispatch(backend.handlers, method, input);
  });
  const unsubscribe = backend.bus.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, name, payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}
