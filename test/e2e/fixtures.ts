import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base } from '@playwright/test';

const repoRoot = new URL('../..', import.meta.url).pathname;

/** A running `workbench serve` with its own fresh WORKBENCH_HOME. */
export interface Workbench {
  url: string;
  origin: string;
  home: string;
}

/** Starts the built CLI in browser mode, as a user would, and resolves with the URL it prints. */
async function startWorkbench(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; workbench: Workbench; cleanup: () => void }> {
  const home = mkdtempSync(join(tmpdir(), 'workbench-e2e-'));
  const child = spawn(process.execPath, [join(repoRoot, 'dist/node/cli.cjs'), 'serve', '--port', '0'], {
    env: { ...process.env, ...env, WORKBENCH_HOME: home },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /serving at (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`workbench serve exited with ${code}; is dist/ built (npm run build)?`)));
  });
  return {
    child,
    workbench: { url, origin: new URL(url).origin, home },
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
