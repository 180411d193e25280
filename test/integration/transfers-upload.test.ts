import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { md5, openTransfersFixture } from '../support/transfers-fixture';

let f: Awaited<ReturnType<typeof openTransfersFixture>>;
const MiB = 1024 * 1024;

beforeAll(async () => {
  f = await openTransfersFixture();
});
afterAll(async () => f?.close());

/** Writes a file of random bytes and answers its MD5. */
function file(path: string, size: number): string {
  mkdirSync(join(path, '..'), { recursive: true });
  const data = randomBytes(size);
  writeFileSync(path, data);
  return md5(data);
}

async function objectMd5(key: string): Promise<string> {
  const got = await f.client.send(new GetObjectCommand({ Bucket: 'bucket1', Key: key }));
  return md5(Buffer.from(await got.Body!.transformToByteArray()));
}

const upload = (paths: string[], prefix = 'up/') =>
  f.handlers['transfers.upload']({ profileId: f.profile.id, bucket: 'bucket1', prefix, paths });

describe('transfers.upload against the lab', () => {
  it('uploads files and a folder (keeping its name and tree), each object equal to its file', async () => {
    const a = file(join(f.home, 'src', 'a.jpg'), 50_000);
    const folder = join(f.home, 'src', 'images');
    const b = file(join(folder, 'good', 'b.jpg'), 70_000);
    const c = file(join(folder, 'c.jpg'), 1);
    const { jobId } = await upload([join(f.home, 'src', 'a.jpg'), folder]);
    const end = await f.jobs.waitFor(jobId);
    expect(end).toMatchObject({ state: 'succeeded', unit: 'bytes', done: 120_001 });
    expect(await objectMd5('up/a.jpg')).toBe(a);
    expect(await objectMd5('up/images/good/b.jpg')).toBe(b);
    expect(await objectMd5('up/images/c.jpg')).toBe(c);
  });

  it('uploads a large file in parts where multipart works', async () => {
    const sum = file(join(f.home, 'mp', 'big.bin'), 70 * MiB);
    const { jobId } = await upload([join(f.home, 'mp', 'big.bin')]);
    expect((await f.jobs.waitFor(jobId)).state).toBe('succeeded');
    const head = await f.client.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'up/big.bin' }));
    expect(head.ETag).toMatch(/-5"$/);
    expect(md5(Buffer.from(await head.Body!.transformToByteArray()))).toBe(sum);
  });

  it('falls back to single PUTs when multipart answers NotImplemented, and remembers it in the profile', async () => {
    f.lab.s3.patchService('svm1', { lab: { multipart_supported: false } });
    const sum = file(join(f.home, 'nomp', 'big2.bin'), 70 * MiB);
    const { jobId } = await upload([join(f.home, 'nomp', 'big2.bin')]);
    expect((await f.jobs.waitFor(jobId)).state).toBe('succeeded');
    expect(await objectMd5('up/big2.bin')).toBe(sum);
    expect((await f.profiles.get(f.profile.id))?.multipartSupported).toBe(false);
  });

  it('refuses a file too large for one PUT, naming the limit and NFS/splitting; the next time before any job starts', async () => {
    f.lab.s3.patchService('svm1', { lab: { multipart_supported: false, max_put_bytes: 1 * MiB } });
    file(join(f.home, 'large', 'x.bin'), 3 * MiB);
    const first = await upload([join(f.home, 'large', 'x.bin')]);
    const failed = await f.jobs.waitFor(first.jobId);
    expect(failed.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('1.0 MB'),
      hint: expect.stringMatching(/NFS.*split/),
    });
    const jobsBefore = f.jobs.list().length;
    await expect(upload([join(f.home, 'large', 'x.bin')])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { limit: 1 * MiB, size: 3 * MiB },
    });
    expect(f.jobs.list()).toHaveLength(jobsBefore);
    f.lab.s3.patchService('svm1', { lab: { multipart_supported: true, max_put_bytes: 5 * 1024 ** 3 } });
  });

  it('explains AccessDenied on PutObject with the wizard’s permission fix when the volume is 755', async () => {
    f.lab.volumes.patch(f.vol1.uuid, { nas: { unix_permissions: 0o755 } });
    try {
      file(join(f.home, 'denied', 'd.txt'), 10);
      const { jobId } = await upload([join(f.home, 'denied', 'd.txt')]);
      expect((await f.jobs.waitFor(jobId)).error).toMatchObject({
        code: 'S3_ACCESS_DENIED',
        message: expect.stringContaining('PutObject'),
        hint: expect.stringContaining('permission fix'),
      });
    } finally {
      f.lab.volumes.patch(f.vol1.uuid, { nas: { unix_permissions: 0o777 } });
    }
  });

  it('explains an unreachable endpoint', async () => {
    await f.profiles.save({ ...f.profile, id: 'nowhere', endpoint: 'http://127.0.0.1:9' }, 'x');
    file(join(f.home, 'u', 'u.txt'), 10);
    const { jobId } = await f.handlers['transfers.upload']({
      profileId: 'nowhere',
      bucket: 'bucket1',
      prefix: '',
      paths: [join(f.home, 'u', 'u.txt')],
    });
    expect((await f.jobs.waitFor(jobId)).error).toMatchObject({ code: 'S3_UNREACHABLE' });
  });
});
