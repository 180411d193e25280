import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBackend, type Backend } from '../../electron/core/backend';
import type { Handlers } from '../../electron/core/contract/dispatch';
import type { PipelineRun } from '../../shared/schedules';
import { fixtureImages, makeModel } from '../fixtures/inference/make-model';
import { recordRun } from '../fixtures/inference/inference-backend';
import { torchPython } from '../fixtures/inference/torch-python';
import { repoRoot, tempDir } from '../support/temp-dir';

// The smallest real training the recipe allows: 48 images, 32 to train on, 16 held out, one epoch.
const params = { limit: 48, train_size: 32, test_size: 16, epochs: 1, workers: 0 };

let home: ReturnType<typeof tempDir>;
let backend: Backend;
let h: Handlers;
let templateRunId: string;

/** 24 dark "defective" and 24 bright "good" JPEGs (labelled by the leading word of their names). */
async function writeImages(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 48; i++) {
    const defective = i % 2 === 0;
    const level = defective ? 30 + (i % 7) * 5 : 200 + (i % 7) * 5;
    const name = `${defective ? 'defective' : 'good'}_${String(i).padStart(2, '0')}.jpg`;
    await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: level, g: level, b: level } } })
      .jpeg()
      .toFile(join(dir, name));
  }
}

async function waitForPipeline(scheduleId: string, jobId: string): Promise<PipelineRun> {
  await backend.jobs.waitFor(jobId);
  const { runs } = await h['schedules.history']({ id: scheduleId });
  const run = runs.find((r) => r.jobId === jobId);
  if (!run) throw new Error(`no history entry for job ${jobId}`);
  return run;
}

