import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, statSync } from 'node:fs';
import { cancelledError } from '../errors';
import { join } from 'node:path';
import type { CacheLimits, CacheStatus, CachedVersion } from '../../../shared/transfers';
import { downloadPrefix, listObjects, type DownloadSummary } from '../transfers/downloader';
import { TransferJournal } from '../transfers/journal';
import type { TransferMeter } from '../transfers/progress';
import type { S3Target } from '../transfers/s3-access';
import { CacheIndex, type CachedObject, type CachedObjectQuery } from './cache-index';
import { copyVerified, under, walkTree } from './folder-copy';
import { versionIdOf } from './version-id';
import { readMeta, versionPaths, writeAtomic, type VersionMeta } from './version-files';

/** Limits used until the user sets their own: 20 GiB, and a day for a version nobody reads. */
export const DEFAULT_CACHE_LIMITS: CacheLimits = { maxBytes: 20 * 1024 ** 3, expiryHours: 24 };

/** What filling a version needs. */
export interface FillRequest {
  target: S3Target;
  bucket: string;
  prefix: string;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (meter: TransferMeter) => void;
}

/**
 * What filling a version from a local folder needs: the folder (a snapshot's `.snapshot/<name>/<path>`
 * or a local dataset folder), the version's id, and how it is described in the cache's list.
 */
export interface FolderFillRequest {
  /** 24 hex digits: the key of the version (connection/svm/volume/snapshot uuid/path, or a folder's listing). */
  id: string;
  sourceDir: string;
  /** How the cache describes it: e.g. endpoint `ontap://local-lab/svm1/vol1`, bucket `<snapshot>`, prefix `dataset/tyre/`. */
  endpoint: string;
  bucket: string;
  prefix: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, message: string) => void;
}

/**
 * The local cache of dataset versions under `<dataDir>/cache/<versionId>/`. A version is filled by
 * the verified downloader and marked complete only by a `complete` file written after every file
 * was verified; until then it is never served. Versions unused for `expiryHours` expire, and the
 * least recently used go first when the cache is over `maxBytes`. `now` is injectable for tests.
 */
