import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowseFixture, type BrowseFixture } from '../support/browse-fixture';

let f: BrowseFixture;
let profileId: string;
let cachedKey: string;
const OTHER_KEY = 'elsewhere/loose.png';
const LONG_AGO = '2020-01-01T00:00:00.000Z';

beforeAll(async () => {
  f = await openBrowseFixture({ sampleScale: 0.01 });
  profileId = await f.addLabProfile();
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
  await f.lab.lab.objects.put(f.lab.bucket, OTHER_KEY, png, { user: f.lab.user });
  const page = await f.call('browse.list', { sourceId: profileId, bucket: 'bucket1', prefix: 'dataset/tyre/' });
  cachedKey = page.objects.find((o) => o.key.endsWith('.jpg'))!.key;
}, 120_000);
afterAll(async () => {
  await f?.close();
});

describe('previews read from the dataset cache', () => {
  it('says an object is not cached until a complete version holds it, then that it is', async () => {
    const before = await f.call('browse.object', { sourceId: profileId, bucket: 'bucket1', key: cachedKey });
    expect(before.cached).toBe(false);
    const { jobId } = await f.call('cache.fill', { profileId, bucket: 'bucket1', prefix: 'dataset/tyre/' });
    expect(await f.backend.jobs.waitFor(jobId)).toMatchObject({ state: 'succeeded' });
    const after = await f.call('browse.object', { sourceId: profileId, bucket: 'bucket1', key: cachedKey });
    expect(after).toEqual({ ...before, cached: true });
    const other = await f.call('browse.object', { sourceId: profileId, bucket: 'bucket1', key: OTHER_KEY });
    expect(other.cached).toBe(false);
  });

  it('serves thumbnails of cached objects with the S3 service disabled, and counts it as a use of the version', async () => {
    const [version] = (await f.call('cache.status', {})).versions;
    expect(version).toMatchObject({ complete: true, prefix: 'dataset/tyre/' });
    // Age the version's last use, so the read below visibly refreshes it.
    const metaFile = join(f.dataDir, 'cache', version!.id, 'version.json');
    writeFileSync(metaFile, JSON.stringify({ ...JSON.parse(readFileSync(metaFile, 'utf8')), lastUsed: LONG_AGO }));

    f.lab.lab.s3.patchService('svm1', { enabled: false });
    await f.s3.ready();
    expect(f.s3.endpoints().svm1?.http).toBeUndefined();

    // A size never asked for before: not in the thumbnail cache, so it is decoded from the local copy.
    const thumb = await f.call('browse.thumbnail', { sourceId: profileId, bucket: 'bucket1', key: cachedKey, size: 72 });
    expect(thumb.cached).toBe(false);
    const meta = await sharp(Buffer.from(thumb.dataUrl.split(',')[1]!, 'base64')).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(72);
    const details = await f.call('browse.object', { sourceId: profileId, bucket: 'bucket1', key: cachedKey });
    expect(details).toMatchObject({ cached: true, contentType: 'image/jpeg', etag: expect.stringMatching(/^[0-9a-f]{32}$/) });

    const used = (await f.call('cache.status', {})).versions.find((v) => v.id === version!.id)!;
    expect(Date.parse(used.lastUsed)).toBeGreaterThan(Date.parse(LONG_AGO));
  });

  it('still fails as unreachable for an object no cached version holds', async () => {
    const error = await f.failure('browse.thumbnail', { sourceId: profileId, bucket: 'bucket1', key: OTHER_KEY });
    expect(error).toMatchObject({ code: 'S3_UNREACHABLE' });
    expect(await f.failure('browse.object', { sourceId: profileId, bucket: 'bucket1', key: OTHER_KEY })).toMatchObject({
      code: 'S3_UNREACHABLE',
    });
  });
});
