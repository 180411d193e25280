import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { ListedObject } from '../transfers/listing';
import { localPathFor } from '../transfers/downloader';
import { readMeta, versionPaths } from './version-files';

/** An object held by a complete cached version: where its verified bytes lie on local disk. */
export interface CachedObject {
  versionId: string;
  endpoint: string;
  bucket: string;
  key: string;
  etag: string;
  size: number;
  /** The local file holding the object's bytes. */
  file: string;
}

/** What `findCached` looks for; without an ETag, the most recently used complete version holding the key answers. */
export interface CachedObjectQuery {
  endpoint: string;
  bucket: string;
  key: string;
  etag?: string;
}

/** An endpoint as versions are keyed by it: without trailing slashes. */
export const normalEndpoint = (endpoint: string): string => endpoint.replace(/\/+$/, '');

const slot = (endpoint: string, bucket: string, key: string) => `${normalEndpoint(endpoint)}\0${bucket}\0${key}`;

/** Reads a version's manifest (the listing it was filled from), or null when it has none. */
export function readManifest(path: string): ListedObject[] | null {
  if (!existsSync(path)) return null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as ListedObject[]) : null;
  } catch {
    return null;
  }
}

/**
 * An in-memory index of the objects every complete version holds, keyed by endpoint, bucket and
 * key, built once from the versions' manifests and updated as versions complete or go. Only
 * complete versions are ever added, so a lookup never answers a file still being filled.
 */
export class CacheIndex {
  private readonly bySlot = new Map<string, CachedObject[]>();
  private readonly byVersion = new Map<string, string[]>();
  private built = false;

  constructor(private readonly cacheDir: string) {}

  /** The cached object matching the query, if a complete version holds it. */
  find(q: CachedObjectQuery): CachedObject | null {
    this.build();
    const hits = this.bySlot.get(slot(q.endpoint, q.bucket, q.key)) ?? [];
    return hits.find((h) => q.etag === undefined || h.etag === q.etag) ?? null;
  }

  /** Adds a version that just completed (reading its manifest). */
  add(versionId: string): void {
    if (!this.built) return; // the first lookup reads every version anyway
    this.load(versionId);
  }

  /** Forgets a removed version. */
  drop(versionId: string): void {
    for (const s of this.byVersion.get(versionId) ?? []) {
      const left = (this.bySlot.get(s) ?? []).filter((h) => h.versionId !== versionId);
      if (left.length) this.bySlot.set(s, left);
      else this.bySlot.delete(s);
    }
    this.byVersion.delete(versionId);
  }

  private build(): void {
    if (this.built) return;
    this.built = true;
    for (const d of readdirSync(this.cacheDir, { withFileTypes: true })) if (d.isDirectory()) this.load(d.name);
  }

  private load(versionId: string): void {
    const p = versionPaths(this.cacheDir, versionId);
    const meta = readMeta(p.meta);
    const objects = meta && existsSync(p.complete) ? readManifest(p.manifest) : null;
    if (!meta || !objects) return;
    this.drop(versionId);
    const slots: string[] = [];
    for (const o of objects) {
      let file: string;
      try {
        file = localPathFor(p.files, meta.prefix, o.key);
      } catch {
        continue; // a key the downloader refused to save has no local copy
      }
      const s = slot(meta.endpoint, meta.bucket, o.key);
      const entry: CachedObject = {
        versionId,
        endpoint: meta.endpoint,
        bucket: meta.bucket,
        key: o.key,
        etag: o.etag,
        size: o.size,
        file,
      };
      // Newest first: a version completed later is the likelier current one when no ETag is given.
      this.bySlot.set(s, [entry, ...(this.bySlot.get(s) ?? [])]);
      slots.push(s);
    }
    this.byVersion.set(versionId, slots);
  }
}
