import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The folder name under the XDG data home. */
export const DATA_DIR_NAME = 'ontap-mlops-workbench';

/**
 * Where the app keeps its data: `WORKBENCH_HOME` when set (tests use a fresh one each),
 * else `$XDG_DATA_HOME/ontap-mlops-workbench`, else `~/.local/share/ontap-mlops-workbench`.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WORKBENCH_HOME) return resolve(env.WORKBENCH_HOME);
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(xdg, DATA_DIR_NAME);
}

/** Creates the data directory, readable by its owner only, and returns it. */
export function ensureDataDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Where the app keeps what it can rebuild (drawn sample images…): `$XDG_CACHE_HOME/ontap-mlops-workbench`, else `~/.cache/…`. */
export function resolveCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(xdg, DATA_DIR_NAME);
}
