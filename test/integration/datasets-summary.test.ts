import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFolderDataset } from '../../electron/core/datasets/preregister';
import { SAMPLE_COUNTS, SAMPLE_PREFIX } from '../../electron/lab/model/sample-dataset';
import { openBrowseFixture, type BrowseFixture } from '../support/browse-fixture';

const SCALE = 0.05;
// The lab draws round(count × scale) images of each class; the summary must count them exactly.
const expected = {
  defective: Math.round(SAMPLE_COUNTS.defective * SCALE),
  good: Math.round(SAMPLE_COUNTS.good * SCALE),
};

let f: BrowseFixture;
let profileId: string;
let sampleFolder: string;

beforeAll(async () => {
  f = await openBrowseFixture({ sampleScale: SCALE });
  profileId = await f.addLabProfile();
  // The volume's directory, as the app registers it (no trailing slash: the path a user would pick).
  sampleFolder = join(f.lab.lab.volumes.root(f.lab.vol1.uuid), ...SAMPLE_PREFIX.split('/').filter(Boolean));
});
afterAll(async () => {
  await f?.close();
});

/** Asks for a summary, waits for its job (the registry's own promise, no polling) and asks again. */
async function summary(id: string, refresh = false) {
  const started = await f.call('datasets.summary', { id, refresh });
  if (started.jobId) {
    const job = await f.backend.jobs.waitFor(started.jobId);
    expect(job).toMatchObject({ state: 'succeeded', kind: 'datasets.summary' });
    expect(job.done).toBeGreaterThan(0);
  }
  const done = await f.call('datasets.summary', { id });
  expect(done.jobId).toBeNull();
  return done.summary!;
}

describe('dataset summary of the lab sample', () => {
  it('counts the classes of the sample over S3 exactly, with bytes and image sizes', async () => {
    const dataset = await f.call('datasets.register', {
      name: 'Tyres over S3',
      sourceId: profileId,
      bucket: 'bucket1',
      prefix: 'dataset/tyre/',
    });
    expect(dataset).toMatchObject({ labelRule: { kind: 'leading-word' }, summary: null });
    const s = await summary(dataset.id);
    expect(s.classes).toEqual([
      { label: 'defective', count: expected.defective },
      { label: 'good', count: expected.good },
    ]);
    // The images and the README beside them.
    expect(s.objectCount).toBe(expected.defective + expected.good + 1);
    expect(s.totalBytes).toBeGreaterThan(s.objectCount * 1000);
    expect(s.sampledImages).toBeGreaterThan(0);
    const sized = s.imageSizes.reduce((n, x) => n + x.count, 0);
    expect(sized).toBe(s.sampledImages);
    expect(s.imageSizes[0]).toMatchObject({ width: expect.any(Number), height: expect.any(Number) });
    // Stored with the dataset and announced.
    const listed = (await f.call('datasets.list', {})).datasets.find((d) => d.id === dataset.id);
    expect(listed?.summary).toEqual(s);
    expect(f.events.some((e) => e.name === 'datasets.changed')).toBe(true);
  });

  it('counts the same classes from the volume as a local folder, and by a regex rule', async () => {
    const source = await f.call('sources.addFolder', { path: sampleFolder });
    expect(source).toMatchObject({ kind: 'folder', bucket: '.', location: sampleFolder });
    const byWord = await f.call('datasets.register', { name: 'Tyres on disk', sourceId: source.id, bucket: '.' });
    expect((await summary(byWord.id)).classes).toEqual([
      { label: 'defective', count: expected.defective },
      { label: 'good', count: expected.good },
    ]);
    const byRegex = await f.call('datasets.register', {
      name: 'Tyres by regex',
      sourceId: source.id,
      bucket: '.',
      labelRule: { kind: 'regex', pattern: '^(good)_' },
    });
    expect((await summary(byRegex.id)).classes).toEqual([
      { label: '(unlabelled)', count: expected.defective },
      { label: 'good', count: expected.good },
    ]);
  });

  it('browses the local folder in pages with the same shape as S3', async () => {
    const source = await f.call('sources.addFolder', { path: sampleFolder });
    const first = await f.call('browse.list', { sourceId: source.id, bucket: '.', maxKeys: 10 });
    // Code-unit order, as S3 lists: "README.txt" before "defective_…".
    expect(first.objects.map((o) => o.name)).toEqual([
      'README.txt',
      ...Array.from({ length: 9 }, (_, i) => `defective_${String(i + 1).padStart(4, '0')}.jpg`),
    ]);
    const second = await f.call('browse.list', {
      sourceId: source.id,
      bucket: '.',
      maxKeys: 10,
      continuationToken: first.nextToken,
    });
    expect(second.objects[0]!.name).toBe('defective_0010.jpg');
    const thumb = await f.call('browse.thumbnail', { sourceId: source.id, bucket: '.', key: 'good_0001.jpg', size: 64 });
    expect(thumb).toMatchObject({ dataUrl: expect.stringMatching(/^data:image\/jpeg;base64,/), cached: false });
  });

  it('pre-registers a folder dataset once, however often it runs', async () => {
    const options = { name: 'Tyre quality (synthetic sample)', folder: sampleFolder, sourceName: 'Local lab' };
    const a = await ensureFolderDataset(f.backend.handlers, options);
    const b = await ensureFolderDataset(f.backend.handlers, options);
    expect(b.id).toBe(a.id);
    const { datasets } = await f.call('datasets.list', {});
    expect(datasets.filter((d) => d.name === options.name)).toHaveLength(1);
    const { sources } = await f.call('sources.list', {});
    expect(sources.filter((s) => s.location === sampleFolder)).toHaveLength(1);
  });

  it('explains bad registrations: missing folder, name taken, bad regex, bucket of a folder', async () => {
    expect(await f.failure('sources.addFolder', { path: join(sampleFolder, 'nope') })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await f.failure('sources.addFolder', { path: 'relative/path' })).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/not an absolute path/),
    });
    expect(
      await f.failure('datasets.register', {
        name: 'Tyres over S3',
        sourceId: profileId,
        bucket: 'bucket1',
        prefix: 'dataset/tyre/',
      }),
    ).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/already registered/) });
    expect(
      await f.failure('datasets.register', {
        name: 'x',
        sourceId: profileId,
        bucket: 'bucket1',
        labelRule: { kind: 'regex', pattern: '(' },
      }),
    ).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/not a valid regular expression/) });
    expect(
      await f.failure('datasets.register', { name: 'y', sourceId: profileId, bucket: 'bucket1', prefix: 'dataset' }),
    ).toMatchObject({
      message: expect.stringMatching(/ends with "\/"/),
    });
    expect(await f.failure('datasets.register', { name: 'z', sourceId: profileId, bucket: 'missing-bucket' })).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
