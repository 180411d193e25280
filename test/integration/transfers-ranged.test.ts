import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadPrefix, listObjects, type DownloadOptions } from '../../electron/core/transfers/downloader';
import { liveHashWorkers } from '../../electron/core/transfers/hash-pool';
import { TransferJournal } from '../../electron/core/transfers/journal';
import { RANGED_DOWNLOAD_BYTES } from '../../electron/core/transfers/ranged-download';
import { uploadFiles } from '../../electron/core/transfers/uploader';
import { allFiles, openTransfersFixture, seedObjects } from '../support/transfers-fixture';

const MiB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let f: Awaited<ReturnType<typeof openTransfersFixture>>;
/** The large objects uploaded, key → bytes. */
const objects = new Map<string, Buffer>();
/** The ETags the first listing gave, key → ETag. */
const etags = new Map<string, string>();

/** Uploads `data` under `key` with the workbench's uploader: multipart in `partSize` parts, or one PUT when null. */
async function upload(key: string, data: Buffer, partSize: number | null): Promise<void> {
  const src = join(f.home, 'upload.bin');
  writeFileSync(src, data);
  await uploadFiles({
    client: f.client,
    endpoint: f.endpoint,
    bucket: 'bucket1',
    files: [{ path: src, key, size: data.length, mtimeMs: 0 }],
    journal: new TransferJournal(join(f.home, `j-up-${objects.size}.jsonl`)),
    multipartSupported: true,
    maxPutBytes: 5 * 1024 ** 3,
    onMultipartUnsupported: async () => undefined,
    onMaxPut: () => undefined,
    multipartThreshold: partSize ?? 1024 * MiB,
    partSize: partSize ?? undefined,
  });
  objects.set(key, data);
}

/** Downloads with a fresh journal; `peakWorkers` records the most hashing threads seen while it ran. */
function download(name: string, more: Partial<DownloadOptions> = {}) {
  const peak = { workers: 0 };
  const run = downloadPrefix({
    target: f.target,
    bucket: 'bucket1',
    prefix: 'ds/rg/',
    destination: join(f.home, name),
    journal: new TransferJournal(join(f.home, `j-${name}.jsonl`)),
    partTag: 't',
    ...more,
    onProgress: (m) => {
      peak.workers = Math.max(peak.workers, liveHashWorkers());
      more.onProgress?.(m);
    },
  });
  return { run, peak };
}

const fileSums = (dir: string) =>
  new Map(
    allFiles(dir).flatMap((n) => (statSync(join(dir, n)).isFile() ? [[n, sha256(readFileSync(join(dir, n)))] as const] : [])),
  );

/** Every large object's bytes are in `dir` under its name, and no temporary file is. */
function expectLargeObjectsIn(dir: string): void {
  const got = fileSums(dir);
  for (const [key, data] of objects) expect(got.get(key.slice('ds/rg/'.length)), key).toBe(sha256(data));
  expect([...got.keys()].filter((n) => n.includes('.part-'))).toEqual([]);
}

beforeAll(async () => {
  f = await openTransfersFixture();
  expect(RANGED_DOWNLOAD_BYTES).toBeLessThanOrEqual(33 * MiB);
  await upload('ds/rg/a-8mib-parts.bin', randomBytes(40 * MiB), 8 * MiB);
  // 5 parts: 7 and 8 MiB both give 5, so the part size is asked of the lab (HEAD ?partNumber=1).
  await upload('ds/rg/b-7mib-parts.bin', randomBytes(33 * MiB), 7 * MiB);
  // 5 parts: 8 MiB is the only common size that fits, and it is wrong; the lab's answer settles it.
  await upload('ds/rg/c-9mib-parts.bin', randomBytes(40 * MiB), 9 * MiB);
  await upload('ds/rg/d-single-put.bin', randomBytes(34 * MiB + 17), null);
  // Small objects in the same download keep their own path and share the pool.
  await seedObjects(f.client, 'ds/rg/e-small/', 3, 50_000);
}, 120_000);
afterAll(async () => f?.close());

