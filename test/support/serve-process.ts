import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const repoRoot = new URL('../..', import.meta.url).pathname;
/** The built CLI, as `npm start` runs it. */
export const cliPath = join(repoRoot, 'dist/node/cli.cjs');

/** Starts `workbench serve --port 0 …args` and resolves `url` with the URL it prints. */
export function spawnServe(env: NodeJS.ProcessEnv, args: string[] = []): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /serving at (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`workbench serve exited with ${code}; is dist/ built (npm run build)?`)));
  });
  return { child, url };
}
