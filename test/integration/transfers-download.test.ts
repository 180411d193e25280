import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/jobs';
import { allFiles, openTransfersFixture, seedObjects, treeSums } from '../support/transfers-fixture';

let f: Awaited<ReturnType<typeof openTransfersFixture>>;
let small: Map<string, string>;

beforeAll(async () => {
  f = await openTransfersFixture();
  small = await seedObjects(f.client, 'ds/small/', 40, 20_000);
});
afterAll(async () => f?.close());

const local = (sums: Map<string, string>, prefix: string) => new Map([...sums].map(([k, v]) => [k.slice(prefix.length), v]));

describe('transfers.download against the lab', () => {
  it('downloads a prefix with every file equal to the object (MD5 = ETag) and progress in bytes with rate and ETA', async () => {
    const progress: JobProgress[] = [];
    f.bus.subscribe((name, p) => name === 'job.progress' && progress.push(p as JobProgress));
    const destination = join(f.home, 'dl-1');
    const { jobId } = await f.handlers['transfers.download']({
      profileId: f.profile.id,
      bucket: 'bucket1',
      prefix: 'ds/small/',
      destination,
      concurrency: 4,
    });
    const end = await f.jobs.waitFor(jobId);
    expect(end).toMatchObject({ state: 'succeeded', unit: 'bytes', total: 40 * 20_000, done: 40 * 20_000 });
    expect(end.message).toMatch(/Downloaded 40 files, all verified/);
    expect(treeSums(destination)).toEqual(local(small, 'ds/small/'));
    expect(progress.some((p) => /files · .* of .* · .*\/s/.test(p.message))).toBe(true);
  });

  it('verifies a multipart object (ETag "-N") part by part', async () => {
    const destination = join(f.home, 'dl-mp');
    const src = join(f.home, 'big.bin');
    const { writeFileSync } = await import('node:fs');
    const { randomBytes } = await import('node:crypto');
    const data = randomBytes(13 * 1024 * 1024);
    writeFileSync(src, data);
    const { uploadFiles } = await import('../../electron/core/transfers/uploader');
    const { TransferJournal } = await import('../../electron/core/transfers/journal');
    await uploadFiles({
      client: f.client,
      endpoint: f.endpoint,
      bucket: 'bucket1',
      files: [{ path: src, key: 'ds/mp/big.bin', size: data.length, mtimeMs: 0 }],
      journal: new TransferJournal(join(f.home, 'j-up.jsonl')),
      multipartSupported: true,
      maxPutBytes: 5 * 1024 ** 3,
      onMultipartUnsupported: async () => undefined,
      onMaxPut: () => undefined,
      multipartThreshold: 8 * 1024 * 1024,
      partSize: 8 * 1024 * 1024,
    });
    const { downloadPrefix } = await import('../../electron/core/transfers/downloader');
    const summary = await downloadPrefix({
      target: f.target,
      bucket: 'bucket1',
      prefix: 'ds/mp/',
      destination,
      journal: new TransferJournal(join(f.home, 'j-mp.jsonl')),
      partTag: 't',
    });
    expect(summary.checks).toEqual({ md5: 0, parts: 1, 'size-and-parts': 0 });
    expect(treeSums(destination).get('big.bin')).toBe((await import('../support/transfers-fixture')).md5(data));
  });

  it('verifies a multipart object of unusual 6 MiB parts with the part size the lab answers, and refuses one flipped byte', async () => {
    const { openSync, closeSync, readSync, writeSync, statSync, writeFileSync } = await import('node:fs');
    const { execFileSync } = await import('node:child_process');
    const { randomBytes } = await import('node:crypto');
    const { uploadFiles } = await import('../../electron/core/transfers/uploader');
    const { TransferJournal } = await import('../../electron/core/transfers/journal');
    const { downloadPrefix } = await import('../../electron/core/transfers/downloader');
    const { md5 } = await import('../support/transfers-fixture');
    const MiB = 1024 * 1024;
    const data = randomBytes(13 * MiB + 4321);
    const src = join(f.home, 'odd-parts.bin');
    writeFileSync(src, data);
    await uploadFiles({
      client: f.client,
      endpoint: f.endpoint,
      bucket: 'bucket1',
      files: [{ path: src, key: 'ds/mp6/big.bin', size: data.length, mtimeMs: 0 }],
      journal: new TransferJournal(join(f.home, 'j-up6.jsonl')),
      multipartSupported: true,
      maxPutBytes: 5 * 1024 ** 3,
      onMultipartUnsupported: async () => undefined,
      onMaxPut: () => undefined,
      multipartThreshold: 6 * MiB,
      partSize: 6 * MiB,
    });
    const download = (name: string) =>
      downloadPrefix({
        target: f.target,
        bucket: 'bucket1',
        prefix: 'ds/mp6/',
        destination: join(f.home, name),
        journal: new TransferJournal(join(f.home, `j-${name}.jsonl`)),
        partTag: 't',
      });
    // 3 parts of 6 MiB: the guessed 5 MiB also gives 3 parts but not the ETag; HEAD ?partNumber=1 says 6 MiB.
    const good = await download('dl-mp6');
    expect(good.checks).toEqual({ md5: 0, parts: 1, 'size-and-parts': 0 });
    expect(treeSums(join(f.home, 'dl-mp6')).get('big.bin')).toBe(md5(data));

    // One byte flipped in the volume's file, size and mtime kept: the lab still answers the multipart ETag.
    const onDisk = join(f.lab.volumes.root(f.vol1.uuid), 'ds/mp6/big.bin');
    const before = statSync(onDisk, { bigint: true });
    const fd = openSync(onDisk, 'r+');
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, 7 * MiB);
    byte[0] = byte[0]! ^ 0x40;
    writeSync(fd, byte, 0, 1, 7 * MiB);
    closeSync(fd);
    // utimes takes a double of seconds, which loses the nanoseconds the lab compares; GNU touch does not.
    const ns = before.mtimeNs;
    execFileSync('touch', ['-m', '-d', `@${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`, onDisk]);
    expect(statSync(onDisk, { bigint: true }).mtimeNs).toBe(before.mtimeNs);
    const head = await f.client.send(
      new (await import('@aws-sdk/client-s3')).HeadObjectCommand({ Bucket: 'bucket1', Key: 'ds/mp6/big.bin' }),
    );
    expect(head.ETag).toMatch(/-3"$/);
    await expect(download('dl-mp6-bad')).rejects.toThrow(/does not match its ETag: the MD5s of its 6291456-byte parts/);
    expect(allFiles(join(f.home, 'dl-mp6-bad'))).toEqual([]);
  });

  it('cancel stops at once and leaves no partial file: only verified files, no .part under any name', async () => {
    await seedObjects(f.client, 'ds/cancel/', 12, 4 * 1024 * 1024);
    const destination = join(f.home, 'dl-cancel');
    const { jobId } = await f.handlers['transfers.download']({
      profileId: f.profile.id,
      bucket: 'bucket1',
      prefix: 'ds/cancel/',
      destination,
      concurrency: 1,
    });
    // Cancel once some files are whole and one is in flight.
    const filesDone = () => Number(/Downloaded (\d+)\/12/.exec(f.jobs.get(jobId)?.message ?? '')?.[1] ?? 0);
    await expect.poll(filesDone, { timeout: 20_000, interval: 5 }).toBeGreaterThanOrEqual(2);
    f.jobs.cancel(jobId);
    expect((await f.jobs.waitFor(jobId)).state).toBe('cancelled');
    const files = allFiles(destination);
    expect(files.filter((n) => n.includes('.part-'))).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.length).toBeLessThan(12);
    // What is there is whole: the same transfer re-run skips it and completes the rest.
    const again = await f.handlers['transfers.download']({
      profileId: f.profile.id,
      bucket: 'bucket1',
      prefix: 'ds/cancel/',
      destination,
      concurrency: 2,
    });
    const end = await f.jobs.waitFor(again.jobId);
    expect(end.state).toBe('succeeded');
    expect(end.message).toContain(`(${files.length} already done)`);
    expect(allFiles(destination)).toHaveLength(12);
  });

  it('downloads keys that need encoding (spaces, "+", parentheses, non-ASCII) byte for byte', async () => {
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    const key = 'ds/odd/a b+c (1)!ü*.bin';
    await f.client.send(new PutObjectCommand({ Bucket: 'bucket1', Key: key, Body: 'odd' }));
    const destination = join(f.home, 'dl-odd');
    const { jobId } = await f.handlers['transfers.download']({
      profileId: f.profile.id,
      bucket: 'bucket1',
      prefix: 'ds/odd/',
      destination,
    });
    expect((await f.jobs.waitFor(jobId)).state).toBe('succeeded');
    expect([...treeSums(destination).keys()]).toEqual(['a b+c (1)!ü*.bin']);
  });

  it('explains a missing bucket and wrong keys', async () => {
    const destination = join(f.home, 'dl-err');
    const missing = await f.handlers['transfers.download']({
      profileId: f.profile.id,
      bucket: 'no-such-bucket',
      prefix: '',
      destination,
    });
    expect((await f.jobs.waitFor(missing.jobId)).error).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('no-such-bucket'),
    });
    await f.profiles.save({ ...f.profile, id: 'wrong-keys' }, 'not-the-secret');
    const wrong = await f.handlers['transfers.download']({ profileId: 'wrong-keys', bucket: 'bucket1', prefix: '', destination });
    expect((await f.jobs.waitFor(wrong.jobId)).error).toMatchObject({ code: 'S3_BAD_CREDENTIALS' });
    expect(existsSync(destination)).toBe(false);
  });
});
