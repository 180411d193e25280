import { constants, createReadStream, createWriteStream, type Stats } from 'node:fs';
import { copyFile, link, lstat, mkdir, opendir, readdir, rm, stat, utimes } from 'node:fs/promises';
import { createHash, randomUUID } from 'node:crypto';
import { dirname, join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';

/** The directory at a volume's root that shows its snapshots, as on ONTAP's NFS exports. */
export const SNAPSHOT_DIR = '.snapshot';
/** S3 keys are at most 1,024 bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;

/** A key that cannot name a file in the tree. */
export class BadKeyError extends Error {
  constructor(
    readonly s3Code: 'InvalidArgument' | 'KeyTooLong' | 'AccessDenied',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Maps an S3 key to a path under `root`, refusing what would escape the tree or touch the
 * snapshot directory: `..` and `.` segments, empty segments, NUL bytes, over-long keys. Reads
 * (`readOnly`) may go under `.snapshot/<name>/`, as listings already show those keys.
 */
export function keyToPath(root: string, key: string, readOnly = false): string {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new BadKeyError('KeyTooLong', 'Your key is too long');
  if (key.length === 0 || key.includes('\0')) throw new BadKeyError('InvalidArgument', 'Invalid key');
  const segments = key.split('/');
  const last = segments.at(-1) === '' ? segments.length - 1 : segments.length; // "dir/" names a directory
  for (const [i, s] of segments.entries()) {
    if (i < last && (s === '' || s === '.' || s === '..'))
      throw new BadKeyError('InvalidArgument', `Invalid key: segment "${s}" is not allowed`);
  }
  if (segments[0] === SNAPSHOT_DIR && !readOnly) throw new BadKeyError('AccessDenied', 'The .snapshot directory is read-only');
  return join(root, ...segments.slice(0, last));
}

/** Compares keys as S3 orders them: by UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** One file found by `walk`. */
export interface TreeEntry {
  key: string;
  path: string;
  stats: Stats;
}

/**
 * Yields every file under `root` whose key starts with `prefix`, in S3 key order, reading only
 * the directories the prefix can reach. Directories sort as "name/" among their siblings so the
 * order matches the keys' byte order.
 */
export async function* walk(root: string, prefix = '', startAfter = ''): AsyncGenerator<TreeEntry> {
  const slash = prefix.lastIndexOf('/');
  const base = slash >= 0 ? prefix.slice(0, slash + 1) : '';
  yield* walkDir(root, base, prefix, startAfter);
}

async function* walkDir(root: string, dirKey: string, prefix: string, startAfter: string): AsyncGenerator<TreeEntry> {
  let names: string[];
  try {
    names = await readdir(join(root, dirKey));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
    throw err;
  }
  const entries: { sortKey: string; key: string; path: string; stats: Stats }[] = [];
  for (const name of names) {
    if (dirKey === '' && name === SNAPSHOT_DIR) continue;
    const key = dirKey + name;
    const path = join(root, key);
    let stats: Stats;
    try {
      stats = await lstat(path);
    } catch {
      continue; // removed while we looked
    }
    if (stats.isSymbolicLink()) continue;
    const sortKey = stats.isDirectory() ? `${key}/` : key;
    // Skip what the prefix rules out, and whole directories that end before startAfter.
    if (!(sortKey.startsWith(prefix) || prefix.startsWith(sortKey))) continue;
    if (startAfter && !startAfter.startsWith(sortKey) && compareKeys(sortKey, startAfter) < 0) continue;
    entries.push({ sortKey, key, path, stats });
  }
  entries.sort((a, b) => compareKeys(a.sortKey, b.sortKey));
  for (const e of entries) {
    if (e.stats.isDirectory()) yield* walkDir(root, e.sortKey, prefix, startAfter);
    else if (e.stats.isFile() && e.key.startsWith(prefix) && (!startAfter || compareKeys(e.key, startAfter) > 0)) {
      yield { key: e.key, path: e.path, stats: e.stats };
    }
  }
}

/** What a finished write produced. */
export interface WrittenFile {
  tmpPath: string;
  size: number;
  md5: string;
}

/** A body larger than allowed; carries the limit. */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body exceeds ${limit} bytes`);
  }
}

/**
 * Streams a body into a new temporary file in `tmpDir` (same file system as the trees, so the
 * caller can rename it into place atomically), computing its MD5 and refusing more than
 * `maxBytes`. The file is fsynced before this resolves; on failure it is removed.
 */
export async function writeTemp(
  tmpDir: string,
  body: Readable | Buffer,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<WrittenFile> {
  const tmpPath = join(tmpDir, `${randomUUID()}.part`);
  const hash = createHash('md5');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new TooLargeError(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const out = createWriteStream(tmpPath, { flags: 'wx', flush: true });
  try {
    const source: Readable = Buffer.isBuffer(body) ? (await import('node:stream')).Readable.from([body]) : body;
    await pipeline(source, meter, out, { signal });
  } catch (err) {
    // A stream destroyed while its file is still being opened creates the file afterwards: wait for
    // it to close, or the temp file would appear after we removed it.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    await rm(tmpPath, { force: true });
    throw err;
  }
  return { tmpPath, size, md5: hash.digest('hex') };
}

/** MD5 of a file, as hex. */
export async function md5File(path: string): Promise<string> {
  const hash = createHash('md5');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Creates a file's parent directories. */
export async function ensureParent(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
}

/**
 * Makes `dst` a copy of the tree at `src` without copying file data: a reflink (copy-on-write
 * clone) where the file system has them, else a hard link. Either way the lab's write path
 * replaces files instead of writing into them, so a later write to one tree never shows in the
 * other. Skips the root's `.snapshot`. Returns the bytes the tree holds and whether reflinks were used.
 */
export async function shareTree(src: string, dst: string): Promise<{ bytes: number; files: number; reflinks: boolean }> {
  let reflinks: boolean | null = null;
  let bytes = 0;
  let files = 0;
  const shareFile = async (from: string, to: string, st: Stats) => {
    if (reflinks !== false) {
      try {
        await copyFile(from, to, constants.COPYFILE_FICLONE_FORCE);
        await utimes(to, st.atime, st.mtime); // a snapshot keeps its files' times
        reflinks = true;
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (reflinks === true || !['ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EINVAL', 'ENOSYS'].includes(code ?? '')) throw err;
        reflinks = false;
      }
    }
    await link(from, to);
  };
  const copyDir = async (from: string, to: string, isRoot: boolean) => {
    await mkdir(to, { recursive: true });
    const dir = await opendir(from);
    const pending: Promise<void>[] = [];
    for await (const entry of dir) {
      if (isRoot && entry.name === SNAPSHOT_DIR) continue;
      const a = join(from, entry.name);
      const b = join(to, entry.name);
      if (entry.isDirectory()) await copyDir(a, b, false);
      else if (entry.isFile()) {
        const st = await stat(a);
        bytes += st.size;
        files++;
        pending.push(shareFile(a, b, st));
        if (pending.length >= 64) await Promise.all(pending.splice(0));
      }
    }
    await Promise.all(pending);
  };
  await copyDir(src, dst, true);
  return { bytes, files, reflinks: reflinks === true };
}

/** Bytes of file data under a tree (the root's `.snapshot` excluded). */
export async function treeBytes(root: string): Promise<number> {
  let total = 0;
  for await (const e of walk(root)) total += e.stats.size;
  return total;
}

/** True when `path` lies inside `root` (both absolute, normalised). */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
