import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetStore } from '../../electron/core/datasets/dataset-store';
import { S3ProfileStore } from '../../electron/core/s3profiles/profile-store';
import type { Dataset } from '../../shared/datasets';
import { openVersionsFixture } from '../support/versions-fixture';

// A dataset reached over S3 only (no mount folder): its volume is found from the profile's NAS
// bucket, and snapshots are read under the bucket's `.snapshot/<name>/` prefix, as the lab serves it.

let f: Awaited<ReturnType<typeof openVersionsFixture>>;
let dataset: Dataset;

beforeAll(async () => {
  f = await openVersionsFixture();
  await f.call('versions.setMount', { connectionId: 'local-lab', svm: '*', volume: '*', dir: null });
  const profile = await new S3ProfileStore(f.dataDir, f.ctx.secrets).save(
    {
      name: 'lab bucket1',
      endpoint: f.endpoint,
      region: 'us-east-1',
      bucket: 'bucket1',
      pathStyle: true,
      accessKeyId: f.user.access_key,
      connectionId: 'local-lab',
      multipartSupported: null,
    },
    f.user.secret_key,
  );
  dataset = await new DatasetStore(f.dataDir).add({
    name: 'Tyre over S3',
    sourceId: profile.id,
    bucket: 'bucket1',
    prefix: 'dataset/tyre/',
    labelRule: { kind: 'leading-word' },
  });
}, 60_000);
afterAll(async () => f?.close());

describe('a dataset on a NAS bucket, with no mount folder', () => {
  it('is found on its volume from the profile’s connection, the bucket’s NAS path and the junction path', async () => {
    const { datasets } = await f.call('versions.datasets', {});
    expect(datasets.find((d) => d.datasetId === dataset.id)).toMatchObject({
      binding: { connectionId: 'local-lab', svm: 'svm1', volume: 'vol1', path: 'dataset/tyre' },
      bindingSource: 'discovered',
      mountDir: null,
    });
  });

  it('compares a snapshot with the live data through the bucket’s .snapshot/ prefix', async () => {
    const ref = { connectionId: 'local-lab', svm: 'svm1', volume: 'vol1', path: 'dataset/tyre' };
    await f.run('versions.createSnapshot', { ...ref, name: 's3-before' });
    await f.put('bucket1', 'dataset/tyre/extra/added.txt', 'new');
    await f.remove('bucket1', 'dataset/tyre/README.txt');
    const diff = await f.call('versions.compare', { ...ref, from: 's3-before', to: null });
    expect(diff.files).toEqual([
      { path: 'README.txt', change: 'removed', fromSize: expect.any(Number), toSize: null },
      { path: 'extra/added.txt', change: 'added', fromSize: null, toSize: 3 },
    ]);
    const preview = await f.call('versions.restorePreview', { ...ref, snapshot: 's3-before' });
    expect(preview.changesSince.files.map((x) => x.path)).toEqual(['dataset/tyre/README.txt', 'dataset/tyre/extra/added.txt']);
  });

  it('pins the discovered volume and materializes its snapshot over S3, unchanged by later writes', async () => {
    const version = await f.pinning.pin(dataset.id, undefined, { reason: 'Run over S3' });
    expect(version).toMatchObject({
      kind: 'snapshot',
      volume: 'vol1',
      path: 'dataset/tyre',
      snapshot: expect.stringMatching(/^wb-tyre-over-s3-/),
    });
    await f.put('bucket1', 'dataset/tyre/written-after-the-pin.txt', 'later');
    const { dir } = await f.pinning.materialize(version, {});
    const snapDir = join(f.vol1Dir, '.snapshot', version.snapshot!, 'dataset/tyre');
    expect(readdirSync(dir).sort()).toEqual(readdirSync(snapDir).sort());
    expect(readdirSync(dir)).not.toContain('written-after-the-pin.txt');
    for (const name of readdirSync(snapDir))
      if (name.includes('.')) expect(readFileSync(join(dir, name))).toEqual(readFileSync(join(snapDir, name)));
  });

  it('refuses to cache an empty dataset when the S3 server shows nothing under .snapshot/, and says to mount the volume', async () => {
    const version = await f.pinning.pin(dataset.id, undefined, { reason: 'Run over S3, snapshot gone' });
    // As a server that hides .snapshot/ would answer: nothing listed under the snapshot's prefix.
    await f.lab.volumes.deleteSnapshot(f.lab.volumes.find('svm1', 'vol1').uuid, version.snapshot!);
    await expect(f.pinning.materialize(version, {})).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('nothing is listed under .snapshot/'),
      hint: expect.stringMatching(/Mount the volume over NFS/),
    });
    expect(f.ctx.datasetCache!.status().versions.filter((v) => v.prefix.includes(version.snapshot!))).toEqual([]);
  });

  it('without a mount or a bucket, says both ways to fix it', async () => {
    const ref = { connectionId: 'local-lab', svm: 'svm1', volume: 'vol2_missing', path: '' };
    await expect(f.call('versions.compare', { ...ref, from: null, to: null })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      hint: expect.stringMatching(/mount folder .*S3 profile/),
    });
  });
});