describe.skipIf(!torchPython)('scheduled pipeline: retrain, evaluate, promote only when better, redeploy', () => {
  beforeAll(async () => {
    home = tempDir('schedules-pipeline-');
    const dataDir = join(home.path, 'data');
    const imagesDir = join(home.path, 'tyres');
    await writeImages(imagesDir);
    backend = createBackend({
      dataDir,
      resourcesDir: join(repoRoot, 'resources'),
      version: '0.0.0-test',
      mode: 'test',
      env: { ...process.env, WORKBENCH_PYTHON: torchPython ?? '', WORKBENCH_ORT_CUDA: '' },
    });
    h = backend.handlers;
    const source = await h['sources.addFolder']({ path: imagesDir, name: 'generated tyres' });
    const dataset = await h['datasets.register']({
      name: 'tyres',
      sourceId: source.id,
      bucket: '.',
      prefix: '',
      labelRule: { kind: 'leading-word' },
    });
    const started = await h['runs.start']({
      datasetId: dataset.id,
      code: { kind: 'recipe', recipe: 'tyre-quality' },
      params,
      device: 'cpu',
    });
    await backend.jobs.waitFor(started.jobId);
    const template = await h['runs.get']({ id: started.runId });
    expect(template.status, template.error ?? '').toBe('finished');
    templateRunId = template.id;
  }, 300_000);

  afterAll(async () => {
    await backend?.dispose();
    home?.remove();
  });

  it('keeps production when the new model is not better by the required margin, and says why', async () => {
    const v1 = await h['models.register']({ runId: templateRunId, name: 'tyres' });
    await h['models.promote']({ modelId: v1.id, version: 1 });
    const schedule = await h['schedules.create']({
      name: 'nightly',
      expression: 'cron(0 2 * * ? *)',
      enabled: true,
      pipeline: { templateRunId, modelName: 'tyres', metric: 'test/accuracy', minImprovement: 1, deploy: true },
    });
    expect(schedule.nextRuns).toHaveLength(5);

    const { jobId } = await h['schedules.runNow']({ id: schedule.id });
    const run = await waitForPipeline(schedule.id, jobId);

    expect(run.outcome, run.reason ?? '').toBe('not-promoted');
    expect(run.reason).toMatch(/production v1 kept/);
    expect(run.snapshot).toMatch(/listing/);
    expect(run.runId).not.toBe(templateRunId);
    // Production was re-evaluated on the new run's held-out split, not taken from its own record.
    expect(run.sameSplit).toBe(true);
    expect(run.newValue).not.toBeNull();
    expect(run.productionValue).not.toBeNull();
    expect(run.steps.map((s) => [s.name, s.status])).toEqual([
      ['snapshot', 'ok'],
      ['train', 'ok'],
      ['evaluate', 'ok'],
      ['promote', 'skipped'],
      ['deploy', 'skipped'],
    ]);
    expect(run.steps[1]?.detail).toMatch(/training process ended \(exit code 0\)/);
    const model = (await h['models.list']({})).models.find((m) => m.name === 'tyres');
    expect(model?.productionVersion).toBe(1);
    expect(model?.versions).toHaveLength(1);
    const [listed] = (await h['schedules.list']({})).schedules;
    expect(listed).toMatchObject({ lastOutcome: 'not-promoted', running: false });
  }, 300_000);

  it('promotes a better model and switches the serving endpoint without a failed request', async () => {
    // Production becomes a model that cannot classify these images (its classes are cat and dog):
    // its recorded accuracy says 0.99, its accuracy on the new held-out split is 0.
    const broken = makeModel(home.path, 'broken.onnx', { kind: 'tiny', seed: 5 });
    const brokenRun = recordRun(join(home.path, 'data'), {
      name: 'broken',
      onnxPath: broken.path,
      labels: ['cat', 'dog'],
      accuracy: 0.99,
    });
    const v2 = await h['models.register']({ runId: brokenRun, name: 'tyres' });
    await h['models.promote']({ modelId: v2.id, version: 2 });
    const endpoint = await h['endpoint.start']({ modelId: v2.id, host: '127.0.0.1', port: 0 });
    expect(endpoint).toMatchObject({ running: true, version: 2 });

    const image = readFileSync(fixtureImages[0] ?? '');
    const failures: string[] = [];
    let served = 0;
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        const res = await fetch(`${endpoint.url}/invocations`, {
          method: 'POST',
          headers: { 'Content-Type': 'image/jpeg' },
          body: image,
        });
        if (res.ok) served++;
        else failures.push(`${res.status} ${await res.text()}`);
      }
    })();

    const [schedule] = (await h['schedules.list']({})).schedules;
    await h['schedules.update']({ id: schedule?.id ?? '', pipeline: { ...schedule!.pipeline, minImprovement: 0 } });
    const { jobId } = await h['schedules.runNow']({ id: schedule?.id ?? '' });
    const run = await waitForPipeline(schedule?.id ?? '', jobId);
    const afterSwitch = served;
    // Keep requesting until the new version has answered some, then stop the loop.
    while (served < afterSwitch + 5 && failures.length === 0) await new Promise((r) => setImmediate(r));
    stop = true;
    await loop;

    expect(run.outcome, run.reason ?? '').toBe('promoted');
    expect(run.productionValue).toBe(0);
    expect(run.sameSplit).toBe(true);
    expect(run.promotedVersion).toBe(3);
    expect(run.steps.find((s) => s.name === 'deploy')).toMatchObject({ status: 'ok' });
    expect(run.deployResult).toMatch(/switched to tyres v3 in place/);
    expect(failures).toEqual([]);
    const status = await h['endpoint.status']({});
    expect(status).toMatchObject({ running: true, version: 3, errors: 0 });
    expect((await h['models.list']({})).models[0]?.productionVersion).toBe(3);
    await h['endpoint.stop']({});
  }, 300_000);

  it('cancelling the pipeline job stops its training run too, and the history says so', async () => {
    const [schedule] = (await h['schedules.list']({})).schedules;
    const id = schedule?.id ?? '';
    // Cancel once the pipeline's training process runs (not merely queued), so stopping it is what is tested.
    const training = new Promise<string>((resolve) => {
      const off = backend.bus.subscribe((name, payload) => {
        const run = (payload as { run?: { id: string; name: string; status: string } }).run;
        if (name === 'runs.changed' && run?.status === 'running' && run.name.startsWith('nightly ')) {
          off();
          resolve(run.id);
        }
      });
    });
    const { jobId } = await h['schedules.runNow']({ id });
    const runId = await training;
    await h['jobs.cancel']({ jobId });
    const run = await waitForPipeline(id, jobId);

    expect(run.outcome).toBe('cancelled');
    expect(run.reason).toMatch(/training run was stopped too/);
    expect((await backend.jobs.waitFor(jobId)).state).toBe('cancelled');
    await expect.poll(async () => (await h['runs.get']({ id: runId })).status, { timeout: 60_000 }).toBe('cancelled');
    expect((await h['schedules.list']({})).schedules[0]?.running).toBe(false);
  }, 300_000);
  it('runs a schedule whose slots passed while the app was closed once at the next start, not once per slot', async () => {
    const schedule = await h['schedules.create']({
      name: 'every minute',
      expression: 'rate(1 minute)',
      enabled: true,
      pipeline: { templateRunId, modelName: 'tyres', metric: 'test/accuracy', minImprovement: 1, deploy: false },
    });
    const dataDir = join(home.path, 'data');
    await backend.dispose();
    // The app stays closed for ten minutes: ten slots pass.
    const file = join(dataDir, 'schedules.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { schedules: { id: string; anchorAt: string; nextRunAt: string }[] };
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    for (const x of stored.schedules.filter((x) => x.id === schedule.id)) {
      x.anchorAt = tenMinutesAgo;
      x.nextRunAt = new Date(Date.now() - 9 * 60_000).toISOString();
    }
    writeFileSync(file, JSON.stringify(stored));

    backend = createBackend({
      dataDir,
      resourcesDir: join(repoRoot, 'resources'),
      version: '0.0.0-test',
      mode: 'test',
      env: { ...process.env, WORKBENCH_PYTHON: torchPython ?? '', WORKBENCH_ORT_CUDA: '' },
    });
    h = backend.handlers;
    const missed = async () => (await h['schedules.history']({ id: schedule.id })).runs.filter((r) => r.trigger === 'missed');
    await vi.waitFor(async () => expect((await missed()).map((r) => r.outcome)).toEqual(['not-promoted']), {
      timeout: 240_000,
      interval: 500,
    });
    const [run] = await missed();
    expect(run?.slotAt).not.toBeNull();
    expect(run?.runId).not.toBeNull();
  }, 300_000);
});
