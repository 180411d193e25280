import { afterEach, describe, expect, it } from 'vitest';
import { VersionStore } from '../../electron/core/versions/version-store';
import { tempDir } from '../support/temp-dir';

let dir: ReturnType<typeof tempDir> | null = null;
afterEach(() => dir?.remove());

describe('volume mounts', () => {
  it('prefers an exact mount, then a pattern with {svm}, {volume} and {uuid} filled in', async () => {
    dir = tempDir('versions-store-');
    const store = new VersionStore(dir.path);
    await store.setMount({ connectionId: 'lab', svm: '*', volume: '*' }, '/lab/volumes/{uuid}');
    await store.setMount({ connectionId: 'c1', svm: 'svm1', volume: '*' }, '/net/{svm}/{volume}');
    await store.setMount({ connectionId: 'c1', svm: 'svm1', volume: 'vol1' }, '/mnt/vol1');
    expect(await store.mountOf({ connectionId: 'c1', svm: 'svm1', volume: 'vol1' })).toBe('/mnt/vol1');
    expect(await store.mountOf({ connectionId: 'c1', svm: 'svm1', volume: 'exp' })).toBe('/net/svm1/exp');
    expect(await store.mountOf({ connectionId: 'c1', svm: 'svm2', volume: 'vol1' })).toBeNull();
    expect(await store.needsUuid({ connectionId: 'lab', svm: 'svm1', volume: 'vol9' })).toBe(true);
    expect(await store.mountOf({ connectionId: 'lab', svm: 'svm1', volume: 'vol9' })).toBeNull();
    expect(await store.mountOf({ connectionId: 'lab', svm: 'svm1', volume: 'vol9' }, 'u-1')).toBe('/lab/volumes/u-1');
    await store.setMount({ connectionId: 'c1', svm: 'svm1', volume: 'vol1' }, null);
    expect(await store.mountOf({ connectionId: 'c1', svm: 'svm1', volume: 'vol1' })).toBe('/net/svm1/vol1');
  });
});
