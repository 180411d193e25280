import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceCatalog } from '../../electron/core/browse/sources';
import { DatasetStore } from '../../electron/core/datasets/dataset-store';
import { LAB_CONNECTION_ID } from '../../electron/core/connections/connection-service';
import { S3ProfileStore } from '../../electron/core/s3profiles/profile-store';
import { openVersionsFixture } from '../support/versions-fixture';
import { tempDir } from '../support/temp-dir';

// FlexClone workspaces, pinning and materializing versions for runs, and the REST → SSH fallback.

let f: Awaited<ReturnType<typeof openVersionsFixture>>;

beforeAll(async () => {
  f = await openVersionsFixture();
}, 60_000);
afterAll(async () => f?.close());

const sorted = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

describe('clones', () => {
  it('a clone is writable through its own NAS bucket, browsable from a saved source, and isolated from its parent both ways', async () => {
    // The wizard's profile of vol1's bucket: its keys reach every bucket of the SVM, so the clone's bucket gets a source too.
    const wizardProfile = await new S3ProfileStore(f.dataDir, f.ctx.secrets).save(
      {
        name: 'bucket1 on svm1',
        endpoint: f.endpoint,
        region: 'us-east-1',
        bucket: 'bucket1',
        pathStyle: true,
        accessKeyId: f.user.access_key,
        connectionId: LAB_CONNECTION_ID,
        multipartSupported: true,
      },
      f.user.secret_key,
    );
    await f.run('versions.createSnapshot', { ...f.ref(), name: 'workspace-base' });
    const made = await f.run('versions.clone', {
      ...f.ref(),
      snapshot: 'workspace-base',
      name: 'tyre_experiment',
      junctionPath: '/tyre_experiment',
      bucket: 'tyre-experiment',
    });
    expect(made).toMatchObject({
      state: 'succeeded',
      message: expect.stringContaining(
        'Clone tyre_experiment created at /tyre_experiment with bucket tyre-experiment; its S3 source',
      ),
    });
    const sources = new SourceCatalog(f.dataDir, f.ctx.secrets);
    const cloneSource = (await sources.list()).find((x) => x.bucket === 'tyre-experiment');
    expect(cloneSource).toMatchObject({ kind: 's3', hasSecret: true, location: wizardProfile.endpoint });
    const clone = f.lab.volumes.find('svm1', 'tyre_experiment');
    const cloneDir = f.lab.volumes.root(clone.uuid);
    expect(sorted(join(cloneDir, 'dataset/tyre'))).toEqual(sorted(join(f.vol1Dir, '.snapshot/workspace-base/dataset/tyre')));

    await f.put('tyre-experiment', 'dataset/tyre/relabelled.txt', 'only in the clone');
    await f.put('bucket1', 'dataset/tyre/parent-only.txt', 'only in the parent');
    expect(readFileSync(join(cloneDir, 'dataset/tyre/relabelled.txt'), 'utf8')).toBe('only in the clone');
    expect(existsSync(join(f.vol1Dir, 'dataset/tyre/relabelled.txt'))).toBe(false);
    expect(existsSync(join(cloneDir, 'dataset/tyre/parent-only.txt'))).toBe(false);
    const listed = await sources.with(cloneSource!.id, (b) =>
      b.list({ bucket: 'tyre-experiment', prefix: 'dataset/tyre/', maxKeys: 1000 }),
    );
    expect(listed.objects.map((o) => o.name)).toContain('relabelled.txt');

    // Lineage both ways: the parent lists the clone under its snapshot; the clone names its parent.
    const parent = await f.call('versions.snapshots', f.ref());
    expect(parent.clones).toEqual([
      {
        svm: 'svm1',
        volume: 'tyre_experiment',
        junctionPath: '/tyre_experiment',
        parentVolume: 'vol1',
        parentSnapshot: 'workspace-base',
      },
    ]);
    expect(parent.snapshots.find((s) => s.name === 'workspace-base')?.clones).toEqual([
      { svm: 'svm1', volume: 'tyre_experiment', junctionPath: '/tyre_experiment' },
    ]);
    const child = await f.call('versions.snapshots', { ...f.ref(), volume: 'tyre_experiment' });
    expect(child.parent).toEqual({ svm: 'svm1', volume: 'vol1', snapshot: 'workspace-base' });
    // The clone's live data against its own first snapshot, read from its mount.
    await f.run('versions.createSnapshot', { ...f.ref(), volume: 'tyre_experiment', name: 'exp-1' });
    await f.put('tyre-experiment', 'dataset/tyre/second.txt', 'two');
    const diff = await f.call('versions.compare', { ...f.ref(), volume: 'tyre_experiment', from: 'exp-1', to: null });
    expect(diff.files).toEqual([{ path: 'second.txt', change: 'added', fromSize: null, toSize: 3 }]);

    // Deleting the workspace forgets its saved source too; the wizard's own source stays.
    expect(
      await f.run('versions.deleteClone', { ...f.ref(), clone: 'tyre_experiment', confirm: 'tyre_experiment' }),
    ).toMatchObject({
      state: 'succeeded',
      message: 'Clone tyre_experiment deleted with its bucket tyre-experiment, and its saved S3 source',
    });
    const left = (await sources.list()).map((x) => x.bucket);
    expect(left).toContain('bucket1');
    expect(left).not.toContain('tyre-experiment');
    // The cluster keeps no bucket pointing into the deleted volume.
    expect(f.lab.s3.buckets('svm1').map((b) => b.name)).toEqual(['bucket1']);
  });

  it.each(['rest', 'ssh'] as const)('over %s: clone, split (the snapshot is free again), delete', async (protocol) => {
    const base = `split-base-${protocol}`;
    const name = `split_${protocol}`;
    await f.run('versions.createSnapshot', { ...f.ref(protocol), name: base });
    expect(await f.run('versions.clone', { ...f.ref(protocol), snapshot: base, name, junctionPath: `/${name}` })).toMatchObject({
      state: 'succeeded',
    });
    expect((await f.call('versions.snapshots', f.ref(protocol))).clones.map((c) => c.volume)).toContain(name);
    expect(await f.run('versions.splitClone', { ...f.ref(protocol), clone: name })).toMatchObject({ state: 'succeeded' });
    expect((await f.call('versions.snapshots', f.ref(protocol))).clones.map((c) => c.volume)).not.toContain(name);
    expect(await f.run('versions.deleteSnapshot', { ...f.ref(protocol), snapshot: base })).toMatchObject({ state: 'succeeded' });

    await expect(f.call('versions.deleteClone', { ...f.ref(protocol), clone: name, confirm: 'nope' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await f.run('versions.deleteClone', { ...f.ref(protocol), clone: name, confirm: name })).toMatchObject({
      state: 'succeeded',
    });
    expect(f.lab.volumes.all().map((v) => v.name)).not.toContain(name);
  });

  it.each(['rest', 'ssh'] as const)('over %s: deleting a clone deletes the buckets into it and no other', async (protocol) => {
    const base = `bucket-base-${protocol}`;
    const name = `bucketed_${protocol}`;
    await f.run('versions.createSnapshot', { ...f.ref(protocol), name: base });
    expect(
      await f.run('versions.clone', {
        ...f.ref(protocol),
        snapshot: base,
        name,
        junctionPath: `/${name}`,
        bucket: `b-${protocol}`,
      }),
    ).toMatchObject({ state: 'succeeded' });
    expect(f.lab.s3.buckets('svm1').map((b) => b.name)).toContain(`b-${protocol}`);
    expect(await f.run('versions.deleteClone', { ...f.ref(protocol), clone: name, confirm: name })).toMatchObject({
      state: 'succeeded',
      message: expect.stringContaining(`with its bucket b-${protocol}`),
    });
    expect(f.lab.s3.buckets('svm1').map((b) => b.name)).not.toContain(`b-${protocol}`);
    expect(f.lab.s3.buckets('svm1').map((b) => b.name)).toContain('bucket1');
    expect(f.lab.volumes.all().map((v) => v.name)).not.toContain(name);
    await f.run('versions.deleteSnapshot', { ...f.ref(protocol), snapshot: base });
  });
});

describe('pinning and materializing for runs', () => {
  it('gives two runs pinned at once a snapshot each (names are to the second; the second one gets a suffix)', async () => {
    const [a, b] = [
      await f.pinning.pin(f.dataset.id, undefined, { reason: 'Run A' }),
      await f.pinning.pin(f.dataset.id, undefined, { reason: 'Run B' }),
    ];
    expect(a.snapshot).not.toBe(b.snapshot);
    expect(b.snapshot).toMatch(/^wb-tyre-sample-\d{8}T\d{6}Z(-\d+)?$/);
    const names = (await f.call('versions.snapshots', f.ref())).snapshots.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining([a.snapshot, b.snapshot]));
    for (const v of [a, b]) await f.run('versions.deleteSnapshot', { ...f.ref(), snapshot: v.snapshot!, confirm: v.snapshot! });
  });

  it('pins the live data by taking a wb- snapshot, and materializes it verified and unchanged by later writes', async () => {
    const version = await f.pinning.pin(f.dataset.id, undefined, { reason: 'Run tyre-resnet-7' });
    expect(version).toMatchObject({
      kind: 'snapshot',
      connectionId: 'local-lab',
      svm: 'svm1',
      volume: 'vol1',
      path: 'dataset/tyre',
      snapshot: expect.stringMatching(/^wb-tyre-sample-\d{8}T\d{6}Z$/),
      listingHash: null,
    });
    expect(version.label).toBe(`vol1@${version.snapshot}`);
    const listed = (await f.call('versions.snapshots', f.ref())).snapshots.find((s) => s.name === version.snapshot);
    expect(listed?.comment).toBe('Run tyre-resnet-7');

    const progress: number[] = [];
    const { dir } = await f.pinning.materialize(version, { onProgress: (done) => progress.push(done) });
    const snapDir = join(f.vol1Dir, '.snapshot', version.snapshot!, 'dataset/tyre');
    expect(sorted(dir)).toEqual(sorted(snapDir));
    for (const name of readdirSync(snapDir)) expect(readFileSync(join(dir, name))).toEqual(readFileSync(join(snapDir, name)));
    expect(progress.at(-1)).toBe(readdirSync(snapDir).length);

    // The live data changes; the pinned version does not, and the second run reuses the cached copy.
    await f.put('bucket1', 'dataset/tyre/after-the-pin.txt', 'later');
    const again = await f.pinning.materialize(version, {});
    expect(again.dir).toBe(dir);
    expect(existsSync(join(dir, 'after-the-pin.txt'))).toBe(false);
    // A named snapshot pins that snapshot; an unknown one says so.
    expect((await f.pinning.pin(f.dataset.id, version.snapshot!, {})).snapshotUuid).toBe(version.snapshotUuid);
    await expect(f.pinning.pin(f.dataset.id, 'no-such-snapshot', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a cancelled materialize leaves no version that could be served', async () => {
    await f.run('versions.createSnapshot', { ...f.ref(), name: 'cancel-me' });
    const version = await f.pinning.pin(f.dataset.id, 'cancel-me', {});
    const controller = new AbortController();
    controller.abort();
    await expect(f.pinning.materialize(version, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    const status = f.ctx.datasetCache!.status();
    expect(status.versions.filter((v) => v.bucket === 'cancel-me' && v.complete)).toEqual([]);
    const { dir } = await f.pinning.materialize(version, {});
    expect(readdirSync(dir).length).toBeGreaterThan(0);
  });

  it('pins a dataset on no volume by its listing, and refuses to materialize it once it changed', async () => {
    const folder = tempDir('versions-folder-');
    try {
      mkdirSync(join(folder.path, 'imgs'), { recursive: true });
      writeFileSync(join(folder.path, 'imgs/good_1.txt'), 'a');
      writeFileSync(join(folder.path, 'imgs/defective_1.txt'), 'bb');
      const source = await new SourceCatalog(f.dataDir, f.ctx.secrets).addFolder({ path: folder.path, name: 'loose folder' });
      const dataset = await new DatasetStore(f.dataDir).add({
        name: 'Loose folder',
        sourceId: source.id,
        bucket: '.',
        prefix: 'imgs/',
        labelRule: { kind: 'leading-word' },
      });
      const version = await f.pinning.pin(dataset.id, undefined, {});
      expect(version).toMatchObject({ kind: 'listing', snapshot: null, listingHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(version.label).toBe(`listing ${version.listingHash!.slice(0, 12)}`);
      const { dir } = await f.pinning.materialize(version, {});
      expect(sorted(dir)).toEqual(['defective_1.txt', 'good_1.txt']);
      await expect(f.pinning.pin(dataset.id, 'snap', {})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      writeFileSync(join(folder.path, 'imgs/good_2.txt'), 'c');
      await expect(f.pinning.materialize(version, {})).rejects.toMatchObject({ code: 'CONFLICT' });
    } finally {
      folder.remove();
    }
  });
});

describe('protocols', () => {
  it('falls back to the CLI over SSH when REST cannot be reached', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const lab = f.lab;
    const upsert = (restPort: number) =>
      f.connections.upsertLab({
        host: '127.0.0.1',
        restPort,
        sshPort: f.ctx.connections.get('local-lab').sshPort,
        username: lab.config.adminUser,
        password: lab.config.adminPassword,
        certificatePem: lab.tls.cert,
        hostKey: lab.hostKey,
      });
    const restPort = f.ctx.connections.get('local-lab').restPort;
    await upsert(closed);
    try {
      const answer = await f.call('versions.snapshots', f.ref());
      expect(answer.protocol).toBe('ssh');
      expect(answer.snapshots.map((s) => s.name)).toContain('workspace-base');
      // Asked for REST explicitly, it is not silently replaced.
      await expect(f.call('versions.snapshots', f.ref('rest'))).rejects.toMatchObject({ code: 'HOST_UNREACHABLE' });
    } finally {
      await upsert(restPort);
    }
  });
});
