import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cancelledError, WorkbenchError } from '../errors';

/** A file of a local tree: its path relative to the tree's root ("/"-separated), size and modification time. */
export interface TreeFile {
  path: string;
  size: number;
  mtimeMs: number;
  /** Listed over S3: the object's ETag, which then decides equal content instead of reading it. */
  etag?: string;
}

/**
 * Every regular file under `root`, sorted by path. `.snapshot` at the root is left out (an ONTAP
 * volume's snapshots are not its files); symbolic links are not followed, so nothing outside the
 * tree is read.
 */
export async function walkTree(root: string, signal?: AbortSignal): Promise<TreeFile[]> {
  const out: TreeFile[] = [];
  const visit = async (dir: string, rel: string) => {
    if (signal?.aborted) throw cancelledError('Listing the files');
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (rel === '' && entry.name === '.snapshot') continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await visit(join(dir, entry.name), path);
      else if (entry.isFile()) {
        const st = await stat(join(dir, entry.name));
        out.push({ path, size: st.size, mtimeMs: st.mtimeMs });
      }
    }
  };
  const root0 = await lstat(root).catch(() => null);
  // A snapshot's folder may itself be a link (the lab's `.snapshot/<name>`); the root is followed, nothing under it.
  if (!root0 || !(root0.isDirectory() || (root0.isSymbolicLink() && (await stat(root).catch(() => null))?.isDirectory())))
    throw new WorkbenchError('NOT_FOUND', `Folder ${root} does not exist.`, {
      hint: 'Check that the volume is mounted there and the dataset’s folder exists in this version.',
    });
  await visit(root, '');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The SHA-256 of a file, hex. */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(
    createReadStream(path),
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) hash.update(chunk);
      yield* [];
    },
    { signal },
  );
  return hash.digest('hex');
}

/**
 * Copies one file to `target` and verifies it: the SHA-256 and size of the bytes read must equal
 * those of the file written (read back), and the size the source's; only then is it renamed into
 * place, so a file under its final name is always complete. Answers the SHA-256.
 */
export async function copyVerified(source: string, target: string, expectedSize: number, signal?: AbortSignal): Promise<string> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.part`;
  const readHash = createHash('sha256');
  let readBytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      readHash.update(chunk);
      readBytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(source), tap, createWriteStream(tmp), { signal });
    const read = readHash.digest('hex');
    const written = await sha256File(tmp, signal);
    const size = (await stat(tmp)).size;
    if (read !== written || size !== readBytes || size !== expectedSize)
      throw new WorkbenchError('INTERNAL', `The copy of ${source} does not match what was read (size or SHA-256).`, {
        hint: 'The disk may be failing or the file changed while it was copied; run again.',
        details: { source, expectedSize, size },
      });
    await rename(tmp, target);
    return read;
  } catch (err) {
    await rm(tmp, { force: true });
    if (signal?.aborted) throw cancelledError('Copying the dataset');
    throw err;
  }
}

/** `path` ("/"-separated, relative) under `root`, refusing ".." so nothing lands outside it. */
export function under(root: string, path: string): string {
  const parts = path.split('/');
  if (!path || parts.some((p) => p === '..' || p === '.' || p === '' || p.includes(sep)))
    throw new WorkbenchError('INVALID_INPUT', `File ${path} cannot be copied under ${root}.`);
  return join(root, ...parts);
}
