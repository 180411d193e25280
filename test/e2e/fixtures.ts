import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { spawnServe } from '../support/serve-process';

/** A running `workbench serve` with its own fresh WORKBENCH_HOME. */
export interface Workbench {
  url: string;
  origin: string;
  home: string;
  /** Everything the server printed so far (stdout and stderr): what would reach a log. */
  output: () => string;
}

/** Starts the built CLI in browser mode, as a user would, with a fresh WORKBENCH_HOME. */
async function startWorkbench(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; workbench: Workbench; cleanup: () => void }> {
  const home = mkdtempSync(join(tmpdir(), 'workbench-e2e-'));
  const { child, url, output } = spawnServe({ ...env, WORKBENCH_HOME: home });
  const address = await url;
  return {
    child,
    workbench: { url: address, origin: new URL(address).origin, home, output },
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** `workbench`: a fresh browser-mode app per test; `workbenchEnv` adds environment for it. */
export const test = base.extend<{ workbenchEnv: NodeJS.ProcessEnv; workbench: Workbench }>({
  workbenchEnv: [{}, { option: true }],
  workbench: async ({ workbenchEnv }, use) => {
    const { child, workbench, cleanup } = await startWorkbench(workbenchEnv);
    await use(workbench);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    cleanup();
  },
});

export { expect } from '@playwright/test';
