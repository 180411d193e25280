import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../electron/core/event-bus';
import { modelHandlers } from '../../electron/core/inference/handlers';
import { JobRegistry } from '../../electron/core/jobs/job-registry';
import type { ServiceContext } from '../../electron/core/services';
import { TrackingStore } from '../../electron/core/tracking/tracking-store';
import type { Model } from '../../shared/models';
import { MemorySecrets } from '../support/memory-secrets';
import { openInferenceBackend, recordRun } from '../fixtures/inference/inference-backend';
import { fixtureImages, makeModel } from '../fixtures/inference/make-model';
import { NO_TORCH_REASON, torchPython } from '../fixtures/inference/torch-python';
import { tempDir } from '../support/temp-dir';

const labels = ['defective', 'good'];

describe.skipIf(!torchPython)(`model registry in tracking.db${torchPython ? '' : ` — skipped: ${NO_TORCH_REASON}`}`, () => {
  const data = tempDir('inference-registry-');
  const runsDir = tempDir('inference-registry-runs-');
  const runIds: string[] = [];

  beforeAll(() => {
    for (const seed of [1, 2, 3]) {
      const made = makeModel(runsDir.path, `m${seed}.onnx`, { seed });
      runIds.push(recordRun(data.path, { name: `run-${seed}`, onnxPath: made.path, labels, accuracy: 0.6 + seed / 10 }));
    }
  }, 120_000);
  afterAll(() => {
    data.remove();
    runsDir.remove();
  });

  it('registers, promotes and rolls back, and all of it is there after the app reopens', async () => {
    const first = openInferenceBackend(data.path);
    let model: Model | undefined;
    try {
      for (const runId of runIds) model = await first.backend.handlers['models.register']({ runId, name: 'tyre-classifier' });
      expect(model!.versions.map((v) => v.version)).toEqual([1, 2, 3]);
      expect(model!.productionVersion).toBe(1); // a model's first version starts in production
      const v3 = model!.versions[2]!;
      expect(v3).toMatchObject({
        runId: runIds[2],
        runName: 'run-3',
        labels,
        datasetVersionLabel: 'vol1@wb-tyres-20260101T000000Z',
      });
      expect(v3.metrics['test/accuracy']).toBeCloseTo(0.9, 10);
      expect(v3.metrics['onnx/accuracy']).toBeCloseTo(0.9, 10);
      expect(v3.onnxPath).toBe(join(data.path, 'models', model!.id, '3', 'model.onnx'));

      await first.backend.handlers['models.promote']({ modelId: model!.id, version: 3, reason: 'best accuracy' });
      await first.backend.handlers['models.promote']({ modelId: model!.id, version: 2 });
      const rolled = await first.backend.handlers['models.rollback']({ modelId: model!.id });
      expect(rolled).toMatchObject({ productionVersion: 3, previousProductionVersion: 1 });
    } finally {
      await first.backend.dispose();
    }

    const second = openInferenceBackend(data.path);
    try {
      const { models } = await second.backend.handlers['models.list']({});
      expect(models).toHaveLength(1);
      expect(models[0]).toMatchObject({ name: 'tyre-classifier', productionVersion: 3, previousProductionVersion: 1 });
      expect(models[0]!.history.map((h) => [h.action, h.version])).toEqual([
        ['promote', 1],
        ['promote', 3],
        ['promote', 2],
        ['rollback', 3],
      ]);
      expect(models[0]!.history[1]!.reason).toBe('best accuracy');
      const back = await second.backend.handlers['models.rollback']({ modelId: models[0]!.id });
      expect(back.productionVersion).toBe(1);
      await expect(second.backend.handlers['models.rollback']({ modelId: models[0]!.id })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    } finally {
      await second.backend.dispose();
    }
  });

  it('keeps serving a version after its run and the run’s files are deleted (the registry has its own copy)', async () => {
    const made = makeModel(runsDir.path, 'doomed.onnx', { seed: 9 });
    const runId = recordRun(data.path, { name: 'doomed', onnxPath: made.path, labels, accuracy: 0.5 });
    const env = openInferenceBackend(data.path);
    try {
      const model = await env.backend.handlers['models.register']({ runId, name: 'copy-check' });
      rmSync(made.path);
      await env.backend.handlers['runs.delete']({ id: runId }).catch(() => undefined);
      expect(existsSync(model.versions[0]!.onnxPath)).toBe(true);
      const p = await env.backend.handlers['predict.image']({ modelId: model.id, image: { path: fixtureImages[0]! } });
      expect(labels).toContain(p.label);
    } finally {
      await env.backend.dispose();
    }
  });

  it('refuses a run that did not finish, or has no ONNX model, with a clear error', async () => {
    const failed = recordRun(data.path, {
      name: 'crashed',
      onnxPath: join(runsDir.path, 'm1.onnx'),
      labels,
      accuracy: 0,
      status: 'failed',
    });
    const noOnnx = recordRun(data.path, { name: 'script-run', labels, accuracy: 0.5 });
    const env = openInferenceBackend(data.path);
    try {
      await expect(env.backend.handlers['models.register']({ runId: failed, name: 'x' })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/crashed is failed; only a finished run/),
      });
      await expect(env.backend.handlers['models.register']({ runId: noOnnx, name: 'x' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringMatching(/script-run has no ONNX model/),
      });
      await expect(env.backend.handlers['models.register']({ runId: 'no-such-run', name: 'x' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const { models } = await env.backend.handlers['models.list']({});
      expect(models.map((m) => m.name)).not.toContain('x');
    } finally {
      await env.backend.dispose();
    }
  });

  it('adds each run’s models to its page and to lineage, so deleting the snapshot they read warns about them', async () => {
    const tracking = new TrackingStore(data.path);
    const bus = new EventBus();
    const ctx = {
      dataDir: data.path,
      env: process.env,
      bus,
      jobs: new JobRegistry(bus),
      secrets: new MemorySecrets(),
      tracking,
      runLookup: tracking,
    } as unknown as ServiceContext;
    try {
      const handlers = modelHandlers(ctx);
      const model = await handlers['models.register']({ runId: runIds[0]!, name: 'lineage-check' });
      const runs = ctx.runLookup!.runsUsingSnapshot({
        connectionId: 'lab',
        svm: 'svm1',
        volume: 'vol1',
        snapshot: 'wb-tyres-20260101T000000Z',
      });
      const first = runs.find((r) => r.id === runIds[0]);
      expect(first?.models).toContainEqual({ id: model.id, name: 'lineage-check', version: 1 });
      expect(tracking.get(runIds[0]!).models).toContainEqual({ id: model.id, name: 'lineage-check', version: 1 });
    } finally {
      tracking.close();
    }
  });
});
