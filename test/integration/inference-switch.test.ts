import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/core/backend';
import type { Model } from '../../shared/models';
import { openInferenceBackend, recordRun } from '../fixtures/inference/inference-backend';
import { fixtureImages, makeModel } from '../fixtures/inference/make-model';
import { NO_TORCH_REASON, torchPython } from '../fixtures/inference/torch-python';
import { tempDir } from '../support/temp-dir';

const labels = ['defective', 'good'];
const image = readFileSync(fixtureImages[0]!);

interface Answer {
  ok: boolean;
  status: number;
  score: number;
  /** Sent after models.promote returned (so the endpoint had switched). */
  sentAfterSwitch: boolean;
}

describe.skipIf(!torchPython)(`switching the served version${torchPython ? '' : ` — skipped: ${NO_TORCH_REASON}`}`, () => {
  const models = tempDir('inference-switch-models-');
  let env: ReturnType<typeof openInferenceBackend>;
  let backend: Backend;
  let model: Model;
  let expected: Record<number, number>;

  beforeAll(async () => {
    env = openInferenceBackend();
    backend = env.backend;
    expected = {};
    // Two seeds: two versions whose scores for the same image differ, so a response says which version answered.
    for (const [i, seed] of [11, 12].entries()) {
      const made = makeModel(models.path, `v${i + 1}.onnx`, { seed, expectFor: [fixtureImages[0]!] });
      const runId = recordRun(env.dataDir, { name: `run-${seed}`, onnxPath: made.path, labels, accuracy: 0.7 + i / 10 });
      model = await backend.handlers['models.register']({ runId, name: 'tyre-classifier' });
      const logits = Object.values(made.logits)[0]!;
      expected[i + 1] = 1 / (1 + Math.exp(logits[0]! - logits[1]!)); // softmax score of "good"
    }
  }, 120_000);

  afterAll(async () => {
    await backend?.dispose();
    env?.remove();
    models.remove();
  });

  it('promoting under 4 looping clients switches the endpoint with zero failed requests', async () => {
    expect(Math.abs(expected[1]! - expected[2]!)).toBeGreaterThan(1e-4);
    const status = await backend.handlers['endpoint.start']({ modelId: model.id, host: '127.0.0.1', port: 0 });
    expect(status).toMatchObject({ version: 1, followsProduction: true });
    const answers: Answer[] = [];
    let switched = false;
    let afterSwitch = 0;
    const deadline = Date.now() + 60_000;
    const client = async () => {
      while (!(switched && afterSwitch >= 50) && Date.now() < deadline) {
        let answer: Answer;
        const sentAfterSwitch = switched;
        try {
          const res = await fetch(`${status.url}/invocations`, {
            method: 'POST',
            body: image,
            headers: { 'Content-Type': 'image/jpeg' },
          });
          const body = (await res.json()) as { scores?: Record<string, number> };
          answer = { ok: res.ok, status: res.status, score: body.scores?.good ?? NaN, sentAfterSwitch };
        } catch {
          answer = { ok: false, status: 0, score: NaN, sentAfterSwitch };
        }
        answers.push(answer);
        if (sentAfterSwitch) afterSwitch += 1;
      }
    };
    const clients = Array.from({ length: 4 }, client);
    // Let the loop get going before the switch, waiting on answers rather than time.
    while (answers.length < 20 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    const promoted = await backend.handlers['models.promote']({ modelId: model.id, version: 2, reason: 'better accuracy' });
    switched = true;
    await Promise.all(clients);

    expect(promoted.productionVersion).toBe(2);
    expect(afterSwitch).toBeGreaterThanOrEqual(50);
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    const isV1 = (a: Answer) => Math.abs(a.score - expected[1]!) < 1e-5;
    const isV2 = (a: Answer) => Math.abs(a.score - expected[2]!) < 1e-5;
    expect(answers.filter(isV1).length).toBeGreaterThanOrEqual(20);
    expect(answers.every((a) => isV1(a) || isV2(a))).toBe(true);
    // Every request sent once the promotion returned was answered by version 2.
    const after = answers.filter((a) => a.sentAfterSwitch);
    expect(after.length).toBeGreaterThanOrEqual(50);
    expect(after.every(isV2)).toBe(true);
    expect(answers.at(-1)!.score).toBeCloseTo(expected[2]!, 5);
    expect((await backend.handlers['endpoint.status']({})).version).toBe(2);

    const rolledBack = await backend.handlers['models.rollback']({ modelId: model.id });
    expect(rolledBack.productionVersion).toBe(1);
    const ping = (await (await fetch(`${status.url}/ping`)).json()) as { version: number };
    expect(ping.version).toBe(1);
    await backend.handlers['endpoint.stop']({});
  });

  it('asks for the bearer token when bound to 0.0.0.0', async () => {
    const status = await backend.handlers['endpoint.start']({ modelId: model.id, version: 2, host: '0.0.0.0', port: 0 });
    expect(status).toMatchObject({ tokenRequired: true, followsProduction: false, version: 2 });
    const { token } = await backend.handlers['endpoint.token']({});
    const at = `http://127.0.0.1:${status.port}`;
    const invoke = (headers: Record<string, string>) =>
      fetch(`${at}/invocations`, { method: 'POST', body: image, headers: { 'Content-Type': 'image/jpeg', ...headers } });

    const none = await invoke({});
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect((await invoke({ Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await fetch(`${at}/ping`)).status).toBe(401);
    const good = await invoke({ Authorization: `Bearer ${token}` });
    expect(good.status).toBe(200);
    expect(((await good.json()) as { scores: Record<string, number> }).scores.good).toBeCloseTo(expected[2]!, 5);
    await backend.handlers['endpoint.stop']({});
  });
});
