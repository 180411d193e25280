import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachLab, LAB_SAMPLE_DATASET } from '../../electron/lab/attach';
import { tempDir } from '../support/temp-dir';
import { openBackend } from '../fixtures/training/harness';

let home: ReturnType<typeof tempDir>;
let h: ReturnType<typeof openBackend>;

beforeAll(async () => {
  home = tempDir('training-lab-');
  h = openBackend(join(home.path, 'data'));
  // The app's own lab and sample dataset; the drawn images are cached across test runs, as in the app.
  attachLab(h.backend, { dataDir: join(home.path, 'data'), cacheDir: join(tmpdir(), 'workbench-test-sample-cache'), env: {} });
  const start = h.backend.jobs.list().find((j) => j.kind === 'lab.start')!;
  expect(await h.backend.jobs.waitFor(start.jobId)).toMatchObject({ state: 'succeeded' });
}, 180_000);
afterAll(async () => {
  await h?.backend.dispose();
  home?.remove();
});

describe('training on the lab’s sample dataset, as a new user does', () => {
  it('pins a new snapshot of the volume, trains on the cached copy, and the snapshot lists the run', async () => {
    const sample = (await h.call('datasets.list', {})).datasets.find((d) => d.name === LAB_SAMPLE_DATASET)!;
    const { jobId, runId } = await h.call('runs.start', {
      datasetId: sample.id,
      code: { kind: 'recipe', recipe: 'tyre-quality' },
      // The first 48 of the 1,856 images keep this short on a CPU.
      params: { epochs: 1, limit: 48, train_size: 16, test_size: 16, batch_size: 16, workers: 0 },
      device: 'cpu',
    });
    expect(await h.backend.jobs.waitFor(jobId)).toMatchObject({ state: 'succeeded' });
    const run = await h.call('runs.get', { id: runId });
    expect(run).toMatchObject({
      status: 'finished',
      version: { kind: 'snapshot', svm: 'svm1', volume: 'vol1', snapshot: expect.stringMatching(/^wb-/) },
      evaluation: { labels: ['defective', 'good'], samples: 16 },
      onnxEvaluation: { samples: 16, agreesWithTorch: true },
    });
    const { connectionId, svm, volume, snapshot } = run.version!;
    const versions = await h.call('versions.snapshots', { connectionId, svm, volume });
    const pinned = versions.snapshots.find((s) => s.name === snapshot);
    expect(pinned?.runs).toEqual([expect.objectContaining({ id: runId, status: 'finished' })]);
  }, 180_000);
});
