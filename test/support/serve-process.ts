import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const repoRoot = new URL('../..', import.meta.url).pathname;
/** The built CLI, as `npm start` runs it. */
export const cliPath = join(repoRoot, 'dist/node/cli.cjs');

/**
 * Starts `workbench serve --port 0 …args` and resolves `url` with the URL it prints. Everything
 * the server prints is kept (and its stderr still shown), so tests can check what reaches logs.
 */
export function spawnServe(
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): { child: ChildProcess; url: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    chunks.push(chunk.toString());
    process.stderr.write(chunk);
  });
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      chunks.push(`${line}\n`);
      const match = /serving at (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`workbench serve exited with ${code}; is dist/ built (npm run build)?`)));
  });
  return { child, url, output: () => chunks.join('') };
}
