import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The default bound on the thumbnail cache: 256 MiB. */
export const DEFAULT_THUMBNAIL_CACHE_BYTES = 256 * 1024 ** 2;

/** Bytes each thumbnail folder is known to hold, so a write does not rescan it until it may be over its bound. */
const tallies = new Map<string, number>();

/** A cached thumbnail's bytes, marking it used (its mtime) so eviction is least recently used first; null when absent. */
export async function readThumbnailFile(file: string): Promise<Buffer | null> {
  const bytes = await readFile(file).catch(() => null);
  if (bytes) {
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
  }
  return bytes;
}

/**
 * Stores a thumbnail atomically (temporary name, then rename), then keeps the folder within
 * `maxBytes` by removing the least recently used thumbnails down to 90 % of the bound. A cache
 * that cannot be written only costs speed next time, so write failures are swallowed.
 */
export async function writeThumbnailFile(dir: string, file: string, data: Buffer, maxBytes: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch {
    await rm(tmp, { force: true });
    return;
  }
  const known = tallies.get(dir);
  const used = known === undefined ? await folderBytes(dir) : known + data.length;
  tallies.set(dir, used);
  if (used > maxBytes) tallies.set(dir, await evictThumbnails(dir, Math.floor(maxBytes * 0.9)));
}

/** Removes the least recently used thumbnails until the folder holds at most `targetBytes`; answers the bytes left. */
export async function evictThumbnails(dir: string, targetBytes: number): Promise<number> {
  const files = await thumbnailFiles(dir);
  let used = files.reduce((n, f) => n + f.size, 0);
  for (const f of files.sort((a, b) => a.mtimeMs - b.mtimeMs)) {
    if (used <= targetBytes) break;
    await rm(f.path, { force: true });
    used -= f.size;
  }
  return used;
}

async function folderBytes(dir: string): Promise<number> {
  return (await thumbnailFiles(dir)).reduce((n, f) => n + f.size, 0);
}

async function thumbnailFiles(dir: string): Promise<{ path: string; size: number; mtimeMs: number }[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.jpg'));
  const out = await Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      const st = await stat(path).catch(() => null);
      return st ? { path, size: st.size, mtimeMs: st.mtimeMs } : null;
    }),
  );
  return out.filter((f): f is { path: string; size: number; mtimeMs: number } => f !== null);
}
