import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/core/backend';
import { loadClassifier } from '../../electron/core/inference/onnx-model';
import type { Model } from '../../shared/models';
import { openInferenceBackend, recordRun } from '../fixtures/inference/inference-backend';
import { fixtureImages, makeModel } from '../fixtures/inference/make-model';
import { NO_TORCH_REASON, torchPython } from '../fixtures/inference/torch-python';
import { tempDir } from '../support/temp-dir';

const labels = ['defective', 'good'];

describe.skipIf(!torchPython)(`predictions from the UI${torchPython ? '' : ` — skipped: ${NO_TORCH_REASON}`}`, () => {
  const files = tempDir('inference-predict-files-');
  let env: ReturnType<typeof openInferenceBackend>;
  let backend: Backend;
  let model: Model;
  let sourceId: string;

  beforeAll(async () => {
    const made = makeModel(files.path, 'tiny.onnx', { seed: 3 });
    env = openInferenceBackend();
    backend = env.backend;
    model = await backend.handlers['models.register']({
      runId: recordRun(env.dataDir, { name: 'r', onnxPath: made.path, labels, accuracy: 0.8 }),
      name: 'tyres',
    });
    const folder = join(files.path, 'dataset');
    mkdirSync(join(folder, 'test', 'many'), { recursive: true });
    copyFileSync(fixtureImages[0]!, join(folder, 'test', 'defective, tread.jpg')); // a comma: the CSV must quote it
    copyFileSync(fixtureImages[1]!, join(folder, 'test', 'good-1.png'));
    writeFileSync(join(folder, 'test', 'notes.txt'), 'not an image');
    writeFileSync(join(folder, 'test', 'broken.jpg'), 'not really a jpeg');
    for (let i = 0; i < 300; i++) copyFileSync(fixtureImages[0]!, join(folder, 'test', 'many', `img-${i}.jpg`));
    sourceId = (await backend.handlers['sources.addFolder']({ path: folder })).id;
  }, 120_000);

  afterAll(async () => {
    await backend?.dispose();
    env?.remove();
    files.remove();
  });

  it('predicts an object picked in the dataset browser like onnxruntime does on its bytes', async () => {
    const p = await backend.handlers['predict.image']({
      modelId: model.id,
      image: { sourceId, bucket: '.', key: 'test/good-1.png' },
    });
    const local = await loadClassifier(model.versions[0]!.onnxPath, { labels });
    const want = await local.predictImage(readFileSync(fixtureImages[1]!));
    await local.close();
    expect(p).toMatchObject({ label: want.label, width: 300, height: 200 });
    expect(p.scores.good).toBeCloseTo(want.scores.good!, 6);
  });

  it('explains a missing file and a file that is not an image', async () => {
    await expect(
      backend.handlers['predict.image']({ modelId: model.id, image: { path: join(files.path, 'absent.jpg') } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      backend.handlers['predict.image']({ modelId: model.id, image: { sourceId, bucket: '.', key: 'test/notes.txt' } }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('batch-predicts a prefix into a CSV: one row per image, labels counted, non-images left out', async () => {
    const { jobId } = await backend.handlers['predict.batch']({ modelId: model.id, sourceId, bucket: '.', prefix: 'test/good' });
    const end = await backend.jobs.waitFor(jobId);
    expect(end.error).toBeNull();
    expect(end).toMatchObject({ state: 'succeeded', unit: 'files', done: 1, total: 1 });
    const both = await backend.handlers['predict.batch']({ modelId: model.id, sourceId, bucket: '.', prefix: 'test/' });
    expect((await backend.jobs.waitFor(both.jobId)).state).toBe('succeeded');
    const result = await backend.handlers['predict.batchResult']({ jobId: both.jobId });
    expect(result.rows).toBe(302);
    expect(result.skipped).toBe(1); // broken.jpg; notes.txt is not listed as an image at all
    expect(Object.values(result.byLabel).reduce((a, b) => a + b, 0)).toBe(302);
    const csv = readFileSync(result.csvPath, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('key,label,score_defective,score_good');
    expect(csv.some((l) => l.startsWith('"test/defective, tread.jpg",'))).toBe(true);
    expect(csv.some((l) => l.startsWith('test/good-1.png,'))).toBe(true);
    expect(csv).toHaveLength(303);
    expect(result.csvPath).toBe(join(env.dataDir, 'predictions', `${both.jobId}.csv`));
  });

  it('cancels a batch mid-way and leaves no CSV behind', async () => {
    let resolveStarted: () => void = () => undefined;
    const started = new Promise<void>((r) => (resolveStarted = r));
    let jobId = '';
    const unsubscribe = backend.bus.subscribe((name, payload) => {
      if (name === 'job.progress' && (payload as { jobId: string; done: number }).jobId === jobId) {
        if ((payload as { done: number }).done >= 1) resolveStarted();
      }
    });
    ({ jobId } = await backend.handlers['predict.batch']({ modelId: model.id, sourceId, bucket: '.', prefix: 'test/many/' }));
    await started;
    unsubscribe();
    expect(backend.jobs.cancel(jobId)).toEqual({ cancelled: true, state: 'running' });
    const ended = await backend.jobs.waitFor(jobId);
    expect(ended.state).toBe('cancelled');
    expect(ended.done).toBeLessThan(300);
    expect(existsSync(join(env.dataDir, 'predictions', `${jobId}.csv`))).toBe(false);
    expect(existsSync(join(env.dataDir, 'predictions', `${jobId}.csv.partial`))).toBe(false);
    await expect(backend.handlers['predict.batchResult']({ jobId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
