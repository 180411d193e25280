import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What is recorded about one cached version, next to its files. */
export interface VersionMeta {
  id: string;
  endpoint: string;
  bucket: string;
  prefix: string;
  bytes: number;
  files: number;
  lastUsed: string;
}

/**
 * The folders and files of one cached version: `files/` (the data), `version.json`, `manifest.json`
 * (the listing: keys, sizes, ETags), `complete` (written last).
 */
export function versionPaths(cacheDir: string, id: string) {
  const dir = join(cacheDir, id);
  return {
    dir,
    files: join(dir, 'files'),
    meta: join(dir, 'version.json'),
    manifest: join(dir, 'manifest.json'),
    complete: join(dir, 'complete'),
    journal: join(dir, 'journal.jsonl'),
  };
}

/** Reads a version's record, or null when it is missing or unreadable (a fill cut short before it). */
export function readMeta(path: string): VersionMeta | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as VersionMeta;
  } catch {
    return null;
  }
}

/** Writes a small file atomically, so a crash leaves the old one or the new one. */
export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
