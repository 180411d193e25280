import type { EventPayload } from '../../../shared/contract';
import type { Model } from '../../../shared/models';
import type { PipelineRun } from '../../../shared/schedules';
import type { RunDetail, RunSummary } from '../../../shared/training';
import type { Handlers } from '../contract/dispatch';
import { cancelledError, isAbortError, toErrorShape, WorkbenchError } from '../errors';
import type { EventBus } from '../event-bus';
import type { JobContext, JobRegistry } from '../jobs/job-registry';
import { decidePromotion } from './decision';
import { newPipelineRun, setStep } from './pipeline-record';
import { deployStep } from './pipeline-deploy';
import type { ScheduleStore, StoredSchedule } from './schedule-store';
import type { Clock, PipelineLaunch } from './scheduler';

/**
 * Re-evaluates the production model's ONNX file on the new run's held-out split; answers its
 * accuracy, or null when that cannot be done (then the recorded metric is compared, and the
 * history says the comparison was not on the same split).
 */
export type ProductionEvaluator = (input: {
  onnxPath: string;
  labels: string[];
  run: RunDetail;
  signal: AbortSignal;
}) => Promise<{ accuracy: number; samples: number } | null>;

/** What a pipeline run needs: the backend's own handler table (the contract), events, jobs and the history. */
export interface PipelineDeps {
  handlers: () => Handlers;
  bus: EventBus;
  jobs: JobRegistry;
  store: ScheduleStore;
  clock: Clock;
  evaluateProduction: ProductionEvaluator;
  /** A pipeline run was saved: publish it. */
  recorded(run: PipelineRun): void;
}

const FINAL: ReadonlySet<RunSummary['status']> = new Set(['finished', 'failed', 'cancelled', 'crashed']);

/** Starts a pipeline run of a schedule as a job: snapshot → train → evaluate → promote → redeploy. */
export async function startPipeline(
  deps: PipelineDeps,
  schedule: StoredSchedule,
  trigger: PipelineRun['trigger'],
  slotAt: string | null,
  note: string | null,
): Promise<PipelineLaunch> {
  const record = newPipelineRun(schedule, trigger, slotAt, deps.clock.now(), note);
  let saving = Promise.resolve();
  const save = () => {
    const copy = structuredClone(record);
    saving = saving.then(() => deps.store.saveRun(copy)).then(() => deps.recorded(copy));
    return saving;
  };
  await save();
  const jobId = deps.jobs.start({
    kind: 'schedules.pipeline',
    title: `Pipeline of schedule ${schedule.name}`,
    unit: 'steps',
    total: 5,
    run: async (job) => {
      record.jobId = job.jobId;
      try {
        await runSteps(deps, schedule, record, job, save);
      } catch (err) {
        const aborted = job.signal.aborted || isAbortError(err);
        record.outcome = aborted ? 'cancelled' : 'failed';
        record.reason = aborted
          ? 'Cancelled by the user; its training run was stopped too.'
          : `${record.reason ? `${record.reason} ` : ''}Failed: ${toErrorShape(err).message}`;
        for (const step of record.steps) if (step.status === 'running') step.status = 'failed';
        for (const step of record.steps) if (step.status === 'pending') step.status = 'skipped';
        throw err;
      } finally {
        const end = deps.clock.now();
        record.endedAt = end.toISOString();
        record.durationMs = end.getTime() - Date.parse(record.startedAt);
        await save().catch((e: unknown) => console.error('pipeline history not saved:', e));
        await deps.store
          .change(schedule.id, { lastRunAt: record.startedAt, lastOutcome: record.outcome }, end, false)
          .catch(() => undefined); // the schedule was deleted while it ran
      }
    },
  });
  record.jobId = jobId;
  return { jobId, done: deps.jobs.waitFor(jobId) };
}