describe('large objects are downloaded as parallel ranges, verified on hashing threads', () => {
  it('downloads multipart objects of any part size and a single-PUT object byte for byte, each check counted', async () => {
    for (const o of await listObjects(f.target, 'bucket1', 'ds/rg/')) etags.set(o.key, o.etag);
    expect(etags.get('ds/rg/d-single-put.bin')).not.toContain('-');
    const { run, peak } = download('dl-good', { concurrency: 8 });
    const summary = await run;
    // md5: the single-PUT object and the 3 small ones; parts: the 3 multipart ones, none left unsettled.
    expect(summary.checks).toEqual({ md5: 4, parts: 3, 'size-and-parts': 0 });
    expectLargeObjectsIn(join(f.home, 'dl-good'));
    expect(allFiles(join(f.home, 'dl-good', 'e-small'))).toHaveLength(3);
    expect(peak.workers).toBeGreaterThan(0);
    expect(liveHashWorkers()).toBe(0);
  });

  it('cancel aborts every range in flight and leaves no file, and the same download run again completes', async () => {
    const controller = new AbortController();
    const { run } = download('dl-cancel', {
      concurrency: 4,
      signal: controller.signal,
      // No object is whole at 10 MiB (the smallest large one is 33 MiB and the small ones come last).
      onProgress: (m) => m.bytes >= 10 * MiB && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(allFiles(join(f.home, 'dl-cancel'))).toEqual([]);
    expect(liveHashWorkers()).toBe(0);

    const again = await download('dl-cancel', { concurrency: 4 }).run;
    expect(again.checks).toEqual({ md5: 4, parts: 3, 'size-and-parts': 0 });
    expectLargeObjectsIn(join(f.home, 'dl-cancel'));
    expect(liveHashWorkers()).toBe(0);
  });

  it('refuses an object replaced since its listing (If-Match on every range): nothing is written', async () => {
    const key = 'ds/rg-replaced/x.bin';
    await f.client.send(new PutObjectCommand({ Bucket: 'bucket1', Key: key, Body: randomBytes(33 * MiB) }));
    const stale = await listObjects(f.target, 'bucket1', 'ds/rg-replaced/');
    // Same size, other bytes: only the ETag tells the versions apart.
    await f.client.send(new PutObjectCommand({ Bucket: 'bucket1', Key: key, Body: randomBytes(33 * MiB) }));
    const destination = join(f.home, 'dl-replaced');
    await expect(download('dl-replaced', { prefix: 'ds/rg-replaced/', objects: stale }).run).rejects.toThrow(
      new RegExp(`${key} failed: PreconditionFailed`),
    );
    expect(allFiles(destination)).toEqual([]);
    expect(liveHashWorkers()).toBe(0);
  });

  it.each([
    ['a multipart object', 'ds/rg/a-8mib-parts.bin', 'the MD5s of its 8388608-byte parts'],
    ['a single-part object', 'ds/rg/d-single-put.bin', 'MD5 [0-9a-f]{32} ≠ ETag'],
  ])('refuses %s whose bytes changed behind S3 (same size, same ETag): no file under any name', async (_, key, detail) => {
    flipByteBehindS3(key, 30 * MiB + 5);
    const listed = (await listObjects(f.target, 'bucket1', 'ds/rg/')).filter((o) => o.key === key);
    expect(listed.map((o) => o.etag)).toEqual([etags.get(key)]);
    const name = `dl-bad-${key.slice('ds/rg/'.length, -4)}`;
    await expect(download(name, { objects: listed }).run).rejects.toThrow(
      new RegExp(`^Downloaded ${key} does not match its ETag: ${detail}`),
    );
    expect(allFiles(join(f.home, name))).toEqual([]);
    expect(liveHashWorkers()).toBe(0);
  });
});

/** Flips one byte of an object's file in the lab's volume, keeping size and mtime, so the lab still answers the old ETag. */
function flipByteBehindS3(key: string, at: number): void {
  const onDisk = join(f.lab.volumes.root(f.vol1.uuid), key);
  const before = statSync(onDisk, { bigint: true });
  const fd = openSync(onDisk, 'r+');
  const byte = Buffer.alloc(1);
  readSync(fd, byte, 0, 1, at);
  byte[0] = byte[0]! ^ 0x40;
  writeSync(fd, byte, 0, 1, at);
  closeSync(fd);
  // utimes takes a double of seconds, which loses the nanoseconds the lab compares; GNU touch does not.
  const ns = before.mtimeNs;
  execFileSync('touch', ['-m', '-d', `@${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`, onDisk]);
  expect(statSync(onDisk, { bigint: true }).mtimeNs).toBe(before.mtimeNs);
}
