import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron's binary cannot run on CI machines, so its API is faked at the module boundary; the
// real window is covered by test/e2e/desktop.spec.ts where the binary exists.
const fake = vi.hoisted(() => ({
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  windows: [] as {
    options: Record<string, unknown>;
    openHandler?: (d: { url: string }) => unknown;
    navigate?: (...a: unknown[]) => void;
  }[],
  opened: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const record: (typeof fake.windows)[number] = { options };
      fake.windows.push(record);
      this.webContents = {
        id: 1,
        setWindowOpenHandler: (h: (d: { url: string }) => unknown) => (record.openHandler = h),
        on: (event: string, h: (...a: unknown[]) => void) => event === 'will-navigate' && (record.navigate = h),
        send: vi.fn(),
      };
    }
    once() {}
    loadFile() {
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
  }
  return {
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, h: (...args: unknown[]) => unknown) => fake.handlers.set(channel, h),
      removeHandler: (channel: string) => fake.handlers.delete(channel),
    },
    session: { defaultSession: { webRequest: { onHeadersReceived: vi.fn() }, setPermissionRequestHandler: vi.fn() } },
    shell: { openExternal: (url: string) => fake.opened.push(url) },
  };
});

const { bindIpc } = await import('../../electron/main/ipc-binding');
const { createMainWindow } = await import('../../electron/main/window');
const { createBackend } = await import('../../electron/core/backend');
const { tempDir, repoRoot } = await import('../support/temp-dir');

beforeEach(() => {
  fake.handlers.clear();
  fake.windows.length = 0;
  fake.opened.length = 0;
});

describe('the Electron window', () => {
  it('is isolated, sandboxed and has no Node', () => {
    createMainWindow({ rendererDir: '/app/dist/renderer', preload: '/app/dist/node/preload.cjs' });
    expect(fake.windows[0]?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
  });

  it('denies new windows and opens only http(s) links in the browser', () => {
    createMainWindow({ rendererDir: '/app/dist/renderer', preload: '/p.cjs' });
    const open = fake.windows[0]?.openHandler;
    expect(open?.({ url: 'https://docs.netapp.com/' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://docs.netapp.com/']);
  });

  it('refuses to navigate away from the renderer', () => {
    createMainWindow({ rendererDir: '/app/dist/renderer', preload: '/p.cjs' });
    const prevent = vi.fn();
    fake.windows[0]?.navigate?.({ preventDefault: prevent }, 'https://evil.example/');
    expect(prevent).toHaveBeenCalled();
    const stay = vi.fn();
    fake.windows[0]?.navigate?.({ preventDefault: stay }, 'file:///app/dist/renderer/index.html#/runs');
    expect(stay).not.toHaveBeenCalled();
  });
});

describe('the IPC binding', () => {
  const rendererUrl = 'file:///app/dist/renderer/';
  function setup() {
    const home = tempDir();
    const backend = createBackend({ dataDir: home.path, resourcesDir: `${repoRoot}/resources`, version: 't', mode: 'desktop' });
    const { window } = createMainWindow({ rendererDir: '/app/dist/renderer', preload: '/p.cjs' });
    bindIpc(backend, window, rendererUrl);
    const invoke = fake.handlers.get('workbench:invoke') as (event: unknown, method: unknown, input: unknown) => Promise<unknown>;
    const mainFrame = { url: `${rendererUrl}index.html` };
    const event = (over: Record<string, unknown> = {}) => ({ sender: { id: 1, mainFrame }, senderFrame: mainFrame, ...over });
    return { invoke, event, mainFrame, home };
  }

  it('serves the window’s own top frame and validates input', async () => {
    const { invoke, event, home } = setup();
    expect(await invoke(event(), 'jobs.list', {})).toEqual({ ok: true, result: { jobs: [] } });
    expect(await invoke(event(), 'jobs.cancel', { jobId: 7 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    home.remove();
  });

  it('refuses another webContents, a subframe, and a page that is not the renderer', async () => {
    const { invoke, event, mainFrame, home } = setup();
    const refused = { ok: false, error: { code: 'UNAUTHORIZED' } };
    expect(await invoke(event({ sender: { id: 2, mainFrame } }), 'jobs.list', {})).toMatchObject(refused);
    expect(await invoke(event({ senderFrame: { url: `${rendererUrl}index.html` } }), 'jobs.list', {})).toMatchObject(refused);
    const foreign = { url: 'https://evil.example/' };
    expect(await invoke(event({ sender: { id: 1, mainFrame: foreign }, senderFrame: foreign }), 'jobs.list', {})).toMatchObject(
      refused,
    );
    home.remove();
  });
});