async function runSteps(
  deps: PipelineDeps,
  schedule: StoredSchedule,
  record: PipelineRun,
  job: JobContext,
  save: () => Promise<void>,
): Promise<void> {
  const h = deps.handlers();
  const spec = schedule.pipeline;
  const step = async (
    name: PipelineRun['steps'][number]['name'],
    status: PipelineRun['steps'][number]['status'],
    detail: string,
  ) => {
    setStep(record, name, status, detail);
    await save();
  };

  // 1-2. Snapshot and train: runs.start pins a new snapshot of the live data when none is named.
  const template = await h['runs.get']({ id: spec.templateRunId }).catch((err: unknown) => {
    throw new WorkbenchError('NOT_FOUND', `The template run ${spec.templateRunId} of "${schedule.name}" cannot be read.`, {
      hint: 'It may have been deleted; edit the schedule and choose another run to retrain like.',
      cause: err,
    });
  });
  await step('snapshot', 'running', `Taking a snapshot of ${template.datasetName}…`);
  job.progress({ done: 0, message: `Snapshot of ${template.datasetName} and training` });
  const started = await h['runs.start']({
    name: `${schedule.name} ${deps.clock.now().toISOString().slice(0, 16)}Z`,
    datasetId: template.datasetId,
    code: template.code,
    params: template.params,
    device: 'auto',
  });
  record.runId = started.runId;
  await step('train', 'running', `Run ${started.runId} queued (retrains ${template.name}: ${template.codeVersion}).`);
  const onVersion = async (run: RunSummary) => {
    if (!run.version || record.snapshot) return;
    record.snapshot = run.version.label;
    await step('snapshot', 'ok', `Pinned ${run.version.label}.`);
    job.progress({ done: 1, message: `Training on ${run.version.label}` });
  };
  const ended = await waitForRun(deps, started.runId, job.signal, (run) => void onVersion(run));
  await onVersion(ended);
  const exit = ended.exitCode === null ? 'no exit code' : `exit code ${ended.exitCode}`;
  if (ended.status !== 'finished') {
    if (!record.snapshot)
      await step('snapshot', ended.version ? 'ok' : 'failed', ended.version?.label ?? ended.error ?? 'No snapshot.');
    await step(
      'train',
      'failed',
      `Run ${ended.name} ${ended.status}: ${ended.error ?? 'no reason given'} (the training process ended: ${exit}).`,
    );
    throw new WorkbenchError('RUN_FAILED', `The training run ${ended.name} ${ended.status}: ${ended.error ?? 'see its log'}.`, {
      hint: "Open the run's log in Runs.",
    });
  }
  await step(
    'train',
    'ok',
    `Run ${ended.name} finished on ${ended.device ?? 'its device'}; the training process ended (${exit}).`,
  );
  job.progress({ done: 2, message: 'Evaluating against production' });

  // 3. Evaluate: the new model vs production, on the new run's held-out split when possible.
  await step('evaluate', 'running', 'Comparing with production…');
  const model = (await h['models.list']({})).models.find((m) => m.name === spec.modelName) ?? null;
  const prod = model?.versions.find((v) => v.version === model.productionVersion) ?? null;
  const compared = await compare(deps, spec.metric, ended, prod, job.signal);
  Object.assign(record, compared);
  if (compared.newValue === null) {
    const known = Object.keys(ended.metrics).join(', ') || 'none';
    await step('evaluate', 'failed', `Run ${ended.name} recorded no ${spec.metric} (it has: ${known}).`);
    throw new WorkbenchError('INVALID_INPUT', `The run recorded no metric ${spec.metric}.`, {
      hint: `Edit the schedule and compare by a metric the run logs: ${known}.`,
    });
  }
  const decision =
    prod && compared.productionValue === null
      ? { promote: false, reason: `Production v${prod.version} has no recorded ${spec.metric} to compare with; it was kept.` }
      : decidePromotion({
          metric: spec.metric,
          newValue: compared.newValue,
          productionValue: compared.productionValue,
          productionVersion: prod?.version ?? null,
          minImprovement: spec.minImprovement,
        });
  await step('evaluate', 'ok', `${decision.reason}${compared.splitNote ? ` ${compared.splitNote}` : ''}`);
  job.progress({ done: 3, message: decision.promote ? 'Promoting' : 'Kept production' });

  // 4. Promote only when better; otherwise production stays and the history says why.
  if (!decision.promote) {
    record.outcome = 'not-promoted';
    record.reason = decision.reason;
    await step('promote', 'skipped', decision.reason);
    await step('deploy', 'skipped', 'Not promoted, so the endpoint keeps serving production.');
    return;
  }
  const registered = await h['models.register']({ runId: ended.id, name: spec.modelName, note: `Schedule ${schedule.name}` });
  const version = Math.max(...registered.versions.filter((v) => v.runId === ended.id).map((v) => v.version));
  const promoted: Model = await h['models.promote']({
    modelId: registered.id,
    version,
    reason: `Schedule ${schedule.name}: ${decision.reason}`,
  });
  record.promotedVersion = version;
  record.outcome = 'promoted';
  record.reason = decision.reason;
  await step('promote', 'ok', `${promoted.name} v${version} is production now.`);
  job.progress({ done: 4, message: 'Redeploying' });

  // 5. Redeploy: only an endpoint serving this model switches; nothing is started for the pipeline.
  const deploy = await deployStep(h, spec.deploy, promoted, version);
  record.deployResult = deploy.detail;
  await step('deploy', deploy.status, deploy.detail);
  job.progress({ done: 5, message: `Promoted v${version}` });
}

