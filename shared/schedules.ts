import { z } from 'zod';
import { jobStartedSchema } from './jobs';
import { byId, method } from './method';

/** What a scheduled pipeline does: retrain like a template run, evaluate, promote when better, redeploy. */
export const pipelineSpecSchema = z
  .object({
    /** The run whose recipe (or script), parameters and dataset each pipeline run repeats. */
    templateRunId: z.string().min(1, 'choose the run to retrain like (a finished run)'),
    /** The model the new versions are registered under and promoted in. */
    modelName: z.string().trim().min(1, 'name the model to promote into').max(100),
    /** The metric compared with production's; names with "loss" or "error" count lower as better. */
    metric: z.string().trim().min(1).default('test/accuracy'),
    /** The new model must beat production, and by at least this much (in the metric's units, e.g. 0.02 = 2 points of accuracy). */
    minImprovement: z.number().min(0, 'minImprovement cannot be negative').default(0),
    /** Switch the endpoint to the new production version when it serves this model. */
    deploy: z.boolean().default(true),
  })
  .strict();

/** A pipeline's settings. */
export type PipelineSpec = z.infer<typeof pipelineSpecSchema>;

/** A pipeline step's outcome. */
export const pipelineStepSchema = z.object({
  name: z.enum(['snapshot', 'train', 'evaluate', 'promote', 'deploy']),
  status: z.enum(['pending', 'running', 'ok', 'skipped', 'failed']),
  /** What happened, in a sentence (the snapshot's name, the run, the metrics, why not promoted…). */
  detail: z.string(),
});

/** One step of a pipeline run. */
export type PipelineStep = z.infer<typeof pipelineStepSchema>;

/** One pipeline run of a schedule, as the history shows it. */
export const pipelineRunSchema = z.object({
  id: z.string(),
  scheduleId: z.string(),
  /** `schedule`: at its time; `missed`: at start, for slot(s) passed while the app was closed; `manual`: Run now. */
  trigger: z.enum(['schedule', 'missed', 'manual']),
  /** The time slot it was for (null for Run now). */
  slotAt: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  outcome: z.enum(['running', 'promoted', 'not-promoted', 'skipped', 'failed', 'cancelled']),
  /** Why not promoted, why skipped or why it failed; for a promotion, why it won. */
  reason: z.string().nullable(),
  jobId: z.string().nullable(),
  snapshot: z.string().nullable(),
  runId: z.string().nullable(),
  metric: z.string(),
  newValue: z.number().nullable(),
  productionValue: z.number().nullable(),
  /** True when production was re-evaluated on the new run's held-out split. */
  sameSplit: z.boolean().nullable(),
  promotedVersion: z.number().int().nullable(),
  deployResult: z.string().nullable(),
  steps: z.array(pipelineStepSchema),
});

/** A pipeline run. */
export type PipelineRun = z.infer<typeof pipelineRunSchema>;

/** A schedule as stored and listed. */
export const scheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  expression: z.string(),
  enabled: z.boolean(),
  pipeline: pipelineSpecSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  lastRunAt: z.string().nullable(),
  lastOutcome: pipelineRunSchema.shape.outcome.nullable(),
  /** The next time it runs (UTC), null while disabled. */
  nextRunAt: z.string().nullable(),
  /** The next five times (UTC), empty while disabled. */
  nextRuns: z.array(z.string()),
  /** A pipeline of this schedule is running now. */
  running: z.boolean(),
});

/** A schedule. */
export type Schedule = z.infer<typeof scheduleSchema>;

const expressionField = z.string().trim().min(1, 'write rate(...) or cron(...), e.g. rate(1 day)').max(200);

/** What `schedules.create` takes. */
export const scheduleInputSchema = z
  .object({
    name: z.string().trim().min(1, 'name the schedule').max(100),
    expression: expressionField,
    enabled: z.boolean().default(true),
    pipeline: pipelineSpecSchema,
  })
  .strict();

/** A new schedule. */
export type ScheduleInput = z.input<typeof scheduleInputSchema>;

/** What `schedules.update` takes: the id and the fields to change. */
export const scheduleUpdateSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().trim().min(1).max(100).optional(),
    expression: expressionField.optional(),
    enabled: z.boolean().optional(),
    pipeline: pipelineSpecSchema.optional(),
  })
  .strict();

/** Schedules and continuous-training pipelines (issue 8): methods and events. */
export const scheduleMethods = {
  'schedules.validate': method(
    z.object({ expression: z.string().max(200) }).strict(),
    z.object({ valid: z.boolean(), error: z.string().nullable(), nextRuns: z.array(z.string()) }),
    'Checks a rate(...) or cron(...) expression (EventBridge syntax) and answers its next five UTC times or the fix.',
  ),
  'schedules.list': method(
    z.object({}).strict(),
    z.object({ schedules: z.array(scheduleSchema) }),
    'Every schedule, oldest first.',
  ),
  'schedules.create': method(scheduleInputSchema, scheduleSchema, 'Saves a schedule; its timer is armed at once when enabled.'),
  'schedules.update': method(
    scheduleUpdateSchema,
    scheduleSchema,
    'Changes a schedule (expression, enabled, pipeline); next runs are counted again.',
  ),
  'schedules.delete': method(
    byId,
    z.object({ deleted: z.boolean() }),
    'Deletes a schedule and its history (a running pipeline finishes).',
  ),
  'schedules.runNow': method(byId, jobStartedSchema, 'Runs the schedule’s pipeline now, as a job.'),
  'schedules.history': method(
    byId,
    z.object({ runs: z.array(pipelineRunSchema) }),
    'The schedule’s pipeline runs, newest first, each with its steps.',
  ),
} as const;

/** Events of schedules and pipeline runs. */
export const scheduleEvents = {
  'schedules.changed': z.object({ schedules: z.array(scheduleSchema) }),
  'schedules.history': z.object({ scheduleId: z.string(), run: pipelineRunSchema }),
} as const;
