// Bundles the node side (CLI, Electron main, preload) with esbuild; types are checked by `npm run typecheck`.
// Packages stay external (native modules must load from node_modules); the sandboxed preload is
// self-contained because a sandboxed preload cannot require anything but 'electron'.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/cli/index.ts'],
    outfile: 'dist/node/cli.cjs',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'dist/node/main.cjs', packages: 'external' }),
  build({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist/node/preload.cjs',
    external: ['electron'],
    minify: true,
  }),
]);
