import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../../electron/cli/electron-binary';

const repoRoot = new URL('../..', import.meta.url).pathname;
const lookup = findElectronBinary(repoRoot);

test('the desktop window opens sandboxed and reaches the backend over IPC', async () => {
  test.skip(!lookup.found, `Electron's binary is not on this machine: ${lookup.found ? '' : lookup.reason}`);
  test.skip(!process.env.DISPLAY && !existsSync('/usr/bin/xvfb-run'), 'no display for a desktop window');
  const home = mkdtempSync(join(tmpdir(), 'workbench-desktop-'));
  const app = await electron.launch({
    executablePath: lookup.found ? lookup.binary : undefined,
    args: [repoRoot, '--no-sandbox'],
    env: { ...process.env, WORKBENCH_HOME: home },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByTestId('status-backend')).toContainText('Backend connected');
    await expect(window.getByTestId('status-machine')).toContainText(/PyTorch/);
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => Object.keys((globalThis as { workbench?: object }).workbench ?? {}).sort())).toEqual([
      'invoke',
      'on',
    ]);
    const refused = await window.evaluate(() =>
      (globalThis as unknown as { workbench: { invoke(m: string, i: unknown): Promise<unknown> } }).workbench.invoke(
        'fs.read',
        {},
      ),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});
