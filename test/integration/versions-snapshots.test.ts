import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVersionsFixture } from '../support/versions-fixture';

// Snapshots of the dataset's volume over the lab's REST API and its CLI over SSH: what each did is
// read back through the other protocol and from the lab's own files.

let f: Awaited<ReturnType<typeof openVersionsFixture>>;
let images: string[];

beforeAll(async () => {
  f = await openVersionsFixture();
  images = readdirSync(join(f.vol1Dir, 'dataset/tyre'))
    .filter((n) => n.endsWith('.jpg') || n.endsWith('.png'))
    .sort();
}, 60_000);
afterAll(async () => f?.close());

const names = (list: { name: string }[]) => list.map((s) => s.name);

describe.each(['rest', 'ssh'] as const)('snapshots over %s', (protocol) => {
  it('takes a snapshot with a comment, lists it with its time, and deletes it', async () => {
    const name = `wb-tyre-${protocol}-1`;
    const before = Date.now();
    const taken = await f.run('versions.createSnapshot', { ...f.ref(protocol), name, comment: `before the ${protocol} change` });
    expect(taken).toMatchObject({ state: 'succeeded', message: `Snapshot ${name} taken` });
    // Read back over the other protocol: both see the cluster's one truth.
    const other = protocol === 'rest' ? 'ssh' : 'rest';
    const { snapshots, protocol: used } = await f.call('versions.snapshots', f.ref(other));
    expect(used).toBe(other);
    const row = snapshots.find((s) => s.name === name);
    expect(row).toMatchObject({ comment: `before the ${protocol} change`, runs: [], clones: [] });
    // The CLI prints whole seconds.
    expect(Date.parse(row!.createTime)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(f.lab.volumes.snapshots(f.vol1.uuid).map((s) => s.name)).toContain(name);

    expect(await f.run('versions.deleteSnapshot', { ...f.ref(protocol), snapshot: name })).toMatchObject({ state: 'succeeded' });
    expect(names((await f.call('versions.snapshots', f.ref(protocol))).snapshots)).not.toContain(name);
  });

  it('restores the volume: the changed files come back, files added since go, newer snapshots are deleted', async () => {
    const base = `restore-base-${protocol}`;
    const newer = `restore-newer-${protocol}`;
    const changedKey = `dataset/tyre/${images[0]}`;
    const original = readFileSync(join(f.vol1Dir, changedKey));
    await f.run('versions.createSnapshot', { ...f.ref(protocol), name: base });
    await f.put('bucket1', changedKey, 'not an image any more');
    await f.put('bucket1', `dataset/tyre/added-${protocol}.txt`, 'new');
    await f.run('versions.createSnapshot', { ...f.ref(protocol), name: newer });

    const preview = await f.call('versions.restorePreview', { ...f.ref(protocol), snapshot: base });
    expect(preview.newerSnapshots).toEqual([newer]);
    expect(preview.newerReadBy).toEqual([]);
    expect(preview.blockedBy).toEqual([]);
    expect(preview.changesSince.files).toEqual([
      { path: `dataset/tyre/added-${protocol}.txt`, change: 'added', fromSize: null, toSize: 3 },
      { path: changedKey, change: 'changed', fromSize: original.length, toSize: 21 },
    ]);

    await expect(f.call('versions.restore', { ...f.ref(protocol), snapshot: base, confirm: 'yes' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await f.run('versions.restore', { ...f.ref(protocol), snapshot: base, confirm: base })).toMatchObject({
      state: 'succeeded',
    });
    expect(readFileSync(join(f.vol1Dir, changedKey))).toEqual(original);
    expect(readdirSync(join(f.vol1Dir, 'dataset/tyre'))).not.toContain(`added-${protocol}.txt`);
    const after = names((await f.call('versions.snapshots', f.ref(protocol))).snapshots);
    expect(after).toContain(base);
    expect(after).not.toContain(newer);
    const live = await f.call('versions.compare', { ...f.ref(protocol), from: base, to: null });
    expect(live).toMatchObject({ added: 0, removed: 0, changed: 0, files: [] });
  });
});

describe('compare', () => {
  it('reports exactly the files added, removed and changed through S3, with counts', async () => {
    const [a, b] = images as [string, string];
    await f.run('versions.createSnapshot', { ...f.ref(), name: 'compare-before' });
    await f.put('bucket1', `dataset/tyre/${a}`, Buffer.from('rewritten'));
    await f.remove('bucket1', `dataset/tyre/${b}`);
    await f.put('bucket1', 'dataset/tyre/new/one.txt', 'one');
    await f.put('bucket1', 'outside-the-dataset.txt', 'elsewhere on the volume');
    await f.run('versions.createSnapshot', { ...f.ref(), name: 'compare-after' });

    const diff = await f.call('versions.compare', { ...f.ref(), from: 'compare-before', to: 'compare-after' });
    expect(diff).toMatchObject({ from: 'compare-before', to: 'compare-after', added: 1, removed: 1, changed: 1 });
    expect(diff.unchanged).toBe(readdirSync(join(f.vol1Dir, '.snapshot/compare-before/dataset/tyre')).length - 2);
    expect(diff.files.map((x) => [x.path, x.change])).toEqual(
      [
        [a, 'changed'],
        [b, 'removed'],
        ['new/one.txt', 'added'],
      ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    );
    // The same snapshot against itself, and the live data against the newer one: nothing differs.
    expect((await f.call('versions.compare', { ...f.ref(), from: 'compare-after', to: null })).files).toEqual([]);
  });

  it('says how to fix a volume with no mount folder', async () => {
    await f.call('versions.setMount', { connectionId: 'local-lab', svm: '*', volume: '*', dir: null });
    try {
      await expect(f.call('versions.compare', { ...f.ref(), from: 'compare-before', to: null })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringMatching(/vol1 is not mounted/),
        hint: expect.stringMatching(/mount folder/),
      });
    } finally {
      await f.call('versions.setMount', { connectionId: 'local-lab', svm: '*', volume: '*', dir: f.lab.volumes.root('{uuid}') });
    }
  });
});

describe('restore preview', () => {
  it('names the runs that read a newer snapshot the restore deletes', async () => {
    await f.run('versions.createSnapshot', { ...f.ref(), name: 'rb-base' });
    await f.run('versions.createSnapshot', { ...f.ref(), name: 'rb-newer' });
    f.runs.set('vol1@rb-newer', [{ id: 'r9', name: 'tyre-resnet-9', status: 'finished', startedAt: null, models: [] }]);
    const preview = await f.call('versions.restorePreview', { ...f.ref(), snapshot: 'rb-base' });
    expect(preview.newerSnapshots).toEqual(['rb-newer']);
    expect(preview.newerReadBy).toEqual([{ snapshot: 'rb-newer', run: 'tyre-resnet-9' }]);
  });
});

describe('delete protection', () => {
  it('refuses to delete a snapshot a run read, naming the run and its model, until its name is typed', async () => {
    await f.run('versions.createSnapshot', { ...f.ref(), name: 'read-by-a-run' });
    f.runs.set('vol1@read-by-a-run', [
      {
        id: 'r1',
        name: 'tyre-resnet-3',
        status: 'finished',
        startedAt: null,
        models: [{ id: 'm1', name: 'tyre-classifier', version: 2 }],
      },
    ]);
    const listed = (await f.call('versions.snapshots', f.ref())).snapshots.find((s) => s.name === 'read-by-a-run');
    expect(listed?.runs).toMatchObject([{ name: 'tyre-resnet-3', models: [{ name: 'tyre-classifier', version: 2 }] }]);
    await expect(f.call('versions.deleteSnapshot', { ...f.ref(), snapshot: 'read-by-a-run' })).rejects.toMatchObject({
      code: 'IN_USE',
      message: 'Snapshot read-by-a-run is used by run tyre-resnet-3, model tyre-classifier v2.',
      hint: expect.stringMatching(/type its name \(read-by-a-run\)/),
    });
    expect(names(f.lab.volumes.snapshots(f.vol1.uuid))).toContain('read-by-a-run');
    const forced = await f.run('versions.deleteSnapshot', { ...f.ref(), snapshot: 'read-by-a-run', confirm: 'read-by-a-run' });
    expect(forced.state).toBe('succeeded');
    expect(names(f.lab.volumes.snapshots(f.vol1.uuid))).not.toContain('read-by-a-run');
  });

  it('refuses while a clone depends on it, saying to split or delete the clone', async () => {
    await f.run('versions.createSnapshot', { ...f.ref(), name: 'cloned-base' });
    await f.run('versions.clone', { ...f.ref(), snapshot: 'cloned-base', name: 'guard_clone', junctionPath: '/guard_clone' });
    await expect(f.call('versions.deleteSnapshot', { ...f.ref(), snapshot: 'cloned-base' })).rejects.toMatchObject({
      code: 'IN_USE',
      message: 'Snapshot cloned-base is used by clone guard_clone.',
      hint: expect.stringMatching(/Split or delete the clone/),
    });
    // Typed confirmation does not get past ONTAP, which keeps a snapshot a clone depends on.
    const forced = await f.run('versions.deleteSnapshot', { ...f.ref(), snapshot: 'cloned-base', confirm: 'cloned-base' });
    expect(forced.state).toBe('failed');
    expect(names(f.lab.volumes.snapshots(f.vol1.uuid))).toContain('cloned-base');
    await f.run('versions.deleteClone', { ...f.ref(), clone: 'guard_clone', confirm: 'guard_clone' });
    expect(await f.run('versions.deleteSnapshot', { ...f.ref(), snapshot: 'cloned-base' })).toMatchObject({ state: 'succeeded' });
  });
});
