import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../support/temp-dir';
import { fixtures, groupAlive, openBackend, runnerPid, writeTyreImages } from '../fixtures/training/harness';

const sdkScript = join(repoRoot, 'test/fixtures/python/sdk_script.py');
const failingScript = join(repoRoot, 'test/fixtures/python/failing_script.py');
const endlessScript = join(fixtures, 'endless_script.py');

let home: ReturnType<typeof tempDir>;
let h: ReturnType<typeof openBackend>;
let datasetId: string;

const startScript = (path: string, args: string[] = []) =>
  h.call('runs.start', { datasetId, code: { kind: 'script', path, args }, device: 'cpu' });

beforeAll(async () => {
  home = tempDir('training-scripts-');
  await writeTyreImages(join(home.path, 'tyres'), 8);
  h = openBackend(join(home.path, 'data'));
  const source = await h.call('sources.addFolder', { path: join(home.path, 'tyres') });
  datasetId = (await h.call('datasets.register', { name: 'Tyres (8)', sourceId: source.id, bucket: '.' })).id;
}, 60_000);
afterAll(async () => {
  await h?.backend.dispose();
  home?.remove();
});

describe('user scripts run through the backend with the workbench SDK', () => {
  it('tracks a script’s parameters, metrics, artifact and code SHA-256', async () => {
    const { jobId, runId } = await startScript(sdkScript, ['--epochs', '4']);
    expect(await h.backend.jobs.waitFor(jobId)).toMatchObject({ state: 'succeeded', unit: 'epochs', done: 4, total: 4 });
    const run = await h.call('runs.get', { id: runId });
    const sha = createHash('sha256').update(readFileSync(sdkScript)).digest('hex');
    expect(run).toMatchObject({
      status: 'finished',
      code: { kind: 'script', path: sdkScript, args: ['--epochs', '4'] },
      codeVersion: `sdk_script.py@${sha.slice(0, 12)}`,
      codeSha256: sha,
      params: { epochs: 4, optimizer: 'sgd', momentum: 0.9, lr: 0.01 },
      exitCode: 0,
      onnxEvaluation: null,
    });
    expect(run.metrics['train/loss']).toMatchObject({ count: 4, last: 1 / 16, step: 3 });
    expect(run.metrics['val/accuracy']).toMatchObject({ count: 4, step: 4 });
    expect(run.artifacts).toEqual([expect.objectContaining({ name: 'summary.json', kind: 'file' })]);
    const summary = JSON.parse(readFileSync(run.artifacts[0]!.path, 'utf8')) as { images: number };
    expect(summary.images).toBe(8);
    expect((await h.call('runs.logs', { id: runId })).text).toContain('trained 4 epochs');
  }, 120_000);

  it('records a failing script as failed with the Python error', async () => {
    const { jobId, runId } = await startScript(failingScript);
    expect(await h.backend.jobs.waitFor(jobId)).toMatchObject({ state: 'failed', error: { code: 'RUN_FAILED' } });
    const run = await h.call('runs.get', { id: runId });
    expect(run).toMatchObject({ status: 'failed', exitCode: 1, error: 'ValueError: learning rate must be positive, got -1' });
    expect(run.metrics['train/loss']).toMatchObject({ count: 1, last: 0.7 });
    expect((await h.call('runs.logs', { id: runId })).text).toMatch(/Traceback[\s\S]*check_learning_rate/);

    // An ended run can be deleted, with its folder; then it is gone everywhere.
    expect(await h.call('runs.delete', { id: runId })).toEqual({ deleted: true });
    expect(existsSync(join(home.path, 'data/runs', runId))).toBe(false);
    await expect(h.call('runs.get', { id: runId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.call('runs.delete', { id: runId })).toEqual({ deleted: false });
  }, 120_000);

  it('queues runs one at a time; a queued run can be cancelled without ever starting', async () => {
    const first = await startScript(endlessScript);
    const second = await startScript(sdkScript);
    const third = await startScript(sdkScript);
    await h.until(() => runnerPid(first.runId), 'the first runner to start');
    expect((await h.call('runs.get', { id: second.runId })).status).toBe('queued');
    expect(await h.call('runs.cancel', { id: third.runId })).toEqual({ cancelled: true, status: 'cancelled' });
    expect(await h.call('runs.get', { id: third.runId })).toMatchObject({ startedAt: null, version: null });
    expect(h.backend.jobs.get(third.jobId)).toMatchObject({ state: 'cancelled' });
    await expect(h.call('runs.delete', { id: first.runId })).rejects.toMatchObject({ code: 'CONFLICT' });
    await h.call('runs.cancel', { id: first.runId });
    expect(await h.backend.jobs.waitFor(second.jobId)).toMatchObject({ state: 'succeeded' });
    expect((await h.call('runs.get', { id: second.runId })).status).toBe('finished');
  }, 120_000);

  it('marks a runner killed with -9 crashed, keeping every metric received before', async () => {
    const { jobId, runId } = await startScript(endlessScript);
    await h.until(() => (h.backend.jobs.get(jobId) && runnerPid(runId)) || null, 'the runner to start');
    const pid = runnerPid(runId)!;
    const lossPoints = () =>
      h
        .eventsOf('runs.metrics')
        .filter((e) => e.runId === runId)
        .flatMap((e) => e.points)
        .filter((p) => p.key === 'train/loss').length;
    await h.until(() => lossPoints() >= 5, 'five train/loss points');
    process.kill(pid, 'SIGKILL');
    expect(await h.backend.jobs.waitFor(jobId)).toMatchObject({ state: 'failed', error: { code: 'RUN_FAILED' } });
    const run = await h.call('runs.get', { id: runId });
    expect(run).toMatchObject({ status: 'crashed', exitCode: 137, error: expect.stringContaining('killed by SIGKILL') });
    // Every point the app received (and streamed to the UI) is in the store.
    expect(run.metrics['train/loss']!.count).toBeGreaterThanOrEqual(5);
    expect(run.metrics['train/loss']!.count).toBe(lossPoints());
    const { series } = await h.call('runs.metrics', { runIds: [runId], keys: ['train/loss'] });
    expect(series[0]!.value.slice(0, 3)).toEqual([1, 1 / 2, 1 / 3]);
    // Its child (still in the runner's process group) went with it.
    await h.until(() => !groupAlive(pid), 'the process group to be gone', 10_000);
  }, 120_000);

  it('marks a run crashed when the app stops while it runs, and says so after a restart', async () => {
    const { jobId, runId } = await startScript(endlessScript);
    await h.until(() => (h.backend.jobs.get(jobId) && runnerPid(runId)) || null, 'the runner to start');
    const pid = runnerPid(runId)!;
    await h.until(
      () => h.eventsOf('runs.metrics').some((e) => e.runId === runId && e.points.some((p) => p.key === 'train/loss')),
      'a train/loss point',
    );
    await h.backend.dispose();
    // The runner and its child are stopped; the child may take a moment to be reaped once killed.
    await h.until(() => !groupAlive(pid), 'the process group to be gone', 10_000);

    h = openBackend(join(home.path, 'data'));
    const run = await h.call('runs.get', { id: runId });
    expect(run).toMatchObject({ status: 'crashed', error: 'the app stopped while it ran' });
    expect(run.metrics['train/loss']!.count).toBeGreaterThan(0);
    expect((await h.call('runs.list', {})).runs.filter((r) => r.status === 'running' || r.status === 'queued')).toEqual([]);
  }, 120_000);
});
