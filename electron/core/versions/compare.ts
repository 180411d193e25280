import { join } from 'node:path';
import type { Comparison, FileChange } from '../../../shared/versions';
import { sha256File, walkTree, type TreeFile } from '../dataset-cache/folder-copy';

/**
 * The difference between two trees' files. A file is `changed` when its size differs, or when its
 * size is equal but its modification time is not and its SHA-256 differs (so a file rewritten with
 * the same bytes is not reported); equal size and time count as unchanged without reading.
 */
export async function compareTrees(
  fromDir: string,
  toDir: string,
  labels: { from: string; to: string },
  signal?: AbortSignal,
): Promise<Comparison> {
  const [from, to] = await Promise.all([walkTree(fromDir, signal), walkTree(toDir, signal)]);
  const sameBytes = (a: TreeFile, b: TreeFile) =>
    Promise.all([sha256File(join(fromDir, a.path), signal), sha256File(join(toDir, b.path), signal)]).then(([x, y]) => x === y);
  return diffListings(from, to, labels, sameBytes);
}

/** Equal content: by ETag when both were listed over S3, else by time and then bytes. */
async function same(a: TreeFile, b: TreeFile, sameBytes: (a: TreeFile, b: TreeFile) => Promise<boolean>): Promise<boolean> {
  if (a.etag !== undefined && b.etag !== undefined) return a.etag === b.etag;
  return a.mtimeMs === b.mtimeMs || sameBytes(a, b);
}

/** The diff of two sorted listings; `sameBytes` settles files of equal size and different times. */
export async function diffListings(
  from: TreeFile[],
  to: TreeFile[],
  labels: { from: string; to: string },
  sameBytes: (a: TreeFile, b: TreeFile) => Promise<boolean>,
): Promise<Comparison> {
  const before = new Map(from.map((f) => [f.path, f]));
  const files: FileChange[] = [];
  let unchanged = 0;
  for (const b of to) {
    const a = before.get(b.path);
    before.delete(b.path);
    if (!a) files.push({ path: b.path, change: 'added', fromSize: null, toSize: b.size });
    else if (a.size !== b.size || !(await same(a, b, sameBytes)))
      files.push({ path: b.path, change: 'changed', fromSize: a.size, toSize: b.size });
    else unchanged += 1;
  }
  for (const a of before.values()) files.push({ path: a.path, change: 'removed', fromSize: a.size, toSize: null });
  files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  const count = (c: FileChange['change']) => files.filter((f) => f.change === c).length;
  return { ...labels, added: count('added'), removed: count('removed'), changed: count('changed'), unchanged, files };
}