interface Comparison {
  newValue: number | null;
  productionValue: number | null;
  sameSplit: boolean | null;
  splitNote: string | null;
}

async function compare(
  deps: PipelineDeps,
  metric: string,
  run: RunDetail,
  prod: Model['versions'][number] | null,
  signal: AbortSignal,
): Promise<Comparison> {
  const recorded =
    metric === 'test/accuracy' && run.evaluation
      ? run.evaluation.accuracy
      : metric === 'onnx/accuracy' && run.onnxEvaluation
        ? run.onnxEvaluation.accuracy
        : (run.metrics[metric]?.last ?? null);
  if (!prod) return { newValue: recorded, productionValue: null, sameSplit: null, splitNote: null };
  const accuracyMetric = metric === 'test/accuracy' || metric === 'onnx/accuracy';
  if (accuracyMetric && run.onnxEvaluation) {
    const evaluated = await deps
      .evaluateProduction({ onnxPath: prod.onnxPath, labels: prod.labels, run, signal })
      .catch((err: unknown) => {
        if (signal.aborted) throw cancelledError('The pipeline');
        console.error('re-evaluating production failed:', err);
        return null;
      });
    if (evaluated) {
      return {
        newValue: run.onnxEvaluation.accuracy,
        productionValue: evaluated.accuracy,
        sameSplit: true,
        splitNote: `Both models evaluated with onnxruntime on run ${run.name}'s held-out split (${evaluated.samples} images).`,
      };
    }
  }
  return {
    newValue: recorded,
    productionValue: prod.metrics[metric] ?? null,
    sameSplit: false,
    splitNote: `Not on the same split: production's ${metric} is the one recorded when v${prod.version} was trained.`,
  };
}

/** Waits for a run to end (runs.changed events, and one read in case it ended already); cancelling stops the run. */
async function waitForRun(
  deps: PipelineDeps,
  runId: string,
  signal: AbortSignal,
  onUpdate: (run: RunSummary) => void,
): Promise<RunDetail> {
  const h = deps.handlers();
  const ended = await new Promise<void>((resolve, reject) => {
    const finish = (err?: unknown) => {
      off();
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    const off = deps.bus.subscribe((name, payload) => {
      if (name !== 'runs.changed') return;
      const { run } = payload as EventPayload<'runs.changed'>;
      if (run.id !== runId) return;
      onUpdate(run);
      if (FINAL.has(run.status)) finish();
    });
    const onAbort = () => {
      void h['runs.cancel']({ id: runId })
        .catch(() => undefined)
        .then(() => finish(cancelledError('The pipeline')));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    h['runs.get']({ id: runId }).then((run) => {
      onUpdate(run);
      if (FINAL.has(run.status)) finish();
    }, finish);
  });
  void ended;
  return h['runs.get']({ id: runId });
}