export class DatasetCache {
  readonly dir: string;
  private readonly filling = new Map<string, Promise<CachedVersion>>();
  private readonly index: CacheIndex;

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.dir = join(dataDir, 'cache');
    mkdirSync(this.dir, { recursive: true });
    this.index = new CacheIndex(this.dir);
  }

  /** The size limit and expiry in force. */
  limits(): CacheLimits {
    try {
      return {
        ...DEFAULT_CACHE_LIMITS,
        ...(JSON.parse(readFileSync(join(this.dir, 'limits.json'), 'utf8')) as Partial<CacheLimits>),
      };
    } catch {
      return DEFAULT_CACHE_LIMITS;
    }
  }

  /** Sets the limits and applies them at once. */
  setLimits(limits: CacheLimits): CacheStatus {
    writeAtomic(join(this.dir, 'limits.json'), `${JSON.stringify(limits)}\n`);
    this.evict();
    return this.status();
  }

  /** The gauge: used bytes, the limit, free disk, and every version, most recently used first. */
  status(): CacheStatus {
    const versions = this.versions().sort((a, b) => b.lastUsed.localeCompare(a.lastUsed));
    const { maxBytes, expiryHours } = this.limits();
    const fs = statfsSync(this.dir);
    return {
      usedBytes: versions.reduce((n, v) => n + v.bytes, 0),
      maxBytes,
      expiryHours,
      diskFreeBytes: fs.bavail * fs.bsize,
      versions,
    };
  }

  /**
   * Caches the version the prefix holds now and answers it once complete. A version already
   * complete is only touched; one being filled by another caller is waited for, not filled twice.
   */
  async fill(r: FillRequest): Promise<CachedVersion & { summary: DownloadSummary | null }> {
    const objects = await listObjects(r.target, r.bucket, r.prefix, r.signal);
    const id = versionIdOf(r.target.endpoint, r.bucket, r.prefix, objects);
    const ready = this.open(id);
    if (ready) return { ...this.describe(id)!, summary: null };
    const running = this.filling.get(id);
    if (running) return { ...(await running), summary: null };
    const p = versionPaths(this.dir, id);
    let summary: DownloadSummary | null = null;
    const work = (async () => {
      mkdirSync(p.files, { recursive: true });
      const meta: VersionMeta = {
        id,
        endpoint: r.target.endpoint,
        bucket: r.bucket,
        prefix: r.prefix,
        bytes: objects.reduce((n, o) => n + o.size, 0),
        files: objects.length,
        lastUsed: new Date(this.now()).toISOString(),
      };
      writeAtomic(p.meta, `${JSON.stringify(meta)}\n`);
      // The listing, so previews can find an object's local copy by key and ETag once the version is complete.
      writeAtomic(p.manifest, JSON.stringify(objects.map((o) => ({ key: o.key, size: o.size, etag: o.etag }))));
      summary = await downloadPrefix({
        target: r.target,
        bucket: r.bucket,
        prefix: r.prefix,
        destination: p.files,
        journal: new TransferJournal(p.journal),
        partTag: id.slice(0, 8),
        objects,
        concurrency: r.concurrency,
        signal: r.signal,
        onProgress: r.onProgress,
      });
      // Written last: its presence is the only thing that lets the version be served.
      writeAtomic(p.complete, `${new Date(this.now()).toISOString()}\n`);
      rmSync(p.journal, { force: true });
      this.index.add(id);
      return this.describe(id)!;
    })();
    this.filling.set(id, work);
    try {
      const done = await work;
      this.evict(id);
      return { ...done, summary };
    } finally {
      this.filling.delete(id);
    }
  }

  /**
   * Caches the files of a local folder as version `id` and answers the folder of the copy. Each file
   * is copied and verified (size and SHA-256 of what was read against what was written); files a
   * cut-short fill already verified are kept; `complete` is written last. A version already complete
   * is only touched, and one being filled by another caller is waited for.
   */
  async fillFromFolder(r: FolderFillRequest): Promise<string> {
    if (!/^[0-9a-f]{24}$/.test(r.id)) throw new Error(`bad version id ${r.id}`);
    const ready = this.open(r.id);
    if (ready) return ready;
    const running = this.filling.get(r.id);
    if (running) {
      await running;
      return versionPaths(this.dir, r.id).files;
    }
    const p = versionPaths(this.dir, r.id);
    const work = (async () => {
      const files = await walkTree(r.sourceDir, r.signal);
      mkdirSync(p.files, { recursive: true });
      const meta: VersionMeta = {
        id: r.id,
        endpoint: r.endpoint,
        bucket: r.bucket,
        prefix: r.prefix,
        bytes: files.reduce((n, f) => n + f.size, 0),
        files: files.length,
        lastUsed: new Date(this.now()).toISOString(),
      };
      writeAtomic(p.meta, `${JSON.stringify(meta)}\n`);
      const manifest: { key: string; size: number; etag: string }[] = [];
      let done = 0;
      const queue = [...files];
      const worker = async () => {
        for (let f = queue.shift(); f; f = queue.shift()) {
          if (r.signal?.aborted) throw cancelledError('Copying the dataset version');
          const target = under(p.files, f.path);
          const existing = statSync(target, { throwIfNoEntry: false });
          // A file under its final name was verified by an earlier, cut-short fill.
          const etag =
            existing?.size === f.size
              ? `${f.size}-kept`
              : await copyVerified(under(r.sourceDir, f.path), target, f.size, r.signal);
          manifest.push({ key: `${r.prefix}${f.path}`, size: f.size, etag });
          done += 1;
          if (done % 25 === 0 || done === files.length)
            r.onProgress?.(done, files.length, `Copied ${done} of ${files.length} files`);
        }
      };
      await Promise.all(Array.from({ length: Math.min(4, Math.max(files.length, 1)) }, worker));
      writeAtomic(p.manifest, JSON.stringify(manifest.sort((a, b) => (a.key < b.key ? -1 : 1))));
      // Written last: its presence is the only thing that lets the version be served.
      writeAtomic(p.complete, `${new Date(this.now()).toISOString()}\n`);
      this.index.add(r.id);
      return this.describe(r.id)!;
    })();
    this.filling.set(r.id, work);
    try {
      await work;
      this.evict(r.id);
      return p.files;
    } finally {
      this.filling.delete(r.id);
    }
  }

  /** The folder of a complete version's files, touching its last use; null while it is incomplete or absent. */
  open(versionId: string): string | null {
    const p = versionPaths(this.dir, versionId);
    const meta = readMeta(p.meta);
    if (!meta || !existsSync(p.complete)) return null;
    writeAtomic(p.meta, `${JSON.stringify({ ...meta, lastUsed: new Date(this.now()).toISOString() })}\n`);
    return p.files;
  }

  /**
   * The local copy of an S3 object that a complete version holds with the same ETag (without an
   * ETag: the newest complete version holding the key, for when the endpoint cannot be asked).
   * A hit counts as a use of its version. Answers from an in-memory index, never an incomplete version.
   */
  findCached(q: CachedObjectQuery): CachedObject | null {
    const hit = this.index.find(q);
    if (!hit) return null;
    if (!existsSync(versionPaths(this.dir, hit.versionId).complete)) {
      this.index.drop(hit.versionId); // removed behind our back (another process)
      return this.findCached(q);
    }
    this.touch(hit.versionId);
    return hit;
  }

  /** Marks a complete version used now; skipped when it was marked less than a minute ago (previews read many files). */
  private touch(versionId: string): void {
    const p = versionPaths(this.dir, versionId);
    const meta = readMeta(p.meta);
    if (!meta || this.now() - Date.parse(meta.lastUsed) < 60_000) return;
    writeAtomic(p.meta, `${JSON.stringify({ ...meta, lastUsed: new Date(this.now()).toISOString() })}\n`);
  }

  /** Drops a version (not one being filled); false when there was none. */
  remove(versionId: string): boolean {
    if (!/^[0-9a-f]{24}$/.test(versionId) || this.filling.has(versionId)) return false;
    const p = versionPaths(this.dir, versionId);
    if (!existsSync(p.dir)) return false;
    this.index.drop(versionId);
    rmSync(p.dir, { recursive: true, force: true });
    return true;
  }

  /**
   * Removes versions unused for longer than the expiry, then the least recently used complete ones
   * until the cache fits its size limit. `keep` (the version just filled) is never evicted here.
   */
  evict(keep?: string): string[] {
    const { maxBytes, expiryHours } = this.limits();
    const removed: string[] = [];
    const cutoff = this.now() - expiryHours * 3600_000;
    const candidates = this.versions().filter((v) => v.id !== keep && !this.filling.has(v.id));
    for (const v of candidates) {
      if (Date.parse(v.lastUsed) < cutoff && this.remove(v.id)) removed.push(v.id);
    }
    let used = this.versions().reduce((n, v) => n + v.bytes, 0);
    const lru = candidates.filter((v) => !removed.includes(v.id)).sort((a, b) => a.lastUsed.localeCompare(b.lastUsed));
    for (const v of lru) {
      if (used <= maxBytes) break;
      if (this.remove(v.id)) {
        removed.push(v.id);
        used -= v.bytes;
      }
    }
    return removed;
  }

  private describe(id: string): CachedVersion | null {
    const p = versionPaths(this.dir, id);
    const meta = readMeta(p.meta);
    if (!meta) return null;
    return {
      id,
      endpoint: meta.endpoint,
      bucket: meta.bucket,
      prefix: meta.prefix,
      bytes: meta.bytes,
      files: meta.files,
      lastUsed: meta.lastUsed,
      complete: existsSync(p.complete),
    };
  }

  private versions(): CachedVersion[] {
    return readdirSync(this.dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => this.describe(d.name))
      .filter((v): v is CachedVersion => v !== null);
  }
}
