import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preprocessImage } from '../../electron/core/inference/image-preprocess';
import { type Classifier, loadClassifier, softmax } from '../../electron/core/inference/onnx-model';
import { fixtureImages, makeModel } from '../fixtures/inference/make-model';
import { NO_TORCH_REASON, torchPython } from '../fixtures/inference/torch-python';
import { tempDir } from '../support/temp-dir';

const labels = ['defective', 'good'];

describe('softmax', () => {
  it('gives probabilities that sum to 1, stable for large logits', () => {
    const p = softmax([1000, 1001]);
    expect(p[0]! + p[1]!).toBeCloseTo(1, 12);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
  });
});

describe.skipIf(!torchPython)(
  `ONNX classifier with onnxruntime-node (real PyTorch export)${torchPython ? '' : ` — skipped: ${NO_TORCH_REASON}`}`,
  () => {
    const tmp = tempDir('inference-onnx-');
    let model: { path: string; logits: Record<string, number[]> };
    let classifier: Classifier;

    beforeAll(async () => {
      model = makeModel(tmp.path, 'tiny.onnx', { expectFor: fixtureImages });
      classifier = await loadClassifier(model.path, { labels });
    }, 120_000);
    afterAll(async () => {
      await classifier?.close();
      tmp.remove();
    });

    it('reads the input and output names and the image size from the model', () => {
      expect(classifier.inputName).toBe('input');
      expect(classifier.outputName).toBe('logits');
      expect(classifier.imageSize).toBe(224);
      expect(classifier.provider).toBe('cpu');
    });

    it.each(fixtureImages)('predicts %s as PyTorch does (same logits, same label)', async (file) => {
      const want = model.logits[basename(file)]!;
      const logits = await classifier.predictTensor(await preprocessImage(readFileSync(file)), 1);
      expect(Math.abs(logits[0]! - want[0]!)).toBeLessThan(1e-4);
      expect(Math.abs(logits[1]! - want[1]!)).toBeLessThan(1e-4);
      const prediction = await classifier.predictImage(readFileSync(file));
      expect(prediction.label).toBe(labels[want[0]! > want[1]! ? 0 : 1]);
      expect(prediction.scores.defective! + prediction.scores.good!).toBeCloseTo(1, 6);
    });

    it('classifies a batch the same as one image at a time', async () => {
      const tensors = await Promise.all(fixtureImages.map((f) => preprocessImage(readFileSync(f))));
      const batch = new Float32Array(tensors[0]!.length * 2);
      batch.set(tensors[0]!, 0);
      batch.set(tensors[1]!, tensors[0]!.length);
      const both = await classifier.predictTensor(batch, 2);
      const second = await classifier.predictTensor(tensors[1]!, 1);
      expect(both.length).toBe(4);
      expect(both[2]).toBeCloseTo(second[0]!, 5);
      expect(both[3]).toBeCloseTo(second[1]!, 5);
    });

    it('refuses a tensor of the wrong shape, naming the shape it expects', async () => {
      await expect(classifier.predictTensor(new Float32Array(10), 1)).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('[N, 3, 224, 224]'),
      });
    });

    it('runs on the CPU and says why when CUDA is asked for but not enabled', async () => {
      const other = await loadClassifier(model.path, { labels, provider: 'cuda', env: {} });
      expect(other.provider).toBe('cpu');
      expect(other.providerNote).toMatch(/WORKBENCH_ORT_CUDA=1/);
      await other.close();
      await expect(other.predictTensor(new Float32Array(3 * 224 * 224), 1)).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('explains a missing file and a file that is not a model', async () => {
      await expect(loadClassifier(join(tmp.path, 'absent.onnx'), { labels })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const junk = join(tmp.path, 'junk.onnx');
      writeFileSync(junk, 'not a model');
      await expect(loadClassifier(junk, { labels })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });
  },
);
