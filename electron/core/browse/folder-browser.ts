import { opendir, readdir, readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { FOLDER_BUCKET, type BrowseListPage, type ObjectEntry } from '../../../shared/datasets';
import { cancelledError, WorkbenchError } from '../errors';
import { entryName, typeFromName, type ListRequest, type ObjectDetails, type SourceBrowser } from './source-browser';

/** A local-folder listing token: the last key of the page, so pages stay right while files change. */
export function encodeToken(lastKey: string): string {
  return Buffer.from(JSON.stringify({ after: lastKey }), 'utf8').toString('base64url');
}

/** Reads a token back; one not issued for this prefix is refused with what to do. */
export function decodeToken(token: string, prefix: string): string {
  let after: unknown;
  try {
    after = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown }).after;
  } catch {
    after = undefined;
  }
  if (typeof after !== 'string' || !after.startsWith(prefix)) {
    throw new WorkbenchError('INVALID_INPUT', 'The continuation token does not belong to this listing.', {
      hint: 'List the folder again from the start and pass back the nextToken it answers.',
    });
  }
  return after;
}

/** One page of sorted keys after `after` (keys of folders end in "/"), and the token for the next. */
export function pageKeys(
  sortedKeys: string[],
  after: string | null,
  maxKeys: number,
): { keys: string[]; nextToken: string | null } {
  let start = 0;
  if (after !== null) {
    // Binary search: the first key strictly after the token's key.
    let lo = 0;
    let hi = sortedKeys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedKeys[mid]! <= after) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const keys = sortedKeys.slice(start, start + maxKeys);
  const more = start + maxKeys < sortedKeys.length;
  return { keys, nextToken: more && keys.length ? encodeToken(keys.at(-1)!) : null };
}

/** The path of a key or prefix inside the folder; "..", "." and empty segments are refused so nothing escapes it. */
export function pathInFolder(root: string, keyOrPrefix: string): string {
  const segments = keyOrPrefix.split('/');
  if (keyOrPrefix.endsWith('/')) segments.pop();
  if (segments.some((s) => s === '' || s === '.' || s === '..') && keyOrPrefix !== '') {
    throw new WorkbenchError('INVALID_INPUT', `"${keyOrPrefix}" is not a path inside the folder.`, {
      hint: 'Use folder names separated by "/", without "." or "..".',
    });
  }
  return keyOrPrefix === '' ? root : join(root, ...segments);
}

function fsError(err: unknown, what: string): never {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    throw new WorkbenchError('NOT_FOUND', `${what} does not exist.`, { hint: 'It may have been moved or deleted; refresh.' });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    throw new WorkbenchError('INVALID_INPUT', `${what} cannot be read: permission denied.`, {
      hint: 'Give your user read access to it, or choose another folder.',
    });
  }
  throw err;
}

function entry(key: string, st: Stats): ObjectEntry {
  return {
    key,
    name: entryName(key),
    size: st.size,
    lastModified: st.mtime.toISOString(),
    // Size and modification time stand in for an ETag: they change when the file does.
    etag: `${st.size}-${Math.floor(st.mtimeMs)}`,
  };
}

interface DirListing {
  /** The directory's change time when it was read: adding, removing or renaming an entry changes it. */
  changed: number;
  kinds: Map<string, 'folder' | 'file'>;
  sorted: string[];
}

// Scrolling a folder of a million files asks for a thousand pages; reading and sorting the
// directory once (until it changes) instead of once per page keeps each page cheap.
const recentListings = new Map<string, DirListing>();
const RECENT_LISTINGS = 8;

