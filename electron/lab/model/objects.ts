import { closeSync, createReadStream, fstatSync, mkdirSync, openSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { LabContext } from './context';
import { BadKeyError, ensureParent, keyToPath, md5File, TooLargeError, walk, writeTemp } from './file-tree';
import { S3Error, s3Errors } from './s3-errors';
import type { LabS3Config } from './s3-config';
import type { LabVolumes } from './volumes';
import type { S3Bucket, S3User, Volume } from './types';

/** An object as S3 describes it. */
export interface ObjectInfo {
  key: string;
  size: number;
  /** Hex MD5, or MD5-of-MD5s with "-N" for multipart objects; without quotes. */
  etag: string;
  lastModified: Date;
  contentType: string;
  userMeta: Record<string, string>;
  /** The sizes of a multipart object's parts, in order, when the lab completed it; absent otherwise. */
  partSizes?: number[];
}

/** What a put takes besides the body. */
export interface PutOptions {
  user: S3User;
  contentType?: string;
  userMeta?: Record<string, string>;
  /** The declared length, to refuse early what cannot fit. */
  contentLength?: number;
  /** Base64 Content-MD5 to check the body against. */
  contentMd5?: string;
  /** A completed multipart upload's part sizes, kept to answer `?partNumber=N`. */
  partSizes?: number[];
  signal?: AbortSignal;
}

/** A listing page. */
export interface ListResult {
  contents: ObjectInfo[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned; the continuation point. */
  last: string | null;
}

/** S3's content type for objects stored without one. */
export const DEFAULT_TYPE = 'binary/octet-stream';

/** Maps file-system errors on a key to what S3 answers. */
export function keyError(err: unknown, key: string): never {
  if (err instanceof BadKeyError) throw new S3Error(err.s3Code, err.message, err.s3Code === 'AccessDenied' ? 403 : 400);
  if (err instanceof TooLargeError) throw s3Errors.entityTooLarge(err.limit);
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') throw s3Errors.noSuchKey(key);
  if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'ENOTEMPTY') {
    throw s3Errors.invalidRequest(`Key "${key}" conflicts with a directory or file of the same name in the volume.`);
  }
  throw err;
}

/**
 * Objects of buckets as files of volumes. Every write goes to a temporary file on the same file
 * system and is renamed into place only when complete and verified, in one synchronous step with
 * its metadata, so readers and snapshots never see a partial object, and a kill -9 leaves only a
 * temporary file that the next start removes.
 */
export class LabObjects {
  constructor(
    private readonly ctx: LabContext,
    private readonly volumes: LabVolumes,
    private readonly s3: LabS3Config,
  ) {}

  /** The volume and directory a bucket's keys live under. */
  location(bucket: S3Bucket): { volume: Volume; root: string } {
    const volume = this.volumes.get(bucket.volume.uuid);
    if (bucket.type === 'nas') {
      const at = this.volumes.atPath(bucket.svm.uuid, bucket.nas_path ?? '/');
      if (!at) throw new S3Error('NoSuchBucket', `The NAS path of bucket "${bucket.name}" is no longer a junction path.`, 404);
      return { volume: at.volume, root: join(this.volumes.root(at.volume.uuid), at.subdir) };
    }
    return { volume, root: this.volumes.root(volume.uuid) };
  }

  /**
   * NAS buckets run S3 requests as the user's UNIX identity against the volume's permissions,
   * so a volume at 755 owned by root refuses PutObject to an ordinary S3 user (the well-known
   * AccessDenied that `PATCH nas.unix_permissions` fixes).
   */
  private checkUnix(volume: Volume, user: S3User, access: 'read' | 'write'): void {
    if (user.uid === 0) return;
    const mode = volume.nas.unix_permissions;
    const shift = user.uid === volume.nas.uid ? 6 : user.gid === volume.nas.gid ? 3 : 0;
    const bit = access === 'read' ? 4 : 2;
    if (!((mode >> shift) & bit)) {
      throw s3Errors.accessDenied(
        access === 'write'
          ? `Access Denied: UNIX permissions ${mode.toString(8)} of volume "${volume.name}" do not let user "${user.name}" (uid ${user.uid}) write.`
          : 'Access Denied',
      );
    }
  }

  /** Checks the policy and, for NAS buckets, the UNIX permissions; throws AccessDenied. */
  authorize(user: S3User, action: string, bucket: S3Bucket, key?: string): void {
    if (!this.s3.allows(user, action, bucket, key)) throw s3Errors.accessDenied();
    if (bucket.type !== 'nas') return;
    const write = /Put|Delete|Abort|Multipart(?!Upload)/.test(action) && action !== 's3:ListMultipartUploadParts';
    this.checkUnix(this.location(bucket).volume, user, write ? 'write' : 'read');
  }

  private info(tree: string, key: string, path: string, st: Stats): ObjectInfo | Promise<ObjectInfo> {
    const meta = this.ctx.store.getMeta(tree, key);
    const base = {
      key,
      size: st.size,
      lastModified: st.mtime,
      contentType: meta?.contentType ?? DEFAULT_TYPE,
      userMeta: meta?.userMeta ?? {},
    };
    if (meta && meta.size === st.size && meta.mtimeMs === st.mtimeMs)
      return { ...base, etag: meta.etag, ...(meta.partSizes ? { partSizes: meta.partSizes } : {}) };
    // Written by something other than S3 (seeded data, a direct edit): hash once and remember.
    return md5File(path).then((etag) => {
      this.ctx.store.putMeta(tree, key, {
        etag,
        size: st.size,
        mtimeMs: st.mtimeMs,
        contentType: meta?.contentType ?? null,
        userMeta: meta?.userMeta ?? {},
      });
      return { ...base, etag };
    });
  }

  /** The file a key names under a bucket's root, or the S3 error for a key that cannot be one. */
  pathFor(root: string, key: string): string {
    try {
      return keyToPath(root, key);
    } catch (err) {
      keyError(err, key);
    }
  }

  /** Writes an object, replacing any previous one atomically. */
  async put(bucket: S3Bucket, key: string, body: Readable | Buffer, options: PutOptions): Promise<ObjectInfo> {
    const { volume, root } = this.location(bucket);
    const path = this.pathFor(root, key);
    const service = this.s3.requireService(bucket.svm.uuid);
    const limit = service.lab.max_put_bytes;
    if (options.contentLength !== undefined) {
      if (options.contentLength > limit) throw s3Errors.entityTooLarge(limit);
      this.checkSpace(volume, path, options.contentLength);
    }
    if (key.endsWith('/')) {
      await mkdir(path, { recursive: true }).catch((err: unknown) => keyError(err, key));
      return {
        key,
        size: 0,
        etag: createHash('md5').digest('hex'),
        lastModified: new Date(),
        contentType: options.contentType ?? DEFAULT_TYPE,
        userMeta: {},
      };
    }
    await mkdir(this.ctx.tmpDir, { recursive: true });
    const written = await writeTemp(this.ctx.tmpDir, body, limit, options.signal).catch((err: unknown) => keyError(err, key));
    try {
      if (options.contentLength !== undefined && written.size !== options.contentLength) throw s3Errors.incompleteBody();
      if (options.contentMd5 && Buffer.from(written.md5, 'hex').toString('base64') !== options.contentMd5)
        throw s3Errors.badDigest();
      await ensureParent(path).catch((err: unknown) => keyError(err, key));
      return this.commit(bucket, volume, root, key, path, written.tmpPath, written.size, written.md5, options);
    } catch (err) {
      await rm(written.tmpPath, { force: true });
      throw err;
    }
  }

  /** Throws InsufficientStorage when `size` bytes at `path` would not fit; returns the size it replaces. */
  checkSpace(volume: Volume, path: string, size: number): number {
    let old = 0;
    try {
      old = statSync(path).size;
    } catch {
      // a new object
    }
    const available = this.volumes.available(volume.uuid);
    if (size - old > available) throw s3Errors.insufficientStorage(volume.name, size, available + old);
    return old;
  }

  /** The one step that makes an object visible: rename and metadata together, with no await in between. */
  commit(
    bucket: S3Bucket,
    volume: Volume,
    root: string,
    key: string,
    path: string,
    tmp: string,
    size: number,
    etag: string,
    options: PutOptions,
  ): ObjectInfo {
    const old = this.checkSpace(volume, path, size);
    try {
      mkdirSync(dirname(path), { recursive: true });
      renameSync(tmp, path);
    } catch (err) {
      keyError(err, key);
    }
    const st = statSync(path);
    const tree = this.treeId(bucket, volume, root, key);
    const contentType = options.contentType ?? DEFAULT_TYPE;
    const userMeta = options.userMeta ?? {};
    const partSizes = options.partSizes?.length ? { partSizes: options.partSizes } : {};
    this.ctx.store.putMeta(tree.id, tree.key, { etag, size, mtimeMs: st.mtimeMs, contentType, userMeta, ...partSizes });
    this.volumes.addUsed(volume.uuid, size - old);
    return { key, size, etag, lastModified: st.mtime, contentType, userMeta, ...partSizes };
  }

  /** Metadata is keyed by the volume and the path within it, so every bucket on a volume agrees. */
  private treeId(bucket: S3Bucket, volume: Volume, root: string, key: string): { id: string; key: string } {
    const volRoot = this.volumes.root(volume.uuid);
    const sub = root.length > volRoot.length ? root.slice(volRoot.length + 1) + '/' : '';
    return { id: volume.uuid, key: sub + key };
  }

  /**
   * Opens an object for reading by file descriptor; the descriptor keeps reading the same bytes even
   * if the object is replaced meanwhile. The caller closes it (`closeSync`, or a read stream's
   * autoClose). Open and fstat are synchronous on purpose: they are page-cache hits of a few
   * microseconds, and for the many small objects of a dataset the promise API's FileHandle and two
   * thread-pool round trips cost the lab more CPU per GET than the system calls (bench/sync.ts).
   */
  async open(bucket: S3Bucket, key: string): Promise<{ info: ObjectInfo; fd: number }> {
    const { volume, root } = this.location(bucket);
    let path: string;
    try {
      path = keyToPath(root, key, true);
    } catch (err) {
      keyError(err, key);
    }
    if (key.endsWith('/')) throw s3Errors.noSuchKey(key);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      keyError(err, key);
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw s3Errors.noSuchKey(key);
      const tree = this.treeId(bucket, volume, root, key);
      const meta = this.ctx.store.getMeta(tree.id, tree.key);
      let etag: string;
      let partSizes: number[] | undefined;
      if (meta && meta.size === st.size && meta.mtimeMs === st.mtimeMs) {
        etag = meta.etag;
        partSizes = meta.partSizes;
      } else {
        const hash = createHash('md5');
        for await (const chunk of createReadStream('', { fd, start: 0, autoClose: false })) hash.update(chunk as Buffer);
        etag = hash.digest('hex');
      }
      const info = {
        key,
        size: st.size,
        etag,
        lastModified: st.mtime,
        contentType: meta?.contentType ?? DEFAULT_TYPE,
        userMeta: meta?.userMeta ?? {},
        ...(partSizes ? { partSizes } : {}),
      };
      return { info, fd };
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /** An object's description without its body. */
  async head(bucket: S3Bucket, key: string): Promise<ObjectInfo> {
    const { info, fd } = await this.open(bucket, key);
    closeSync(fd);
    return info;
  }

  /** Deletes an object; deleting a missing key succeeds, as in S3. */
  async delete(bucket: S3Bucket, key: string): Promise<void> {
    const { volume, root } = this.location(bucket);
    const path = this.pathFor(root, key);
    let size: number;
    try {
      const st = statSync(path);
      if (st.isDirectory()) {
        if (key.endsWith('/') && (await readdir(path)).length === 0) rmSync(path, { recursive: false, force: true });
        return;
      }
      size = st.size;
      rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const tree = this.treeId(bucket, volume, root, key);
    this.ctx.store.deleteMeta(tree.id, tree.key);
    this.volumes.addUsed(volume.uuid, -size);
  }

  /** One page of a bucket's keys, with common prefixes under a delimiter (S3 ListObjects semantics). */
  async list(
    bucket: S3Bucket,
    opts: { prefix?: string; delimiter?: string; startAfter?: string; maxKeys?: number },
  ): Promise<ListResult> {
    const { volume, root } = this.location(bucket);
    const prefix = opts.prefix ?? '';
    const delimiter = opts.delimiter ?? '';
    const maxKeys = Math.max(0, Math.min(opts.maxKeys ?? 1000, 1000));
    const startAfter = opts.startAfter ?? '';
    const contents: ObjectInfo[] = [];
    const prefixes: string[] = [];
    let last: string | null = null;
    const skipUnder = startAfter && delimiter && startAfter.endsWith(delimiter) ? startAfter : null;
    if (maxKeys === 0) return { contents, commonPrefixes: prefixes, isTruncated: false, last };
    for await (const entry of walk(root, prefix, startAfter)) {
      if (skipUnder && entry.key.startsWith(skipUnder)) continue;
      let item: string = entry.key;
      let common: string | null = null;
      if (delimiter) {
        const at = entry.key.indexOf(delimiter, prefix.length);
        if (at >= 0) common = entry.key.slice(0, at + delimiter.length);
      }
      if (common !== null) {
        if (prefixes.at(-1) === common) continue;
        item = common;
      }
      if (contents.length + prefixes.length >= maxKeys) return { contents, commonPrefixes: prefixes, isTruncated: true, last };
      if (common !== null) prefixes.push(common);
      else {
        const tree = this.treeId(bucket, volume, root, entry.key);
        const info = await this.info(tree.id, tree.key, entry.path, entry.stats);
        contents.push({ ...info, key: entry.key });
      }
      last = item;
    }
    return { contents, commonPrefixes: prefixes, isTruncated: false, last };
  }

  /** Copies an object (within or across buckets) through the same verified write path. */
  async copy(
    src: S3Bucket,
    srcKey: string,
    dst: S3Bucket,
    dstKey: string,
    options: PutOptions & { replaceMeta: boolean },
  ): Promise<ObjectInfo> {
    const { info, fd } = await this.open(src, srcKey);
    // The stream owns the descriptor: destroying it closes it once no read is in flight.
    const stream = createReadStream('', { fd, start: 0, autoClose: true });
    try {
      return await this.put(dst, dstKey, stream, {
        ...options,
        contentLength: info.size,
        contentType: options.replaceMeta ? options.contentType : info.contentType,
        userMeta: options.replaceMeta ? options.userMeta : info.userMeta,
      });
    } finally {
      stream.destroy();
    }
  }
}
