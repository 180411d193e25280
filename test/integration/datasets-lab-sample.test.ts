import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/core/backend';
import { dispatch } from '../../electron/core/contract/dispatch';
import { attachLab, LAB_SAMPLE_DATASET } from '../../electron/lab/attach';
import { SAMPLE_COUNTS } from '../../electron/lab/model/sample-dataset';
import type { MethodName, MethodOutput } from '../../shared/contract';
import { repoRoot, tempDir } from '../support/temp-dir';

let home: ReturnType<typeof tempDir>;
let backend: Backend;

async function call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
  const answer = await dispatch(backend.handlers, method, input);
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
  return answer.result as MethodOutput<M>;
}

beforeAll(async () => {
  home = tempDir('lab-sample-');
  backend = createBackend({
    dataDir: join(home.path, 'data'),
    resourcesDir: join(repoRoot, 'resources'),
    version: '0.0.0-test',
    mode: 'test',
    env: { ...process.env, WORKBENCH_SECRETS_PASSPHRASE: undefined },
  });
  // The full-scale sample as the app seeds it; the drawn images are cached across runs, as in the app.
  attachLab(backend, { dataDir: join(home.path, 'data'), cacheDir: join(tmpdir(), 'workbench-test-sample-cache'), env: {} });
  const start = backend.jobs.list().find((j) => j.kind === 'lab.start')!;
  expect(await backend.jobs.waitFor(start.jobId)).toMatchObject({ state: 'succeeded' });
}, 180_000);
afterAll(async () => {
  await backend?.dispose();
  home?.remove();
});

describe('the app’s lab pre-registers its sample dataset', () => {
  it('registers "Tyre quality (synthetic sample)" and counts 1,028 defective and 828 good', async () => {
    const { datasets } = await call('datasets.list', {});
    const sample = datasets.find((d) => d.name === LAB_SAMPLE_DATASET);
    expect(sample).toMatchObject({ bucket: '.', prefix: '', labelRule: { kind: 'leading-word' } });
    const { jobId } = await call('datasets.summary', { id: sample!.id });
    expect(await backend.jobs.waitFor(jobId!)).toMatchObject({
      state: 'succeeded',
      done: SAMPLE_COUNTS.defective + SAMPLE_COUNTS.good + 1,
    });
    const { summary } = await call('datasets.summary', { id: sample!.id });
    expect(summary!.classes).toEqual([
      { label: 'defective', count: SAMPLE_COUNTS.defective },
      { label: 'good', count: SAMPLE_COUNTS.good },
    ]);
  }, 120_000);
});
