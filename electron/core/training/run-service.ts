import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { constants } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import type { Dataset } from '../../../shared/datasets';
import type { PythonEnv, RunStatus } from '../../../shared/training';
import type { HandlerInput } from '../contract/dispatch';
import { isAbortError, toErrorShape, WorkbenchError } from '../errors';
import type { EventBus } from '../event-bus';
import type { JobContext, JobRegistry } from '../jobs/job-registry';
import type { TrackingStore } from '../tracking/tracking-store';
import { evaluateRunOnnx } from './run-onnx';
import type { EnvService } from './env-service';
import { LiveUpdates } from './live-updates';
import type { RecipeCatalog } from './recipes';
import { describeExit, executeRunner, prepareRun, type DataAccess, type RunnerOutcome, type RunPlan } from './run-execution';
import { RunQueue } from './run-queue';

/** What the run service is built from. */
export interface RunServiceDeps {
  dataDir: string;
  resourcesDir: string;
  env: NodeJS.ProcessEnv;
  bus: EventBus;
  jobs: JobRegistry;
  tracking: TrackingStore;
  envs: EnvService;
  recipes: RecipeCatalog;
  datasets: { get(id: string): Promise<Dataset> };
  data: DataAccess;
}

type Ended = Exclude<RunStatus, 'queued' | 'running'>;

/** The exit code a signal death reads as in a shell (SIGKILL → 137). */
function exitCodeOf(outcome: RunnerOutcome): number | null {
  const { code, signal } = outcome.exit;
  if (code !== null) return code;
  return signal ? 128 + (constants.signals[signal] ?? 0) : null;
}

/**
 * Runs as the user sees them: queued, then one at a time through the Python runner, each also a
 * job in the Activity panel (cancel either way stops the whole process tree).
 */
export class RunService {
  private readonly queue = new RunQueue(1);
  private readonly jobByRun = new Map<string, string>();

  constructor(private readonly deps: RunServiceDeps) {}

  /** The folder a run's spec, manifest, log and artifacts live in. */
  runDir(runId: string): string {
    return join(this.deps.dataDir, 'runs', runId);
  }

  /** Checks the request, records the run as queued and starts its job. */
  async start(input: HandlerInput<'runs.start'>): Promise<{ jobId: string; runId: string }> {
    const { tracking, envs, jobs } = this.deps;
    const dataset = await this.deps.datasets.get(input.datasetId);
    const env = input.envId ? await envs.get(input.envId) : await envs.default();
    this.checkEnv(env, input.code.kind === 'recipe');
    let codeVersion: string;
    let params = input.params;
    if (input.code.kind === 'recipe') {
      const recipe = await this.deps.recipes.find(env, input.code.recipe);
      params = this.deps.recipes.checkParams(recipe, input.params);
      codeVersion = `${recipe.id}@${recipe.version}`;
    } else {
      const path = input.code.path;
      if (!isAbsolute(path) || !existsSync(path)) {
        throw new WorkbenchError('INVALID_INPUT', `code.path: there is no script at ${path}.`, {
          hint: 'Give the absolute path of the Python script to run.',
        });
      }
      codeVersion = basename(path);
    }
    const runId = randomUUID();
    const codeName = input.code.kind === 'recipe' ? input.code.recipe : basename(input.code.path, '.py');
    const name = input.name ?? `${codeName} ${new Date().toISOString().slice(0, 19).replace('T', ' ')}`;
    tracking.create({
      id: runId,
      name,
      code: input.code,
      codeVersion,
      datasetId: dataset.id,
      datasetName: dataset.name,
      params,
      envId: env.id,
    });
    const plan: RunPlan = {
      runId,
      name,
      dataset,
      snapshot: input.snapshot,
      code: input.code,
      params,
      device: input.device,
      env,
      runDir: this.runDir(runId),
    };
    const jobId = jobs.start({
      kind: 'training.run',
      title: `Run ${name}`,
      unit: 'steps',
      run: (job) => this.execute(plan, job),
    });
    this.jobByRun.set(runId, jobId);
    this.publish(runId);
    return { jobId, runId };
  }

  /** Stops a queued or running run and waits until it has ended; answers the status it ended in. */
  async cancel(runId: string): Promise<{ cancelled: boolean; status: RunStatus }> {
    const status = this.deps.tracking.status(runId);
    if (status === null) {
      throw new WorkbenchError('NOT_FOUND', `There is no run ${runId}.`, {
        hint: 'It may have been deleted; refresh the runs list.',
      });
    }
    const jobId = this.jobByRun.get(runId);
    if ((status !== 'queued' && status !== 'running') || !jobId) return { cancelled: false, status };
    const cancelled = this.deps.jobs.cancel(jobId)?.cancelled ?? false;
    await this.deps.jobs.waitFor(jobId);
    return { cancelled, status: this.deps.tracking.status(runId) ?? 'cancelled' };
  }

