import { createServer } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowseFixture, type BrowseFixture } from '../support/browse-fixture';

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const MANY = 10_000;
let f: BrowseFixture;
let profileId: string;

beforeAll(async () => {
  f = await openBrowseFixture({ sampleScale: 0.01 });
  profileId = await f.addLabProfile();
  // 10,000 keys straight through the lab's model (the S3 write path without HTTP), plus three sub-folders.
  const { lab, bucket, user } = f.lab;
  const keys = [
    ...Array.from({ length: MANY }, (_, i) => `many/k${String(i).padStart(5, '0')}.txt`),
    ...['many/sub0/x.txt', 'many/sub1/x.txt', 'many/sub2/x.txt'],
  ];
  for (let i = 0; i < keys.length; i += 200) {
    await Promise.all(keys.slice(i, i + 200).map((key) => lab.objects.put(bucket, key, Buffer.from(key), { user })));
  }
}, 120_000);
afterAll(async () => {
  await f?.close();
});

describe('browsing an S3 profile against the lab', () => {
  it('lists the bucket through the profile entered by hand', async () => {
    const { buckets } = await f.call('browse.buckets', { sourceId: profileId });
    expect(buckets.map((b) => b.name)).toEqual(['bucket1']);
    const sources = await f.call('sources.list', {});
    expect(sources.sources).toContainEqual(expect.objectContaining({ id: profileId, kind: 's3', hasSecret: true }));
  });

  it('shows top-level prefixes as folders with delimiter "/"', async () => {
    const page = await f.call('browse.list', { sourceId: profileId, bucket: 'bucket1' });
    expect(page.folders).toEqual([
      { prefix: 'dataset/', name: 'dataset' },
      { prefix: 'many/', name: 'many' },
    ]);
    expect(page.nextToken).toBeNull();
  });

  it('pages through 10,000 keys 1,000 at a time, every key once, in order, folders included', async () => {
    const keys: string[] = [];
    const folders: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof f.call<'browse.list'>>> = await f.call('browse.list', {
        sourceId: profileId,
        bucket: 'bucket1',
        prefix: 'many/',
        ...(token ? { continuationToken: token } : {}),
      });
      expect(page.objects.length + page.folders.length).toBeLessThanOrEqual(1000);
      keys.push(...page.objects.map((o) => o.key));
      folders.push(...page.folders.map((p) => p.prefix));
      token = page.nextToken;
      pages += 1;
    } while (token);
    expect(pages).toBe(Math.ceil((MANY + 3) / 1000));
    expect(keys).toHaveLength(MANY);
    expect(new Set(keys).size).toBe(MANY);
    expect(keys).toEqual([...keys].sort());
    expect(folders).toEqual(['many/sub0/', 'many/sub1/', 'many/sub2/']);
  });

  it('honours a small maxKeys with objects carrying size, date and ETag', async () => {
    const page = await f.call('browse.list', { sourceId: profileId, bucket: 'bucket1', prefix: 'many/', maxKeys: 3 });
    expect(page.objects).toHaveLength(3);
    expect(page.objects[0]).toMatchObject({
      key: 'many/k00000.txt',
      name: 'k00000.txt',
      size: 15,
      etag: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(page.nextToken).toEqual(expect.any(String));
  });

  it('shows an object’s details', async () => {
    const details = await f.call('browse.object', { sourceId: profileId, bucket: 'bucket1', key: 'dataset/tyre/good_0001.jpg' });
    expect(details).toMatchObject({
      name: 'good_0001.jpg',
      contentType: 'image/jpeg',
      etag: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(details.size).toBeGreaterThan(1000);
  });

  it('makes a JPEG thumbnail of the requested size, and serves the second from the disk cache', async () => {
    const ref = { sourceId: profileId, bucket: 'bucket1', key: 'dataset/tyre/defective_0001.jpg', size: 96 };
    const first = await f.call('browse.thumbnail', ref);
    expect(first.dataUrl).toMatch(/^data:image\/jpeg;base64,/);
    const meta = await sharp(Buffer.from(first.dataUrl.split(',')[1]!, 'base64')).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width!, meta.height!)).toBe(96);
    expect(first.cached).toBe(false);
    const second = await f.call('browse.thumbnail', ref);
    expect(second).toEqual({ ...first, cached: true });
  });

  it('refuses a thumbnail of a non-image, and of a size out of range, saying why', async () => {
    const notImage = await f.failure('browse.thumbnail', { sourceId: profileId, bucket: 'bucket1', key: 'many/k00001.txt' });
    expect(notImage).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/not an image/) });
    const tooBig = await f.failure('browse.thumbnail', { sourceId: profileId, bucket: 'bucket1', key: 'x.jpg', size: 2048 });
    expect(tooBig.message).toMatch(/64 to 512 pixels/);
  });
});

describe('S3 failures explained', () => {
  it('says an endpoint nobody answers on is unreachable, with the network hint, quickly', async () => {
    const id = await f.addLabProfile({ name: 'nowhere', endpoint: `http://127.0.0.1:${await closedPort()}` });
    const started = Date.now();
    const error = await f.failure('browse.list', { sourceId: id, bucket: 'bucket1' });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(error).toMatchObject({ code: 'S3_UNREACHABLE', hint: expect.stringMatching(/same network\/VPC/) });
  });

  it('says wrong keys are refused, pointing at new keys', async () => {
    const id = await f.addLabProfile({ name: 'bad keys', secretAccessKey: 'not-the-secret' });
    const error = await f.failure('browse.buckets', { sourceId: id });
    expect(error).toMatchObject({ code: 'S3_BAD_CREDENTIALS', hint: expect.stringMatching(/[Rr]egenerate/) });
  });

  it('says a missing bucket or object is NOT_FOUND', async () => {
    expect(await f.failure('browse.list', { sourceId: profileId, bucket: 'no-such-bucket' })).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/Bucket no-such-bucket does not exist/),
    });
    expect(await f.failure('browse.object', { sourceId: profileId, bucket: 'bucket1', key: 'nope.jpg' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await f.failure('browse.list', { sourceId: 'no-such-source', bucket: 'bucket1' })).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses a plain-HTTP profile unless HTTP is allowed, saying how', async () => {
    const error = await f.failure('s3profiles.add', {
      name: 'x',
      endpoint: f.endpoint,
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
    });
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/allowHttp: .*Allow HTTP/) });
  });
});
