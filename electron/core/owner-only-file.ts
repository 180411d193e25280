import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes `content` to `path` readable and writable by its owner only (0600), atomically: a reader
 * sees the old file or the new one, never half of one, even if the process dies mid-write. With
 * `exclusive`, fails with EEXIST instead of replacing an existing file.
 */
export async function writeOwnerOnlyFile(path: string, content: string, options: { exclusive?: boolean } = {}): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    // The umask may have narrowed the mode; chmod makes it exactly owner read/write whatever it was.
    await handle.chmod(0o600);
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (options.exclusive) await link(temp, path);
    else await rename(temp, path);
  } finally {
    // After a rename the temporary name is gone already; after a link (or a failure) it is removed here.
    await unlink(temp).catch(() => undefined);
  }
  await syncDirectory(dirname(path));
}

/** Reads a file written by writeOwnerOnlyFile. */
export function readOwnerOnlyFile(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

// The rename is durable only once the directory entry is on disk too; some filesystems refuse, which is harmless.
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