/** A directory's entries as keys under `prefix`, sorted as S3 sorts keys; reused while the directory is unchanged. */
export async function sortedEntries(dir: string, prefix: string): Promise<DirListing> {
  const st = await stat(dir).catch((err: unknown) => fsError(err, `Folder ${dir}`));
  const cacheKey = `${dir}\0${prefix}`;
  const cached = recentListings.get(cacheKey);
  if (cached && cached.changed === st.ctimeMs + st.mtimeMs) return cached;
  const dirents = await readdir(dir, { withFileTypes: true }).catch((err: unknown) => fsError(err, `Folder ${dir}`));
  const kinds = new Map<string, 'folder' | 'file'>();
  for (const d of dirents) {
    // A link is followed to see what it points at; a broken one is left out.
    const isDir = d.isSymbolicLink() ? (await stat(join(dir, d.name)).catch(() => null))?.isDirectory() : d.isDirectory();
    if (isDir === undefined) continue;
    if (isDir) kinds.set(`${prefix}${d.name}/`, 'folder');
    else if (d.isFile() || d.isSymbolicLink()) kinds.set(`${prefix}${d.name}`, 'file');
  }
  // Code-unit order, as S3 sorts keys, so a page token means the same on both kinds of source.
  const sorted = [...kinds.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const listing = { changed: st.ctimeMs + st.mtimeMs, kinds, sorted };
  recentListings.delete(cacheKey);
  recentListings.set(cacheKey, listing);
  if (recentListings.size > RECENT_LISTINGS) recentListings.delete(recentListings.keys().next().value!);
  return listing;
}

/** Browses a local folder in the S3 shape: one bucket (".") whose keys are relative paths. */
export class FolderBrowser implements SourceBrowser {
  constructor(readonly root: string) {}

  async buckets(): Promise<{ name: string; createdAt: string | null }[]> {
    const st = await stat(this.root).catch((err: unknown) => fsError(err, `Folder ${this.root}`));
    return [{ name: FOLDER_BUCKET, createdAt: st.birthtime.toISOString() }];
  }

  async list(request: ListRequest, signal?: AbortSignal): Promise<BrowseListPage> {
    this.checkBucket(request.bucket);
    const { prefix } = request;
    const dir = pathInFolder(this.root, prefix);
    const { kinds, sorted } = await sortedEntries(dir, prefix);
    const after = request.continuationToken ? decodeToken(request.continuationToken, prefix) : null;
    const page = pageKeys(sorted, after, request.maxKeys);
    const folders = [];
    const objects: ObjectEntry[] = [];
    for (const key of page.keys) {
      if (signal?.aborted) throw cancelledError('The listing');
      if (kinds.get(key) === 'folder') folders.push({ prefix: key, name: entryName(key) });
      else {
        const st = await stat(join(dir, entryName(key))).catch(() => null);
        if (st?.isFile()) objects.push(entry(key, st));
      }
    }
    return { folders, objects, nextToken: page.nextToken };
  }

  async *walk(bucket: string, prefix: string, signal?: AbortSignal): AsyncIterable<ObjectEntry[]> {
    this.checkBucket(bucket);
    const pending = [prefix];
    let batch: ObjectEntry[] = [];
    while (pending.length) {
      const at = pending.pop()!;
      const path = pathInFolder(this.root, at);
      const dir = await opendir(path).catch((err: unknown) => fsError(err, `Folder ${at || this.root}`));
      for await (const d of dir) {
        if (signal?.aborted) throw cancelledError('The listing');
        if (d.isDirectory()) pending.push(`${at}${d.name}/`);
        else if (d.isFile()) {
          const st = await stat(join(path, d.name)).catch(() => null);
          if (st) batch.push(entry(`${at}${d.name}`, st));
          if (batch.length >= 1000) {
            yield batch;
            batch = [];
          }
        }
      }
    }
    if (batch.length) yield batch;
  }

  async details(bucket: string, key: string): Promise<ObjectDetails> {
    this.checkBucket(bucket);
    const path = pathInFolder(this.root, key);
    const st = await stat(path).catch((err: unknown) => fsError(err, `File ${key}`));
    if (!st.isFile()) throw new WorkbenchError('NOT_FOUND', `${key} is a folder, not a file.`, { hint: 'Open it instead.' });
    return { ...entry(key, st), contentType: typeFromName(key), metadata: {} };
  }

  async read(bucket: string, key: string): Promise<Buffer> {
    this.checkBucket(bucket);
    return readFile(pathInFolder(this.root, key)).catch((err: unknown) => fsError(err, `File ${key}`));
  }

  close(): void {}

  private checkBucket(bucket: string): void {
    if (bucket !== FOLDER_BUCKET) {
      throw new WorkbenchError('INVALID_INPUT', `A local folder has one bucket, "${FOLDER_BUCKET}", not "${bucket}".`, {
        hint: `Pass bucket "${FOLDER_BUCKET}" for local folders.`,
      });
    }
  }
}
