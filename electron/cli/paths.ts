import { join, resolve } from 'node:path';

/** Where the installed app's parts live, relative to the bundled CLI in `dist/node/`. */
export function appPaths(bundleDir: string = __dirname) {
  const root = resolve(bundleDir, '..', '..');
  return {
    root,
    resourcesDir: join(root, 'resources'),
    rendererDir: join(root, 'dist', 'renderer'),
    mainEntry: join(root, 'dist', 'node', 'main.cjs'),
  };
}
