import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createBackend } from '../../electron/core/backend';
import { repoRoot, tempDir } from '../support/temp-dir';

it('stops once however often it is told to (a quit racing a teardown), its stores closed and its data kept', async () => {
  const home = tempDir('backend-');
  try {
    const backend = createBackend({
      dataDir: home.path,
      resourcesDir: `${repoRoot}/resources`,
      version: 't',
      mode: 'test',
      env: {},
    });
    expect((await backend.handlers['runs.list']({})).runs).toEqual([]);
    await backend.dispose();
    await expect(backend.dispose()).resolves.toBeUndefined();
    expect(existsSync(join(home.path, 'tracking.db'))).toBe(true);
    // The same data directory opens again in a new backend.
    const again = createBackend({
      dataDir: home.path,
      resourcesDir: `${repoRoot}/resources`,
      version: 't',
      mode: 'test',
      env: {},
    });
    expect((await again.handlers['runs.list']({})).runs).toEqual([]);
    await again.dispose();
  } finally {
    home.remove();
  }
});
