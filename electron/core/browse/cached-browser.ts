import { readFile, stat } from 'node:fs/promises';
import type { BrowseListPage, ObjectEntry } from '../../../shared/datasets';
import type { CachedObject } from '../dataset-cache/cache-index';
import type { DatasetCache } from '../dataset-cache/dataset-cache';
import { WorkbenchError } from '../errors';
import { entryName, typeFromName, type ListRequest, type ObjectDetails, type SourceBrowser } from './source-browser';

/** An object's details with whether its bytes are read from a complete cached dataset version. */
export type CachedDetails = ObjectDetails & { cached: boolean };

/**
 * Wraps an S3 source's browser so previews read from the local dataset cache when present: an
 * object whose key and ETag a complete cached version holds is read from that local copy instead
 * of the network; when the endpoint cannot be reached at all, the newest cached copy of the key
 * is served (its details say `cached: true`), and an uncached key still fails as unreachable.
 */
export class CachedBrowser implements SourceBrowser {
  /** Local copies found by `details`, so the `read` that follows reads the same bytes. */
  private readonly local = new Map<string, CachedObject>();

  constructor(
    private readonly inner: SourceBrowser,
    private readonly cache: DatasetCache,
    private readonly endpoint: string,
  ) {}

  buckets(signal?: AbortSignal): Promise<{ name: string; createdAt: string | null }[]> {
    return this.inner.buckets(signal);
  }

  list(request: ListRequest, signal?: AbortSignal): Promise<BrowseListPage> {
    return this.inner.list(request, signal);
  }

  walk(bucket: string, prefix: string, signal?: AbortSignal): AsyncIterable<ObjectEntry[]> {
    return this.inner.walk(bucket, prefix, signal);
  }

  async details(bucket: string, key: string, signal?: AbortSignal): Promise<CachedDetails> {
    let details: ObjectDetails;
    try {
      details = await this.inner.details(bucket, key, signal);
    } catch (err) {
      if (!(err instanceof WorkbenchError) || err.code !== 'S3_UNREACHABLE') throw err;
      const hit = this.cache.findCached({ endpoint: this.endpoint, bucket, key });
      if (!hit) throw err;
      this.local.set(`${bucket}\0${key}`, hit);
      const st = await stat(hit.file);
      return {
        key,
        name: entryName(key),
        size: hit.size,
        lastModified: st.mtime.toISOString(),
        etag: hit.etag,
        contentType: typeFromName(key),
        metadata: {},
        cached: true,
      };
    }
    const hit = this.cache.findCached({ endpoint: this.endpoint, bucket, key, etag: details.etag });
    if (hit) this.local.set(`${bucket}\0${key}`, hit);
    return { ...details, cached: hit !== null };
  }

  async read(bucket: string, key: string, signal?: AbortSignal): Promise<Buffer> {
    // Only a copy `details` matched (same ETag, or the endpoint unreachable) is read: never a guess.
    const hit = this.local.get(`${bucket}\0${key}`);
    if (hit) {
      const bytes = await readFile(hit.file).catch(() => null);
      // A copy of another size was changed or cut on disk: the network has the real bytes.
      if (bytes && bytes.length === hit.size) return bytes;
    }
    return this.inner.read(bucket, key, signal);
  }

  close(): void {
    this.inner.close();
  }
}
