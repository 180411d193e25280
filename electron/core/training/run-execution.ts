import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import type { Dataset } from '../../../shared/datasets';
import type { PythonEnv, RunStartInput } from '../../../shared/training';
import { runArtifactSchema } from '../../../shared/training';
import type { DatasetVersion } from '../../../shared/versions';
import { WorkbenchError } from '../errors';
import type { JobContext } from '../jobs/job-registry';
import type { TrackingStore } from '../tracking/tracking-store';
import { sampleGpus } from './gpu-sampler';
import type { LiveUpdates } from './live-updates';
import { buildManifest, writeManifest } from './manifest';
import type { RunnerEvent } from './runner-events';
import { startRunner, type RunnerExit } from './runner-process';

/** Everything one run needs to execute, decided before it was queued. */
export interface RunPlan {
  runId: string;
  name: string;
  dataset: Dataset;
  snapshot: string | undefined;
  code: RunStartInput['code'];
  params: Record<string, string | number | boolean>;
  device: 'auto' | 'cpu' | 'cuda';
  env: PythonEnv;
  runDir: string;
}

/** Where the data comes from: the versions domain, or a stand-in when it is absent. */
export interface DataAccess {
  pin(dataset: Dataset, snapshot: string | undefined, signal: AbortSignal, reason: string): Promise<DatasetVersion>;
  materialize(
    version: DatasetVersion,
    signal: AbortSignal,
    onProgress: (done: number, total: number, message: string) => void,
  ): Promise<string>;
}

/** What a runner said and how it ended. */
export interface RunnerOutcome {
  exit: RunnerExit;
  /** The last status event (`finished`, `failed`, `cancelled`), or null when it died without one. */
  finalStatus: 'finished' | 'failed' | 'cancelled' | null;
  errorMessage: string | null;
  labels: string[];
}

/** A file's SHA-256 in hex. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const KINDS = new Set(runArtifactSchema.shape.kind.options as readonly string[]);
const UNITS = new Set(['steps', 'bytes', 'files', 'items', 'epochs']);

/** The `runs/<id>` folder of a run and its parts. */
export function runPaths(runDir: string) {
  return {
    outDir: join(runDir, 'artifacts'),
    log: join(runDir, 'output.log'),
    spec: join(runDir, 'spec.json'),
    manifest: join(runDir, 'manifest.json'),
  };
}

/** Pins and materializes the dataset, writes the manifest and the runner's spec.json; answers the spec. */
export async function prepareRun(
  plan: RunPlan,
  data: DataAccess,
  tracking: TrackingStore,
  job: JobContext,
): Promise<{ dataDir: string; version: DatasetVersion }> {
  const paths = runPaths(plan.runDir);
  await mkdir(paths.outDir, { recursive: true });
  job.progress({ message: `Pinning a version of ${plan.dataset.name}` });
  const version = await data.pin(plan.dataset, plan.snapshot, job.signal, `run ${plan.name}`);
  tracking.setVersion(plan.runId, version);
  job.progress({ message: `Reading ${version.label}` });
  const dataDir = await data.materialize(version, job.signal, (done, total, message) =>
    job.progress({ message: `${message} (${done}/${total})` }),
  );
  const manifest = await buildManifest(dataDir, plan.dataset.labelRule, job.signal);
  if (manifest.files.length === 0 || manifest.labels.length < 2) {
    throw new WorkbenchError(
      'INVALID_INPUT',
      `${plan.dataset.name} has ${manifest.files.length} labelled images in ${manifest.labels.length} classes; training needs at least two classes.`,
      { hint: "Check the dataset's label rule on the Datasets page (the summary shows the classes it finds)." },
    );
  }
  await writeManifest(paths.manifest, manifest);
  if (plan.code.kind === 'script') {
    const sha = await sha256File(plan.code.path);
    tracking.setCode(plan.runId, `${basename(plan.code.path)}@${sha.slice(0, 12)}`, sha);
  }
  const spec = {
    runId: plan.runId,
    code: plan.code,
    params: plan.params,
    device: plan.device,
    data: { dir: dataDir, manifest: paths.manifest },
    outDir: paths.outDir,
  };
  await writeFile(paths.spec, JSON.stringify(spec, null, 2));
  return { dataDir, version };
}

/**
 * Runs the Python runner for a prepared run: records every event as it arrives (metrics in one
 * transaction per chunk read), streams logs and metrics live, samples the GPUs, and stops the
 * whole process group when the job is cancelled.
 */
