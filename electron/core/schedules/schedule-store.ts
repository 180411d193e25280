import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { pipelineRunSchema, pipelineSpecSchema, type PipelineRun, type PipelineSpec } from '../../../shared/schedules';
import { JsonFile } from '../browse/json-file';
import { WorkbenchError } from '../errors';

/** The file schedules live in, in the data directory. */
export const SCHEDULES_FILE = 'schedules.json';
/** The file pipeline runs live in. */
export const SCHEDULE_HISTORY_FILE = 'schedule-history.json';
/** Pipeline runs kept per schedule; older ones are dropped first. */
export const HISTORY_PER_SCHEDULE = 200;

/** A schedule as stored: the computed next times and running flag are added when listed. */
export const storedScheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  expression: z.string(),
  enabled: z.boolean(),
  pipeline: pipelineSpecSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Where a rate counts its periods from: creation, or the last change of expression or enabled. */
  anchorAt: z.string(),
  lastRunAt: z.string().nullable(),
  lastOutcome: pipelineRunSchema.shape.outcome.nullable(),
  nextRunAt: z.string().nullable(),
});

/** A stored schedule. */
export type StoredSchedule = z.infer<typeof storedScheduleSchema>;

const schedulesFileSchema = z.object({ version: z.literal(1), schedules: z.array(storedScheduleSchema) });
const historyFileSchema = z.object({ version: z.literal(1), runs: z.array(pipelineRunSchema) });

/** The fields a change may set. */
export type ScheduleChange = Partial<Pick<StoredSchedule, 'name' | 'expression' | 'enabled' | 'anchorAt' | 'nextRunAt'>> & {
  pipeline?: PipelineSpec;
  lastRunAt?: string | null;
  lastOutcome?: StoredSchedule['lastOutcome'];
};

/** Schedules in `schedules.json` and their pipeline runs in `schedule-history.json`. */
export class ScheduleStore {
  private readonly schedules: JsonFile<z.infer<typeof schedulesFileSchema>>;
  private readonly history: JsonFile<z.infer<typeof historyFileSchema>>;

  constructor(dataDir: string) {
    this.schedules = new JsonFile(
      join(dataDir, SCHEDULES_FILE),
      schedulesFileSchema,
      () => ({ version: 1, schedules: [] }),
      'Move it aside and create the schedules again.',
    );
    this.history = new JsonFile(
      join(dataDir, SCHEDULE_HISTORY_FILE),
      historyFileSchema,
      () => ({ version: 1, runs: [] }),
      'Move it aside; the schedules stay, their history starts again.',
    );
  }

  /** Every schedule, oldest first. */
  async list(): Promise<StoredSchedule[]> {
    return (await this.schedules.read()).schedules;
  }

  /** One schedule, or NOT_FOUND. */
  async get(id: string): Promise<StoredSchedule> {
    const found = (await this.list()).find((s) => s.id === id);
    if (!found) throw notFound(id);
    return found;
  }

  /** Adds a schedule; names are unique since they are how the user tells schedules apart. */
  async add(input: Omit<StoredSchedule, 'id' | 'createdAt' | 'updatedAt' | 'lastRunAt' | 'lastOutcome'>, now: Date) {
    return this.schedules.update((doc) => {
      if (doc.schedules.some((s) => s.name === input.name)) throw nameTaken(input.name);
      const at = now.toISOString();
      const schedule: StoredSchedule = {
        id: randomUUID(),
        ...input,
        createdAt: at,
        updatedAt: at,
        lastRunAt: null,
        lastOutcome: null,
      };
      doc.schedules.push(schedule);
      return schedule;
    });
  }

  /** Changes a schedule; `touch` marks it updated (runs recording their outcome do not). */
  async change(id: string, change: ScheduleChange | ((s: StoredSchedule) => ScheduleChange), now: Date, touch = true) {
    return this.schedules.update((doc) => {
      const schedule = doc.schedules.find((s) => s.id === id);
      if (!schedule) throw notFound(id);
      const patch = typeof change === 'function' ? change(schedule) : change;
      if (patch.name !== undefined && doc.schedules.some((s) => s.id !== id && s.name === patch.name))
        throw nameTaken(patch.name);
      Object.assign(schedule, patch);
      if (touch) schedule.updatedAt = now.toISOString();
      return { ...schedule };
    });
  }

  /** Deletes a schedule and its history. */
  async delete(id: string): Promise<boolean> {
    const deleted = await this.schedules.update((doc) => {
      const before = doc.schedules.length;
      doc.schedules = doc.schedules.filter((s) => s.id !== id);
      return doc.schedules.length < before;
    });
    if (deleted) await this.history.update((doc) => void (doc.runs = doc.runs.filter((r) => r.scheduleId !== id)));
    return deleted;
  }

  /** A schedule's pipeline runs, newest first. */
  async runs(scheduleId: string): Promise<PipelineRun[]> {
    return (await this.history.read()).runs.filter((r) => r.scheduleId === scheduleId).reverse();
  }

  /** Adds or replaces a pipeline run (by id), keeping at most HISTORY_PER_SCHEDULE per schedule. */
  async saveRun(run: PipelineRun): Promise<void> {
    await this.history.update((doc) => {
      const at = doc.runs.findIndex((r) => r.id === run.id);
      if (at >= 0) doc.runs[at] = run;
      else doc.runs.push(run);
      const mine = doc.runs.filter((r) => r.scheduleId === run.scheduleId);
      const drop = new Set(mine.slice(0, Math.max(0, mine.length - HISTORY_PER_SCHEDULE)).map((r) => r.id));
      if (drop.size) doc.runs = doc.runs.filter((r) => !drop.has(r.id));
    });
  }

  /** Marks runs left `running` by a previous session (the app closed mid-way) as failed, saying so. */
  async closeInterrupted(now: Date): Promise<void> {
    await this.history.update((doc) => {
      for (const run of doc.runs.filter((r) => r.outcome === 'running')) {
        run.outcome = 'failed';
        run.reason = 'The app closed while this pipeline ran; its training run was stopped with it.';
        run.endedAt = now.toISOString();
        run.durationMs = now.getTime() - Date.parse(run.startedAt);
        for (const step of run.steps) if (step.status === 'running' || step.status === 'pending') step.status = 'skipped';
      }
    });
  }
}

function notFound(id: string): WorkbenchError {
  return new WorkbenchError('NOT_FOUND', `There is no schedule ${id}.`, { hint: 'It may have been deleted; refresh the list.' });
}

function nameTaken(name: string): WorkbenchError {
  return new WorkbenchError('CONFLICT', `A schedule named "${name}" exists already.`, { hint: 'Choose another name.' });
}
