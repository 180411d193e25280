import { describe, expect, it } from 'vitest';
import { diffListings } from '../../electron/core/versions/compare';
import {
  datasetSlug,
  defaultSnapshotName,
  parseVersionRouteParam,
  versionRouteParam,
  volumeBindingSchema,
} from '../../shared/versions';

describe('snapshot names', () => {
  it('names a workbench snapshot wb-<dataset>-<UTC timestamp>', () => {
    const at = new Date(Date.UTC(2026, 10, 22, 10, 15, 0, 123));
    expect(defaultSnapshotName('Tyre quality (synthetic sample)', at)).toBe('wb-tyre-quality-synthetic-sample-20261122T101500Z');
  });

  it('slugs names to what ONTAP accepts, never empty', () => {
    expect(datasetSlug('Défauts / Pneus  2026')).toBe('defauts-pneus-2026');
    expect(datasetSlug('***')).toBe('dataset');
    expect(datasetSlug('a'.repeat(80))).toHaveLength(40);
  });

  it('keeps a binding’s folder without leading or trailing slashes', () => {
    expect(volumeBindingSchema.parse({ connectionId: 'c', svm: 's', volume: 'v', path: '/dataset/tyre/' }).path).toBe(
      'dataset/tyre',
    );
  });
});

describe('comparing listings', () => {
  const file = (path: string, size: number, mtimeMs = 1) => ({ path, size, mtimeMs });

  it('counts added, removed and changed files; equal size and time are unchanged without reading', async () => {
    const read: string[] = [];
    const diff = await diffListings(
      [file('a', 1), file('b', 2), file('c', 3), file('d', 4, 1)],
      [file('a', 1), file('c', 30), file('d', 4, 2), file('e', 5)],
      { from: 's1', to: 'live' },
      async (x) => {
        read.push(x.path);
        return false;
      },
    );
    expect(diff).toMatchObject({ from: 's1', to: 'live', added: 1, removed: 1, changed: 2, unchanged: 1 });
    expect(diff.files.map((x) => `${x.change} ${x.path}`)).toEqual(['removed b', 'changed c', 'changed d', 'added e']);
    expect(read).toEqual(['d']);
  });

  it('does not report a file rewritten with the same bytes', async () => {
    const diff = await diffListings([file('a', 1, 1)], [file('a', 1, 9)], { from: 'x', to: 'y' }, async () => true);
    expect(diff).toMatchObject({ changed: 0, unchanged: 1, files: [] });
  });
});

describe('links to a version', () => {
  it('round-trips a volume and snapshot through the versions page’s route parameter', () => {
    const v = { connectionId: 'local-lab', svm: 'svm1', volume: 'vol1', snapshot: 'wb-tyre-20261122T101500Z' };
    expect(versionRouteParam(v)).toBe('local-lab/svm1/vol1@wb-tyre-20261122T101500Z');
    expect(parseVersionRouteParam(versionRouteParam(v))).toEqual(v);
    expect(parseVersionRouteParam('local-lab/svm1/vol1')).toEqual({ ...v, snapshot: null });
    expect(parseVersionRouteParam('vol1@x')).toBeNull();
  });
});
