import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { walk } from '../../electron/lab/model/file-tree';
import { Lab } from '../../electron/lab/model/lab';
import { S3Error } from '../../electron/lab/model/s3-errors';
import { openTestLab } from '../support/lab';
import { tempDir } from '../support/temp-dir';

let current: Awaited<ReturnType<typeof openTestLab>> | null = null;
afterEach(async () => {
  await current?.close();
  current = null;
});

/** Every file of a tree with its MD5: a fingerprint to compare trees by. */
async function fingerprint(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const e of walk(root)) out[e.key] = createHash('md5').update(readFileSync(e.path)).digest('hex');
  return out;
}

describe('lab volumes, snapshots and clones', () => {
  it('a snapshot never changes, whatever is written to the volume afterwards', async () => {
    current = await openTestLab();
    const { lab, vol1, user, bucket } = current;
    await lab.objects.put(bucket, 'notes/a.txt', Buffer.from('first'), { user });
    const before = await fingerprint(lab.volumes.root(vol1.uuid));
    const snap = await lab.volumes.createSnapshot(vol1.uuid, { name: 'before_changes' });
    await lab.objects.put(bucket, 'notes/a.txt', Buffer.from('overwritten, and longer'), { user });
    await lab.objects.put(bucket, 'notes/new.txt', Buffer.from('added'), { user });
    const someImage = Object.keys(before).find((k) => k.endsWith('.jpg')) as string;
    await lab.objects.delete(bucket, someImage);
    expect(await fingerprint(lab.volumes.snapshotRoot(vol1.uuid, snap.uuid))).toEqual(before);
    expect(readFileSync(join(lab.volumes.root(vol1.uuid), '.snapshot/before_changes/notes/a.txt'), 'utf8')).toBe('first');
    expect(readFileSync(join(lab.volumes.root(vol1.uuid), 'notes/a.txt'), 'utf8')).toBe('overwritten, and longer');
  });

  it('takes a snapshot without copying file data', async () => {
    current = await openTestLab();
    const { lab, vol1, user, bucket } = current;
    await lab.objects.put(bucket, 'big.bin', Buffer.alloc(4 * 1024 * 1024, 7), { user });
    const snap = await lab.volumes.createSnapshot(vol1.uuid, { name: 's1' });
    const live = statSync(join(lab.volumes.root(vol1.uuid), 'big.bin'));
    const frozen = statSync(join(lab.volumes.snapshotRoot(vol1.uuid, snap.uuid), 'big.bin'));
    // A hard link shares the inode; a reflink shares the blocks (then the inode differs but no data was copied).
    if (frozen.ino === live.ino) expect(live.nlink).toBeGreaterThanOrEqual(2);
    else expect(frozen.blocks).toBeLessThanOrEqual(live.blocks);
    expect(snap.size).toBeGreaterThanOrEqual(4 * 1024 * 1024);
  });

  it('a FlexClone is writable and isolated from its parent in both directions', async () => {
    current = await openTestLab();
    const { lab, vol1, user, bucket } = current;
    await lab.objects.put(bucket, 'shared.txt', Buffer.from('original'), { user });
    await lab.volumes.createSnapshot(vol1.uuid, { name: 'base' });
    const clone = await lab.volumes.clone({
      name: 'vol1_ws',
      svm: 'svm1',
      parentVolume: 'vol1',
      parentSnapshot: 'base',
      junctionPath: '/vol1_ws',
    });
    const cloneBucket = await lab.s3.createBucket('svm1', { name: 'ws-bucket', type: 'nas', nas_path: '/vol1_ws' });
    expect(clone.clone).toMatchObject({ is_flexclone: true, parent_volume: { name: 'vol1' }, parent_snapshot: { name: 'base' } });
    await lab.objects.put(cloneBucket, 'shared.txt', Buffer.from('changed in the clone'), { user });
    await lab.objects.put(bucket, 'shared.txt', Buffer.from('changed in the parent'), { user });
    expect(readFileSync(join(lab.volumes.root(clone.uuid), 'shared.txt'), 'utf8')).toBe('changed in the clone');
    expect(readFileSync(join(lab.volumes.root(vol1.uuid), 'shared.txt'), 'utf8')).toBe('changed in the parent');
    expect(readFileSync(join(lab.volumes.root(vol1.uuid), '.snapshot/base/shared.txt'), 'utf8')).toBe('original');
  });

  it('refuses to delete a snapshot a clone depends on, until the clone is split', async () => {
    current = await openTestLab();
    const { lab, vol1 } = current;
    await lab.volumes.createSnapshot(vol1.uuid, { name: 'base' });
    const clone = await lab.volumes.clone({ name: 'c1', svm: 'svm1', parentVolume: 'vol1', parentSnapshot: 'base' });
    await expect(lab.volumes.deleteSnapshot(vol1.uuid, 'base')).rejects.toThrow(/busy.*c1/);
    await expect(lab.volumes.delete(vol1.uuid)).rejects.toThrow(/FlexClone/);
    lab.volumes.split(clone.uuid);
    await lab.volumes.deleteSnapshot(vol1.uuid, 'base');
    expect(lab.volumes.snapshots(vol1.uuid)).toEqual([]);
    expect(readdirSync(lab.volumes.root(clone.uuid)).length).toBeGreaterThan(0); // the split clone keeps its files
  });

  it('restore brings back the snapshot and deletes newer snapshots, as SnapRestore does', async () => {
    current = await openTestLab();
    const { lab, vol1, user, bucket } = current;
    const original = await fingerprint(lab.volumes.root(vol1.uuid));
    await lab.volumes.createSnapshot(vol1.uuid, { name: 'old' });
    await lab.objects.put(bucket, 'added-later.txt', Buffer.from('x'), { user });
    await lab.volumes.createSnapshot(vol1.uuid, { name: 'newer' });
    await lab.volumes.restore(vol1.uuid, 'old');
    expect(await fingerprint(lab.volumes.root(vol1.uuid))).toEqual(original);
    expect(lab.volumes.snapshots(vol1.uuid).map((s) => s.name)).toEqual(['old']);
    expect(existsSync(join(lab.volumes.root(vol1.uuid), '.snapshot/old'))).toBe(true);
    expect(existsSync(join(lab.volumes.root(vol1.uuid), '.snapshot/newer'))).toBe(false);
    const listed = await lab.objects.list(bucket, { prefix: 'added-later' });
    expect(listed.contents).toEqual([]);
  });

  it('allows at most 1,023 snapshots per volume', async () => {
    current = await openTestLab();
    const { lab } = current;
    const empty = await lab.volumes.create({ name: 'empty', svm: 'svm1', size: 20 * 1024 * 1024 });
    for (let i = 0; i < 1023; i++) await lab.volumes.createSnapshot(empty.uuid, { name: `s${i}` });
    await expect(lab.volumes.createSnapshot(empty.uuid, { name: 'one_too_many' })).rejects.toThrow(/maximum of 1023/);
  }, 120_000);

  it('refuses a write that would exceed the volume size, and writes nothing', async () => {
    current = await openTestLab();
    const { lab, user } = current;
    const small = await lab.volumes.create({
      name: 'small',
      svm: 'svm1',
      size: 20 * 1024 * 1024,
      junctionPath: '/small',
      unixPermissions: 0o777,
    });
    const bucket = await lab.s3.createBucket('svm1', { name: 'small-bucket', type: 'nas', nas_path: '/small' });
    await lab.objects.put(bucket, 'a.bin', Buffer.alloc(15 * 1024 * 1024), { user });
    const err = await lab.objects.put(bucket, 'b.bin', Buffer.alloc(8 * 1024 * 1024), { user }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3Error);
    expect((err as S3Error).code).toBe('InsufficientStorage');
    expect(existsSync(join(lab.volumes.root(small.uuid), 'b.bin'))).toBe(false);
    expect(lab.volumes.get(small.uuid).space.used).toBe(15 * 1024 * 1024);
    await lab.objects.put(bucket, 'a.bin', Buffer.alloc(19 * 1024 * 1024), { user }); // replacing counts only the difference
  });

  it('refuses keys that escape the bucket', async () => {
    current = await openTestLab();
    const { lab, user, bucket } = current;
    for (const key of ['../evil.txt', 'a/../../evil.txt', 'a//b', './x', '.snapshot/x']) {
      await expect(lab.objects.put(bucket, key, Buffer.from('x'), { user })).rejects.toBeInstanceOf(S3Error);
    }
    expect(existsSync(join(current.dir, 'volumes', 'evil.txt'))).toBe(false);
  });

  it('lists keys in S3 byte order, with common prefixes and continuation', async () => {
    current = await openTestLab();
    const { lab, user, bucket } = current;
    for (const key of ['p/a-b.txt', 'p/a/c.txt', 'p/a0.txt', 'p/b/d.txt', 'p/b/e.txt'])
      await lab.objects.put(bucket, key, Buffer.from(key), { user });
    const all = await lab.objects.list(bucket, { prefix: 'p/' });
    expect(all.contents.map((c) => c.key)).toEqual(['p/a-b.txt', 'p/a/c.txt', 'p/a0.txt', 'p/b/d.txt', 'p/b/e.txt']);
    const first = await lab.objects.list(bucket, { prefix: 'p/', delimiter: '/', maxKeys: 2 });
    expect([...first.contents.map((c) => c.key), ...first.commonPrefixes]).toEqual(['p/a-b.txt', 'p/a/']);
    expect(first.isTruncated).toBe(true);
    const rest = await lab.objects.list(bucket, { prefix: 'p/', delimiter: '/', startAfter: first.last ?? '' });
    expect(rest.contents.map((c) => c.key)).toEqual(['p/a0.txt']);
    expect(rest.commonPrefixes).toEqual(['p/b/']);
    expect(all.contents[0]?.etag).toBe(createHash('md5').update('p/a-b.txt').digest('hex'));
  });

  it('keeps everything across a restart', async () => {
    current = await openTestLab();
    const { lab, dir, vol1, user, bucket } = current;
    await lab.objects.put(bucket, 'kept.txt', Buffer.from('kept'), { user });
    await lab.volumes.createSnapshot(vol1.uuid, { name: 'kept_snap' });
    const password = lab.config.adminPassword;
    await lab.close();
    const again = await Lab.open({ dir });
    current = { ...current, lab: again };
    expect(again.config.adminPassword).toBe(password);
    expect(again.volumes.snapshots(vol1.uuid).map((s) => s.name)).toEqual(['kept_snap']);
    expect((await again.objects.head(again.s3.bucket('svm1', 'bucket1'), 'kept.txt')).size).toBe(4);
    expect(again.s3.user('svm1', 's3user').access_key).toBe(user.access_key);
  });

  it('a first start interrupted while seeding is seeded again from scratch', async () => {
    const tmp = tempDir('workbench-lab-');
    const controller = new AbortController();
    const dir = join(tmp.path, 'lab');
    await expect(
      Lab.open({
        dir,
        sampleScale: 0.05,
        signal: controller.signal,
        onProgress: (_m, done) => done === 10 && controller.abort(),
      }),
    ).rejects.toThrow();
    const lab = await Lab.open({ dir, sampleScale: 0.05 });
    const vols = lab.volumes.all();
    expect(vols.map((v) => v.name)).toEqual(['vol1']);
    const files = readdirSync(join(lab.volumes.root(vols[0]!.uuid), 'dataset/tyre'));
    expect(files.filter((f) => f.endsWith('.jpg'))).toHaveLength(Math.round(1028 * 0.05) + Math.round(828 * 0.05));
    await lab.close();
    tmp.remove();
  });

  it('a second process cannot open a lab that is in use', async () => {
    current = await openTestLab();
    const script = `import('${new URL('../../electron/lab/model/lab.ts', import.meta.url).pathname}').then(m => m.Lab.open({ dir: process.argv[1] })).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); })`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, current.dir], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(out.status).toBe(3);
    expect(out.stderr).toMatch(/already running \(process \d+\)/);
    writeFileSync(join(current.dir, 'probe'), ''); // the lab's files stay ours
  });
});
