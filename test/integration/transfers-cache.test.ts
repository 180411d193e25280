import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetCache } from '../../electron/core/dataset-cache/dataset-cache';
import { md5, openTransfersFixture, seedObjects, treeSums } from '../support/transfers-fixture';

let f: Awaited<ReturnType<typeof openTransfersFixture>>;
let clock = Date.parse('2026-01-01T00:00:00Z');
const now = () => clock;
const HOUR = 3600_000;
const sums: Record<string, Map<string, string>> = {};

beforeAll(async () => {
  f = await openTransfersFixture({ now });
  for (const p of ['a', 'b', 'c']) sums[p] = await seedObjects(f.client, `cache/${p}/`, 5, 10_000);
  sums.big = await seedObjects(f.client, 'cache/big/', 6, 2 * 1024 * 1024);
});
afterAll(async () => f?.close());

const fill = (cache: DatasetCache, prefix: string, signal?: AbortSignal, onProgress?: () => void) =>
  cache.fill({ target: f.target, bucket: 'bucket1', prefix, signal, onProgress, concurrency: 1 });
const local = (m: Map<string, string>, prefix: string) => new Map([...m].map(([k, v]) => [k.slice(prefix.length), v]));

describe('the dataset version cache', () => {
  it('fills a version with verified files, marks it complete last, and serves it (touching lastUsed)', async () => {
    const cache = new DatasetCache(join(f.home, 'c1'), now);
    const v = await fill(cache, 'cache/a/');
    expect(v).toMatchObject({ complete: true, files: 5, bytes: 50_000, prefix: 'cache/a/' });
    const dir = cache.open(v.id)!;
    expect(treeSums(dir)).toEqual(local(sums.a!, 'cache/a/'));
    expect(existsSync(join(cache.dir, v.id, 'complete'))).toBe(true);
    clock += HOUR;
    cache.open(v.id);
    expect(cache.status().versions[0]!.lastUsed).toBe(new Date(clock).toISOString());
    // The same listing is the same version: a second fill downloads nothing.
    expect((await fill(cache, 'cache/a/')).summary).toBeNull();
  });

  it('never serves a version whose fill was cancelled; the next fill resumes and completes it', async () => {
    const cache = new DatasetCache(join(f.home, 'c2'), now);
    const controller = new AbortController();
    await expect(fill(cache, 'cache/big/', controller.signal, () => controller.abort())).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    const [partial] = cache.status().versions;
    expect(partial).toMatchObject({ complete: false });
    expect(cache.open(partial!.id)).toBeNull();
    const done = await fill(cache, 'cache/big/');
    expect(done.id).toBe(partial!.id);
    expect(treeSums(cache.open(done.id)!)).toEqual(local(sums.big!, 'cache/big/'));
  });

  it('finds an object’s local copy by endpoint, bucket, key and ETag in complete versions only', async () => {
    const cache = new DatasetCache(join(f.home, 'c7'), now);
    const controller = new AbortController();
    await expect(fill(cache, 'cache/big/', controller.signal, () => controller.abort())).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    const bigKey = 'cache/big/obj-0000.bin';
    const bigEtag = sums.big!.get(bigKey)!;
    expect(cache.findCached({ endpoint: f.endpoint, bucket: 'bucket1', key: bigKey, etag: bigEtag })).toBeNull();
    const v = await fill(cache, 'cache/a/');
    const key = 'cache/a/obj-0001.bin';
    const etag = sums.a!.get(key)!;
    clock += HOUR;
    const hit = cache.findCached({ endpoint: `${f.endpoint}/`, bucket: 'bucket1', key, etag });
    expect(hit).toMatchObject({ versionId: v.id, key, etag, size: 10_000 });
    expect(md5(readFileSync(hit!.file))).toBe(etag);
    expect(cache.status().versions.find((x) => x.id === v.id)!.lastUsed).toBe(new Date(clock).toISOString());
    expect(cache.findCached({ endpoint: f.endpoint, bucket: 'bucket1', key, etag: 'f'.repeat(32) })).toBeNull();
    expect(cache.findCached({ endpoint: f.endpoint, bucket: 'bucket2', key, etag })).toBeNull();
    // A second cache over the same folder builds its index from the manifests on disk.
    expect(new DatasetCache(join(f.home, 'c7'), now).findCached({ endpoint: f.endpoint, bucket: 'bucket1', key })).toMatchObject({
      versionId: v.id,
    });
    cache.remove(v.id);
    expect(cache.findCached({ endpoint: f.endpoint, bucket: 'bucket1', key, etag })).toBeNull();
  });

  it('makes a new version when an object changes', async () => {
    const cache = new DatasetCache(join(f.home, 'c3'), now);
    const before = await fill(cache, 'cache/c/');
    await f.client.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'cache/c/obj-0000.bin', Body: 'changed' }));
    const after = await fill(cache, 'cache/c/');
    expect(after.id).not.toBe(before.id);
  });

  it('evicts the least recently used version over the size limit (reads count as use)', async () => {
    const cache = new DatasetCache(join(f.home, 'c4'), now);
    cache.setLimits({ maxBytes: 120_000, expiryHours: 24 });
    const a = await fill(cache, 'cache/a/');
    clock += 1000;
    const b = await fill(cache, 'cache/b/');
    clock += 1000;
    cache.open(a.id); // a is now more recently used than b
    clock += 1000;
    const c = await fill(cache, 'cache/c/'); // 3 versions no longer fit: the least recently used goes
    const ids = cache.status().versions.map((v) => v.id);
    expect(ids.sort()).toEqual([a.id, c.id].sort());
    expect(ids).not.toContain(b.id);
    expect(existsSync(join(cache.dir, b.id))).toBe(false);
    // Lowering the limit evicts at once, keeping the most recently used.
    expect(cache.setLimits({ maxBytes: 50_000, expiryHours: 24 }).versions.map((v) => v.id)).toEqual([c.id]);
  });

  it('expires versions unused for longer than the expiry (default one day)', async () => {
    const cache = new DatasetCache(join(f.home, 'c6'), now);
    expect(cache.limits().expiryHours).toBe(24);
    const a = await fill(cache, 'cache/a/');
    clock += 23 * HOUR;
    expect(cache.evict()).toEqual([]);
    clock += 2 * HOUR;
    expect(cache.evict()).toEqual([a.id]);
    expect(cache.status().versions).toEqual([]);
  });

  it('runs as cache.fill jobs with byte progress; cache.status and cache.remove through the handlers', async () => {
    const { jobId } = await f.handlers['cache.fill']({ profileId: f.profile.id, bucket: 'bucket1', prefix: 'cache/a/' });
    expect(await f.jobs.waitFor(jobId)).toMatchObject({ state: 'succeeded', unit: 'bytes', done: 50_000 });
    const status = await f.handlers['cache.status']({});
    expect(status).toMatchObject({ usedBytes: 50_000, expiryHours: 24 });
    expect(status.diskFreeBytes).toBeGreaterThan(0);
    expect(await f.handlers['cache.remove']({ versionId: status.versions[0]!.id })).toEqual({ removed: true });
    await expect(f.handlers['cache.remove']({ versionId: status.versions[0]!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
