import { z } from 'zod';
import { workbenchErrorSchema } from './errors';

/** Where a job is in its life; the last three are final. */
export const jobStateSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);

/** A job's state name. */
export type JobState = z.infer<typeof jobStateSchema>;

/** The unit a job counts its progress in, shown next to the numbers. */
export const progressUnitSchema = z.enum(['steps', 'bytes', 'files', 'items', 'epochs']);

/** Progress of one job, as published on the `job.progress` event. */
export const jobProgressSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  unit: progressUnitSchema,
  message: z.string(),
});

/** A `job.progress` event payload. */
export type JobProgress = z.infer<typeof jobProgressSchema>;

/** Everything known about a job: what `jobs.list` returns and `job.state` publishes. */
export const jobSnapshotSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  title: z.string(),
  state: jobStateSchema,
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  unit: progressUnitSchema,
  message: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  error: workbenchErrorSchema.nullable(),
});

/** A job as listed in the Activity panel. */
export type JobSnapshot = z.infer<typeof jobSnapshotSchema>;

/** What every method that starts long work returns. */
export const jobStartedSchema = z.object({ jobId: z.string() });
