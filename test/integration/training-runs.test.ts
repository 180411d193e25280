import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';
import { fixtures, groupAlive, openBackend, runnerPid, writeTyreImages } from '../fixtures/training/harness';
import { preprocessImage } from '../../electron/core/inference/image-preprocess';
import { loadClassifier } from '../../electron/core/inference/onnx-model';
import { TrackingStore } from '../../electron/core/tracking/tracking-store';
import { evaluateRunOnnx } from '../../electron/core/training/run-onnx';

let home: ReturnType<typeof tempDir>;
let h: ReturnType<typeof openBackend>;
let datasetId: string;
let finishedRunId: string;

beforeAll(async () => {
  home = tempDir('training-runs-');
  await writeTyreImages(join(home.path, 'tyres'), 48);
  h = openBackend(join(home.path, 'data'));
  const source = await h.call('sources.addFolder', { path: join(home.path, 'tyres') });
  const dataset = await h.call('datasets.register', { name: 'Tyres (48)', sourceId: source.id, bucket: '.' });
  datasetId = dataset.id;
}, 60_000);
afterAll(async () => {
  await h?.backend.dispose();
  home?.remove();
});

describe('a real tyre-quality run through the backend (PyTorch on the CPU)', () => {
  it('trains, records everything, and the app’s ONNX re-evaluation agrees with PyTorch', async () => {
    const { jobId, runId } = await h.call('runs.start', {
      name: 'short tyre run',
      datasetId,
      code: { kind: 'recipe', recipe: 'tyre-quality' },
      params: { epochs: 1, train_size: 16, test_size: 16, batch_size: 16, workers: 0 },
      device: 'cpu',
    });
    expect(await h.backend.jobs.waitFor(jobId)).toMatchObject({ state: 'succeeded', kind: 'training.run' });

    const run = await h.call('runs.get', { id: runId });
    expect(run).toMatchObject({ name: 'short tyre run', status: 'finished', codeVersion: 'tyre-quality@1', device: 'cpu' });
    // The runner reports every parameter, defaults included.
    expect(run.params).toMatchObject({ epochs: 1, train_size: 16, test_size: 16, lr: 0.001, seed: 77, image_size: 224 });
    expect(run.env).toMatchObject({
      python: expect.stringMatching(/python/),
      torch: expect.any(String),
      torchvision: expect.any(String),
    });
    expect(run.version).toMatchObject({ datasetId, kind: 'listing', listingHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(run.artifacts.map((a) => a.kind)).toEqual(
      expect.arrayContaining(['split', 'model-onnx', 'model-torchscript', 'confusion-matrix']),
    );
    expect(run.artifacts.find((a) => a.kind === 'model-onnx')!.bytes).toBeGreaterThan(1000);
    expect(run.metrics['train/loss']).toMatchObject({ count: 1, step: 1 });
    expect(run.metrics['test/accuracy']).toBeDefined();
    // The fake nvidia-smi on PATH says 87 %: sampled while the run went.
    expect(run.metrics['system/gpu0/utilization_pct']).toMatchObject({ last: 87 });
    expect(run.metrics['system/gpu0/memory_mib']).toMatchObject({ last: 40960 });

    expect(run.evaluation).toMatchObject({ labels: ['defective', 'good'], samples: 16 });
    expect(run.onnxEvaluation).toMatchObject({
      labels: ['defective', 'good'],
      samples: 16,
      provider: 'cpu',
      agreesWithTorch: true,
    });
    expect(Math.abs(run.onnxEvaluation!.accuracy - run.evaluation!.accuracy) * 100).toBeLessThanOrEqual(0.5);
    expect(run.onnxEvaluation!.differencePoints).toBeCloseTo((run.onnxEvaluation!.accuracy - run.evaluation!.accuracy) * 100, 6);
    expect(run.exitCode).toBe(0);
    expect(run.error).toBeNull();

    const { series } = await h.call('runs.metrics', { runIds: [runId], keys: ['train/loss'] });
    expect(series).toEqual([expect.objectContaining({ runId, key: 'train/loss', total: 1, step: [1] })]);
    const logs = await h.call('runs.logs', { id: runId });
    expect(logs.truncated).toBe(false);

    const statuses = h
      .eventsOf('runs.changed')
      .filter((e) => e.run.id === runId)
      .map((e) => e.run.status);
    expect(statuses[0]).toBe('queued');
    expect(statuses).toContain('running');
    expect(statuses.at(-1)).toBe('finished');
    expect(h.eventsOf('runs.metrics').some((e) => e.runId === runId && e.points.some((p) => p.key === 'train/loss'))).toBe(true);
    expect((await h.call('runs.list', {})).runs[0]).toMatchObject({ id: runId, status: 'finished' });
    finishedRunId = runId;
  }, 180_000);

  it('gives, through onnxruntime-node and its own preprocessing, the logits PyTorch gives through PIL', async () => {
    const run = await h.call('runs.get', { id: finishedRunId });
    const spec = JSON.parse(readFileSync(join(home.path, 'data/runs', finishedRunId, 'spec.json'), 'utf8')) as {
      data: { dir: string };
    };
    const split = JSON.parse(readFileSync(run.artifacts.find((a) => a.kind === 'split')!.path, 'utf8')) as {
      test: { path: string }[];
    };
    const images = split.test.slice(0, 4).map((f) => join(spec.data.dir, f.path));
    const torchscript = run.artifacts.find((a) => a.kind === 'model-torchscript')!.path;
    const expected = JSON.parse(
      execFileSync(run.env!.python!, [join(fixtures, 'torch_logits.py'), torchscript, '224', ...images], {
        encoding: 'utf8',
        timeout: 120_000,
      }),
    ) as number[][];
    const classifier = await loadClassifier(run.artifacts.find((a) => a.kind === 'model-onnx')!.path, {
      labels: ['defective', 'good'],
    });
    try {
      for (const [i, image] of images.entries()) {
        const logits = await classifier.predictTensor(await preprocessImage(readFileSync(image), 224), 1);
        const scale = Math.max(1, ...expected[i]!.map(Math.abs));
        for (const [c, value] of expected[i]!.entries()) expect(Math.abs(logits[c]! - value) / scale).toBeLessThan(1e-3);
      }
    } finally {
      await classifier.close();
    }
  }, 180_000);

  it('records a disagreement between the ONNX and PyTorch accuracies instead of hiding it', async () => {
    // A second connection to the app's database, as a later app version would have: WAL lets both read and write.
    const store = new TrackingStore(join(home.path, 'data'));
    try {
      const evaluation = store.get(finishedRunId).evaluation!;
      store.setEvaluation(finishedRunId, { ...evaluation, accuracy: evaluation.accuracy >= 0.5 ? 0 : 1 });
      const spec = JSON.parse(readFileSync(join(home.path, 'data/runs', finishedRunId, 'spec.json'), 'utf8')) as {
        data: { dir: string };
      };
      const problem = await evaluateRunOnnx({
        runId: finishedRunId,
        tracking: store,
        dataDir: spec.data.dir,
        env: {},
        signal: new AbortController().signal,
        onProgress: () => undefined,
      });
      expect(problem).toMatch(/The ONNX model's accuracy \(.*%\) differs from PyTorch's \(.*%\) by .* points/);
      expect(store.get(finishedRunId).onnxEvaluation).toMatchObject({ agreesWithTorch: false, provider: 'cpu' });
      expect(Math.abs(store.get(finishedRunId).onnxEvaluation!.differencePoints)).toBeGreaterThan(0.5);
    } finally {
      store.close();
    }
  }, 60_000);

  it('cancel during training stops the runner’s whole process group and ends run and job as cancelled', async () => {
    const { jobId, runId } = await h.call('runs.start', {
      datasetId,
      code: { kind: 'recipe', recipe: 'tyre-quality' },
      // DataLoader workers are child processes in the runner's group: cancel must stop them too.
      params: { epochs: 5, train_size: 32, test_size: 16, batch_size: 4, workers: 2 },
      device: 'cpu',
    });
    await h.until(
      () => h.eventsOf('job.progress').some((p) => p.jobId === jobId && /epoch 1\/5/.test(p.message)),
      'the first epoch to start',
      120_000,
    );
    const pid = runnerPid(runId)!;
    expect(pid).toBeGreaterThan(0);
    expect(await h.call('runs.cancel', { id: runId })).toEqual({ cancelled: true, status: 'cancelled' });
    // Killed processes of the group may take a moment to be reaped.
    await h.until(() => !groupAlive(pid), 'the process group to be gone', 10_000);
    expect(h.backend.jobs.get(jobId)).toMatchObject({ state: 'cancelled' });
    expect(await h.call('runs.get', { id: runId })).toMatchObject({ status: 'cancelled', endedAt: expect.any(String) });
    // Cancelling again changes nothing.
    expect(await h.call('runs.cancel', { id: runId })).toEqual({ cancelled: false, status: 'cancelled' });
  }, 180_000);
});