export async function executeRunner(options: {
  plan: RunPlan;
  resourcesDir: string;
  env: NodeJS.ProcessEnv;
  tracking: TrackingStore;
  live: LiveUpdates;
  job: JobContext;
  publish: () => void;
}): Promise<RunnerOutcome> {
  const { plan, tracking, live, job } = options;
  const paths = runPaths(plan.runDir);
  const pythonDir = join(options.resourcesDir, 'python');
  const outcome: RunnerOutcome = { exit: { code: null, signal: null }, finalStatus: null, errorMessage: null, labels: [] };
  const onEvents = (events: RunnerEvent[]) => {
    const points = [];
    for (const e of events) {
      if (e.type === 'metric') points.push({ key: e.key, step: e.step, time: e.time, value: e.value });
      else handleEvent(e);
    }
    if (points.length) {
      tracking.addMetrics(plan.runId, points);
      live.metrics(points);
    }
  };
  const handleEvent = (e: Exclude<RunnerEvent, { type: 'metric' }>) => {
    switch (e.type) {
      case 'status':
        if (e.status !== 'running') outcome.finalStatus = e.status;
        return;
      case 'env':
        tracking.setEnv(
          plan.runId,
          {
            python: plan.env.python,
            pythonVersion: e.python ?? plan.env.pythonVersion,
            torch: e.torch ?? null,
            torchvision: e.torchvision ?? null,
            cuda: e.cuda ?? null,
            gpus: e.gpus,
          },
          e.device ?? null,
        );
        options.publish();
        return;
      case 'code':
        if (e.recipe) tracking.setCode(plan.runId, `${e.recipe}@${e.version ?? '?'}`, null);
        else if (e.script && e.sha256) tracking.setCode(plan.runId, `${basename(e.script)}@${e.sha256.slice(0, 12)}`, e.sha256);
        live.touch();
        return;
      case 'params':
        tracking.setParams(plan.runId, e.params);
        live.touch();
        return;
      case 'progress':
        job.progress({
          done: e.done,
          total: e.total ?? null,
          unit: UNITS.has(e.unit ?? '') ? (e.unit as 'steps') : undefined,
          message: e.message,
        });
        return;
      case 'artifact':
        void recordArtifact(e);
        return;
      case 'evaluation':
        tracking.setEvaluation(plan.runId, {
          labels: e.labels,
          accuracy: e.accuracy,
          perClass: e.perClass,
          confusion: e.confusion,
          samples: e.samples,
        });
        outcome.labels = e.labels;
        live.touch();
        return;
      case 'error':
        outcome.errorMessage = e.message;
        return;
    }
  };
  const pendingArtifacts: Promise<void>[] = [];
  const recordArtifact = (e: Extract<RunnerEvent, { type: 'artifact' }>) => {
    const path = isAbsolute(e.path) ? e.path : resolve(paths.outDir, e.path);
    const done = stat(path)
      .then((s) => s.size)
      .catch(() => 0)
      .then((bytes) => {
        tracking.addArtifact(plan.runId, { name: e.name, kind: KINDS.has(e.kind) ? (e.kind as 'file') : 'file', path, bytes });
        live.touch();
      });
    pendingArtifacts.push(done);
    return done;
  };

  const runner = await startRunner({
    python: plan.env.python,
    args: ['-u', join(pythonDir, 'workbench_runner.py'), '--spec', paths.spec],
    cwd: plan.runDir,
    env: {
      ...options.env,
      WORKBENCH_EVENTS_FD: '3',
      PYTHONPATH: [pythonDir, options.env.PYTHONPATH].filter(Boolean).join(delimiter),
      PYTHONUNBUFFERED: '1',
    },
    logFile: paths.log,
    onEvents,
    onLog: (text) => live.log(text),
    onInvalid: (line) => live.log(`[workbench] not a runner event, ignored: ${line.slice(0, 200)}\n`),
  }).catch((err: unknown) => {
    throw new WorkbenchError('PYTHON_NOT_FOUND', `${plan.env.python} could not be started: ${(err as Error).message}`, {
      hint: 'Choose another Python environment, or check that this one still exists.',
    });
  });
  job.progress({ message: 'Training' });
  const sampler = sampleGpus({
    env: options.env,
    onSample: (points) => {
      tracking.addMetrics(plan.runId, points);
      live.metrics(points);
    },
  });
  const onAbort = () => void runner.terminate();
  job.signal.addEventListener('abort', onAbort, { once: true });
  if (job.signal.aborted) onAbort();
  try {
    outcome.exit = await runner.exited;
  } finally {
    sampler.stop();
    job.signal.removeEventListener('abort', onAbort);
  }
  await Promise.all(pendingArtifacts);
  return outcome;
}

/** How an exit reads to a person: "exit code 1", "killed by SIGKILL". */
export function describeExit(exit: RunnerExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exit code ${exit.code ?? '?'}`;
}
