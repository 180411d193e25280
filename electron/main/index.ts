import { app } from 'electron';
import { join } from 'node:path';
import { createBackend } from '../core/backend';
import { resolveCacheDir, resolveDataDir } from '../core/data-dir';
import { attachLab } from '../lab/attach';
import { bindIpc } from './ipc-binding';
import { desktopSecretsCipher } from './secrets-cipher';
import { createMainWindow } from './window';

/** The Electron shell: one window bound to the electron-free backend. Everything real lives in core. */
async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) return app.quit();
  await app.whenReady();
  const root = join(__dirname, '..', '..');
  const dataDir = resolveDataDir();
  const backend = createBackend({
    dataDir,
    resourcesDir: app.isPackaged ? join(process.resourcesPath, 'app.asar.unpacked', 'resources') : join(root, 'resources'),
    version: app.getVersion(),
    mode: 'desktop',
    electronVersion: process.versions.electron ?? null,
    // After `ready`: safeStorage cannot tell whether the keyring is there before it.
    secretsCipher: desktopSecretsCipher(),
  });
  attachLab(backend, { dataDir, cacheDir: resolveCacheDir() });
  const { window, rendererUrl } = createMainWindow({
    rendererDir: join(root, 'dist', 'renderer'),
    preload: join(__dirname, 'preload.cjs'),
  });
  const unbind = bindIpc(backend, window, rendererUrl);
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    unbind();
    void backend.dispose().finally(() => app.quit());
  });
}

void main();
