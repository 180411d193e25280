import { BrowserWindow, session, shell } from 'electron';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';

/** Opens only http(s) links, in the user's browser; everything else is dropped. */
function openExternal(url: string): void {
  if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
}

/** Creates the main window: isolated, sandboxed renderer with no Node, strict CSP, no new windows. */
export function createMainWindow(paths: { rendererDir: string; preload: string }): {
  window: BrowserWindow;
  rendererUrl: string;
} {
  const indexFile = join(paths.rendererDir, 'index.html');
  const rendererUrl = pathToFileURL(paths.rendererDir).href + '/';
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'ONTAP MLOps Workbench',
    show: false,
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(rendererUrl)) {
      event.preventDefault();
      openExternal(url);
    }
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(indexFile);
  return { window, rendererUrl };
}
