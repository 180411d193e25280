import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where the Electron binary is, or why there is none. */
export type ElectronLookup = { found: true; binary: string } | { found: false; reason: string };

/**
 * Finds the Electron binary without `require('electron')`, which would try to download it
 * (and hang or fail offline). npm's script policy in this project leaves the download to
 * `npm run desktop:install`.
 */
export function findElectronBinary(root: string): ElectronLookup {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed (npm install)' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      found: false,
      reason: "Electron's binary has not been downloaded (run `npm run desktop:install` with internet access)",
    };
  }
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { found: true, binary } : { found: false, reason: `Electron's binary is missing at ${binary}` };
}