  /** Deletes an ended run, its records and its folder; a queued or running run must be cancelled first. */
  async delete(runId: string): Promise<boolean> {
    const status = this.deps.tracking.status(runId);
    if (status === null) return false;
    if (status === 'queued' || status === 'running') {
      throw new WorkbenchError('CONFLICT', `The run is ${status}; cancel it before deleting it.`, {
        hint: 'Cancel the run, then delete it.',
      });
    }
    this.deps.tracking.delete(runId);
    await rm(this.runDir(runId), { recursive: true, force: true });
    this.jobByRun.delete(runId);
    return true;
  }

  private checkEnv(env: PythonEnv, needsTorch: boolean): void {
    if (!env.pythonVersion) {
      throw new WorkbenchError(
        'PYTHON_NOT_FOUND',
        `${env.name} (${env.python}) cannot run: ${env.problem ?? 'it does not start'}`,
        {
          hint: env.hint ?? 'Choose another Python environment.',
        },
      );
    }
    if (needsTorch && (!env.torch || !env.torchvision)) {
      throw new WorkbenchError('TORCH_MISSING', `${env.name} (${env.python}): ${env.problem ?? 'PyTorch is missing.'}`, {
        hint: env.hint ?? 'pip install torch torchvision',
      });
    }
  }

  private publish(runId: string): void {
    try {
      this.deps.bus.publish('runs.changed', { run: this.deps.tracking.summary(runId) });
    } catch {
      // The run was deleted meanwhile, or the store is closing: nothing left to show.
    }
  }

  private end(runId: string, status: Ended, outcome: { error?: string | null; exitCode?: number | null }): void {
    if (this.deps.tracking.finish(runId, status, outcome)) this.publish(runId);
  }

  private async execute(plan: RunPlan, job: JobContext): Promise<void> {
    const { tracking } = this.deps;
    const ahead = this.queue.ahead();
    job.progress({ message: ahead ? `Queued: waiting for ${ahead} run(s) to end` : 'Starting' });
    try {
      await this.queue.acquire(plan.runId, job.signal);
    } catch (err) {
      this.end(plan.runId, 'cancelled', { error: 'Cancelled before it started.' });
      throw err;
    }
    const live = new LiveUpdates(plan.runId, this.deps.bus, () => this.publish(plan.runId));
    try {
      if (!tracking.markRunning(plan.runId)) return; // it ended while queued (the app is stopping)
      this.publish(plan.runId);
      const { dataDir } = await prepareRun(plan, this.deps.data, tracking, job);
      const outcome = await executeRunner({
        plan,
        resourcesDir: this.deps.resourcesDir,
        env: this.deps.env,
        tracking,
        live,
        job,
        publish: () => this.publish(plan.runId),
      });
      live.flush();
      await this.conclude(plan, outcome, job, dataDir);
    } catch (err) {
      if (job.signal.aborted || isAbortError(err)) this.end(plan.runId, 'cancelled', { error: 'Cancelled by the user.' });
      else this.end(plan.runId, 'failed', { error: toErrorShape(err).message });
      throw err;
    } finally {
      live.close();
      this.queue.release(plan.runId);
    }
  }

  /** Turns the runner's last word and exit into the run's outcome; a finished run's ONNX model is re-evaluated first. */
  private async conclude(plan: RunPlan, outcome: RunnerOutcome, job: JobContext, dataDir: string): Promise<void> {
    const exitCode = exitCodeOf(outcome);
    if (job.signal.aborted) {
      this.end(plan.runId, 'cancelled', { error: 'Cancelled by the user.', exitCode });
      return;
    }
    if (outcome.finalStatus === 'finished' && exitCode === 0) {
      const onnxProblem = await evaluateRunOnnx({
        runId: plan.runId,
        tracking: this.deps.tracking,
        dataDir,
        env: this.deps.env,
        signal: job.signal,
        onProgress: (message) => job.progress({ message }),
      });
      if (job.signal.aborted) {
        this.end(plan.runId, 'cancelled', { error: 'Cancelled by the user during the ONNX re-evaluation.', exitCode });
        return;
      }
      this.end(plan.runId, 'finished', { error: onnxProblem, exitCode });
      job.progress({ message: onnxProblem ?? 'Finished' });
      return;
    }
    if (outcome.finalStatus === 'failed') {
      const error = outcome.errorMessage ?? `The runner failed (${describeExit(outcome.exit)}); see the run's log.`;
      this.end(plan.runId, 'failed', { error, exitCode });
      throw new WorkbenchError('RUN_FAILED', `Run ${plan.name} failed: ${error}`, { hint: "The run's log has the full output." });
    }
    if (outcome.finalStatus === 'cancelled') {
      this.end(plan.runId, 'cancelled', { error: 'The runner was stopped from outside the app.', exitCode });
      return;
    }
    const error = `The runner stopped without reporting an outcome (${describeExit(outcome.exit)})${
      outcome.errorMessage ? `: ${outcome.errorMessage}` : ''
    }. It may have been killed or run out of memory.`;
    this.end(plan.runId, 'crashed', { error, exitCode });
    throw new WorkbenchError('RUN_FAILED', `Run ${plan.name} crashed: ${error}`, {
      hint: "The run's log has the last lines it printed; its metrics so far are kept.",
    });
  }
}
