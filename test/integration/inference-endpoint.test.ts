import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/core/backend';
import { preprocessImage } from '../../electron/core/inference/image-preprocess';
import { type Classifier, loadClassifier } from '../../electron/core/inference/onnx-model';
import type { EndpointStatus, Model } from '../../shared/models';
import { openInferenceBackend, recordRun } from '../fixtures/inference/inference-backend';
import { fixtureImages, makeModel } from '../fixtures/inference/make-model';
import { NO_TORCH_REASON, torchPython } from '../fixtures/inference/torch-python';
import { tempDir } from '../support/temp-dir';

const labels = ['defective', 'good'];

/** A 224×224 tensor as nested arrays, as a client sends it in JSON. */
function nested(t: Float32Array, size = 224): number[][][] {
  return [0, 1, 2].map((c) =>
    Array.from({ length: size }, (_, y) => Array.from(t.subarray(c * size * size + y * size, c * size * size + (y + 1) * size))),
  );
}

describe.skipIf(!torchPython)(`inference endpoint over HTTP${torchPython ? '' : ` — skipped: ${NO_TORCH_REASON}`}`, () => {
  const models = tempDir('inference-endpoint-models-');
  let env: ReturnType<typeof openInferenceBackend>;
  let backend: Backend;
  let model: Model;
  let status: EndpointStatus;
  let local: Classifier;
  const url = (path: string) => `${status.url}${path}`;
  const post = (body: string | Uint8Array, type: string) =>
    fetch(url('/invocations'), { method: 'POST', body, headers: { 'Content-Type': type } });

  beforeAll(async () => {
    const made = makeModel(models.path, 'tiny.onnx', { seed: 5 });
    env = openInferenceBackend();
    backend = env.backend;
    const runId = recordRun(env.dataDir, { name: 'tyres-1', onnxPath: made.path, labels, accuracy: 0.75, onnxAccuracy: 0.75 });
    model = await backend.handlers['models.register']({ runId, name: 'tyre-classifier' });
    status = await backend.handlers['endpoint.start']({ modelId: model.id, host: '127.0.0.1', port: 0 });
    local = await loadClassifier(model.versions[0]!.onnxPath, { labels });
  }, 120_000);

  afterAll(async () => {
    await local?.close();
    await backend?.dispose();
    env?.remove();
    models.remove();
  });

  it('serves the production version on a free port and answers /ping', async () => {
    expect(status).toMatchObject({
      running: true,
      modelName: 'tyre-classifier',
      version: 1,
      provider: 'cpu',
      tokenRequired: false,
    });
    expect(status.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ping = await fetch(url('/ping'));
    expect(ping.status).toBe(200);
    expect(await ping.json()).toEqual({ status: 'ok', model: 'tyre-classifier', version: 1 });
  });

  it.each(fixtureImages)('answers %s with the same prediction as onnxruntime in-process', async (file) => {
    const bytes = readFileSync(file);
    const type = file.endsWith('.png') ? 'image/png' : 'image/jpeg';
    const res = await post(bytes, type);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { label: string; scores: Record<string, number> };
    const want = await local.predictImage(bytes);
    expect(body.label).toBe(want.label);
    for (const l of labels) expect(body.scores[l]).toBeCloseTo(want.scores[l]!, 6);
    const viaPredict = await backend.handlers['predict.image']({ modelId: model.id, image: { path: file } });
    expect(viaPredict.label).toBe(want.label);
    expect(viaPredict.width).toBe(basename(file).includes('300x200') ? 300 : 256);
  });

  it('takes a preprocessed JSON tensor: one image gives label and scores, N images give predictions', async () => {
    const tensors = await Promise.all(fixtureImages.map((f) => preprocessImage(readFileSync(f))));
    const one = await post(JSON.stringify({ instances: [nested(tensors[0]!)] }), 'application/json');
    expect(one.status).toBe(200);
    const want = await local.predictImage(readFileSync(fixtureImages[0]!));
    const body = (await one.json()) as { label: string; scores: Record<string, number> };
    expect(body.label).toBe(want.label);
    expect(body.scores.good).toBeCloseTo(want.scores.good!, 5);
    const many = await post(JSON.stringify({ inputs: tensors.map((t) => nested(t)) }), 'application/json');
    expect(many.status).toBe(200);
    const { predictions } = (await many.json()) as { predictions: { label: string }[] };
    expect(predictions).toHaveLength(2);
  });

  it('refuses bad input with a 4xx JSON error and keeps serving', async () => {
    const expectError = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(10);
      return body.error.message;
    };
    await expectError(await post('hello', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectError(await post('definitely not a jpeg', 'image/jpeg'), 400, 'INVALID_IMAGE');
    const shape = await expectError(
      await post(JSON.stringify({ instances: [[[1, 2, 3]]] }), 'application/json'),
      400,
      'WRONG_SHAPE',
    );
    expect(shape).toContain('[N, 3, 224, 224]');
    await expectError(await post('{not json', 'application/json'), 400, 'INVALID_JSON');
    await expectError(await post(new Uint8Array(0), 'image/jpeg'), 400, 'EMPTY_BODY');
    await expectError(await post(new Uint8Array(21 * 1024 * 1024), 'image/jpeg'), 413, 'BODY_TOO_LARGE');
    await expectError(await fetch(url('/predict')), 404, 'NOT_FOUND');
    const wrongMethod = await fetch(url('/invocations'));
    await expectError(wrongMethod, 405, 'METHOD_NOT_ALLOWED');
    expect(wrongMethod.headers.get('allow')).toBe('POST');

    const after = await post(readFileSync(fixtureImages[0]!), 'image/jpeg');
    expect(after.status).toBe(200);
    const now = await backend.handlers['endpoint.status']({});
    expect(now.errors).toBeGreaterThanOrEqual(7);
    expect(now.requests).toBeGreaterThan(now.errors);
    expect(now.latencyMs).not.toBeNull();
    expect(now.latencyMs!.p99).toBeGreaterThanOrEqual(now.latencyMs!.p50);
  });

  it('stops: the port no longer answers and the status says so', async () => {
    const stopped = await backend.handlers['endpoint.stop']({});
    expect(stopped).toMatchObject({ running: false, url: null });
    await expect(fetch(url('/ping'))).rejects.toThrow();
  });
});
