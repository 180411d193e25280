import type { scheduleMethods } from '../../../shared/schedules';
import type { Schedule } from '../../../shared/schedules';
import type { Handlers } from '../contract/dispatch';
import { WorkbenchError } from '../errors';
import type { ServiceContext } from '../services';
import { nextRuns, parseExpression, validateExpression } from './expression';
import { startPipeline, type ProductionEvaluator } from './pipeline';
import { skippedRun } from './pipeline-record';
import { evaluateProductionOnSplit } from './production-eval';
import { ScheduleStore, type StoredSchedule } from './schedule-store';
import { nextRunAt, Scheduler, systemClock, type Clock } from './scheduler';

type ScheduleMethods = Pick<Handlers, keyof typeof scheduleMethods>;

/** Test seams: a fake clock, another production evaluator, and whether to start the timer at once. */
export interface ScheduleOptions {
  clock?: Clock;
  evaluateProduction?: ProductionEvaluator;
  onDispose?: (fn: () => Promise<void>) => void;
}

/** The template run must exist and have finished: its recipe, parameters and dataset are what each pipeline repeats. */
async function checkTemplate(h: Handlers, runId: string): Promise<void> {
  const run = await h['runs.get']({ id: runId });
  if (run.status !== 'finished') {
    throw new WorkbenchError('INVALID_INPUT', `pipeline.templateRunId: run ${run.name} is ${run.status}, not finished.`, {
      hint: 'Choose a finished run to retrain like (Runs lists them).',
    });
  }
}

function checkExpression(expression: string, now: Date): void {
  const result = validateExpression(expression, now, 1);
  if (!result.valid) {
    throw new WorkbenchError('INVALID_INPUT', `expression: ${result.error ?? 'invalid'}`, {
      hint: 'Write rate(5 minutes), rate(1 day) or a 6-field cron(...) such as cron(0 17 ? * MON-FRI *).',
    });
  }
}

/**
 * Schedules and continuous-training pipelines. The pipeline reaches training and models through
 * the backend's own handler table (`allHandlers`), the contract, never through their internals.
 */
export function scheduleHandlers(
  ctx: ServiceContext,
  allHandlers: () => Handlers,
  options: ScheduleOptions = {},
): ScheduleMethods {
  const clock = options.clock ?? systemClock;
  const store = new ScheduleStore(ctx.dataDir);
  const evaluateProduction = options.evaluateProduction ?? evaluateProductionOnSplit(ctx);

  const view = (s: StoredSchedule): Schedule => {
    let upcoming: string[] = [];
    if (s.enabled && s.nextRunAt) {
      const next = new Date(s.nextRunAt);
      const more = nextRuns(parseExpression(s.expression), next, 4, new Date(s.anchorAt)).map((d) => d.toISOString());
      upcoming = [s.nextRunAt, ...more];
    }
    return { ...s, nextRuns: upcoming, running: scheduler.runningJob(s.id) !== null };
  };
  const list = async () => (await store.list()).map(view);
  const changed = () => {
    void list().then(
      (schedules) => ctx.bus.publish('schedules.changed', { schedules }),
      (err: unknown) => console.error('schedules not published:', err),
    );
  };

  const scheduler: Scheduler = new Scheduler({
    store,
    clock,
    launch: (schedule, trigger, slotAt, note) =>
      startPipeline(
        {
          handlers: allHandlers,
          bus: ctx.bus,
          jobs: ctx.jobs,
          store,
          clock,
          evaluateProduction,
          recorded: (run) => ctx.bus.publish('schedules.history', { scheduleId: run.scheduleId, run }),
        },
        schedule,
        trigger,
        slotAt,
        note,
      ),
    skipped: async (schedule, slotAt, jobId) => {
      const run = skippedRun(schedule, slotAt, jobId, clock.now());
      await store.saveRun(run);
      ctx.bus.publish('schedules.history', { scheduleId: schedule.id, run });
    },
    changed,
  });
  // Missed slots run once now, then the timer is armed; the first call waits for nothing else.
  void scheduler.start();
  // Stop the timer, then let a step already under way (the start-up catch-up) finish writing before the app's files go.
  options.onDispose?.(async () => {
    scheduler.stop();
    await scheduler.idle();
  });

  const after = async <T>(value: T): Promise<T> => {
    await scheduler.rearm();
    changed();
    return value;
  };

  return {
    'schedules.validate': async ({ expression }) => validateExpression(expression, clock.now()),
    'schedules.list': async () => ({ schedules: await list() }),
    'schedules.create': async (input) => {
      const now = clock.now();
      checkExpression(input.expression, now);
      await checkTemplate(allHandlers(), input.pipeline.templateRunId);
      const anchorAt = now.toISOString();
      const base = { ...input, anchorAt };
      const created = await store.add({ ...base, nextRunAt: nextRunAt(base, now) }, now);
      return after(view(created));
    },
    'schedules.update': async ({ id, ...change }) => {
      const now = clock.now();
      if (change.expression !== undefined) checkExpression(change.expression, now);
      if (change.pipeline) await checkTemplate(allHandlers(), change.pipeline.templateRunId);
      const updated = await store.change(
        id,
        (s) => {
          const next = { ...s, ...change };
          // A new expression or re-enabling counts from now: slots passed while disabled are not "missed".
          const recount =
            (change.expression !== undefined && change.expression !== s.expression) ||
            (change.enabled !== undefined && change.enabled !== s.enabled);
          const anchorAt = recount ? now.toISOString() : s.anchorAt;
          return { ...change, anchorAt, nextRunAt: recount ? nextRunAt({ ...next, anchorAt }, now) : s.nextRunAt };
        },
        now,
      );
      return after(view(updated));
    },
    'schedules.delete': async ({ id }) => after({ deleted: await store.delete(id) }),
    'schedules.runNow': async ({ id }) => {
      const jobId = await scheduler.runNow(await store.get(id));
      return { jobId };
    },
    'schedules.history': async ({ id }) => {
      await store.get(id);
      return { runs: await store.runs(id) };
    },
  };
}
