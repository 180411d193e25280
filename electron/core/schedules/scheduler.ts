import type { PipelineRun } from '../../../shared/schedules';
import { WorkbenchError } from '../errors';
import { nextRuns, parseExpression } from './expression';
import type { ScheduleStore, StoredSchedule } from './schedule-store';

/** Time and timers, injectable so tests drive the scheduler with a fake clock. */
export interface Clock {
  now(): Date;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** The real clock; its timer does not keep the process alive on its own. */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** setTimeout's largest delay (2^31 - 1 ms, about 24.8 days); a longer wait is re-armed in steps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A pipeline started for a schedule: its job, and a promise that settles when it ends. */
export interface PipelineLaunch {
  jobId: string;
  done: Promise<unknown>;
}

/** What the scheduler needs from the rest of the domain. */
export interface SchedulerOptions {
  store: ScheduleStore;
  clock: Clock;
  /** Starts a pipeline run for the schedule; `note` says why (e.g. missed slots). */
  launch(
    schedule: StoredSchedule,
    trigger: PipelineRun['trigger'],
    slotAt: string | null,
    note: string | null,
  ): Promise<PipelineLaunch>;
  /** Records a slot skipped because the schedule's pipeline was still running. */
  skipped(schedule: StoredSchedule, slotAt: string, runningJobId: string | null): Promise<void>;
  /** Schedules changed (next runs, running flags): publish them. */
  changed(): void;
}

/** The next time a schedule runs after `now`, or null when disabled or its expression never matches again. */
export function nextRunAt(schedule: Pick<StoredSchedule, 'expression' | 'enabled' | 'anchorAt'>, now: Date): string | null {
  if (!schedule.enabled) return null;
  const [next] = nextRuns(parseExpression(schedule.expression), now, 1, new Date(schedule.anchorAt));
  return next ? next.toISOString() : null;
}

/**
 * Runs schedules on time with one timer, set to the nearest next run and re-armed after every run
 * and change. Slots missed while the app was closed run once at start (not once per slot); a slot
 * that arrives while the schedule's previous pipeline still runs is skipped and recorded.
 */
export class Scheduler {
  private timer: unknown = null;
  private readonly running = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  /** Closes pipeline runs a previous session left open, runs missed schedules once, and arms the timer. */
  start(): Promise<void> {
    return this.serial(async () => {
      await this.options.store.closeInterrupted(this.options.clock.now());
      await this.runDue('missed');
    });
  }

  /** Re-arms after a schedule was created, changed or deleted. */
  rearm(): Promise<void> {
    return this.serial(() => this.arm());
  }

  /** Settles once everything queued (timer ticks, re-arms) has run; tests wait on it. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** The job of the schedule's running pipeline, or null. */
  runningJob(scheduleId: string): string | null {
    return this.running.get(scheduleId) ?? null;
  }

  /** Runs a schedule's pipeline now; refused while one of it runs. */
  async runNow(schedule: StoredSchedule): Promise<string> {
    const current = this.running.get(schedule.id);
    if (current) {
      throw new WorkbenchError('CONFLICT', `The pipeline of "${schedule.name}" is running already (job ${current}).`, {
        hint: 'Wait for it to end, or cancel it in the Activity panel.',
      });
    }
    return this.launch(schedule, 'manual', null, null);
  }

  /** Stops the timer (on quit); running pipelines are cancelled as jobs. Resolves once a step in progress has ended. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.options.clock.clearTimer(this.timer);
    this.timer = null;
    return this.queue;
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.queue.then(fn).catch((err: unknown) => console.error('scheduler step failed:', err));
    this.queue = next;
    return next;
  }

  private async launch(schedule: StoredSchedule, trigger: PipelineRun['trigger'], slotAt: string | null, note: string | null) {
    const { jobId, done } = await this.options.launch(schedule, trigger, slotAt, note);
    this.running.set(schedule.id, jobId);
    void done
      .catch(() => undefined)
      .then(() => {
        if (this.running.get(schedule.id) === jobId) this.running.delete(schedule.id);
        this.options.changed();
      });
    this.options.changed();
    return jobId;
  }

  private async runDue(trigger: 'schedule' | 'missed'): Promise<void> {
    const { store, clock } = this.options;
    const now = clock.now();
    for (const schedule of await store.list()) {
      if (this.stopped || !schedule.enabled || !schedule.nextRunAt || Date.parse(schedule.nextRunAt) > now.getTime()) continue;
      const slotAt = schedule.nextRunAt;
      let next: string | null = null;
      let missed = 1;
      try {
        next = nextRunAt(schedule, now);
        const expr = parseExpression(schedule.expression);
        const slots = nextRuns(expr, new Date(Date.parse(slotAt) - 1), 1000, new Date(schedule.anchorAt));
        missed = Math.max(1, slots.filter((d) => d.getTime() <= now.getTime()).length);
      } catch (err) {
        console.error(`schedule ${schedule.name} has an expression that no longer parses:`, err);
      }
      // The next slot is counted from now, so slots already passed are not queued one by one.
      const updated = await store.change(schedule.id, { nextRunAt: next }, now, false);
      const runningJob = this.running.get(schedule.id);
      if (runningJob) {
        await this.options.skipped(updated, slotAt, runningJob);
        continue;
      }
      const note =
        trigger === 'missed'
          ? `Run once at start for ${missed === 1 ? 'the slot' : `${missed >= 1000 ? '1000+' : missed} slots`} missed since ${slotAt} while the app was closed.`
          : null;
      await this.launch(updated, trigger, slotAt, note).catch((err: unknown) =>
        console.error(`schedule ${schedule.name} could not start its pipeline:`, err),
      );
    }
    await this.arm();
    this.options.changed();
  }

  private async arm(): Promise<void> {
    const { store, clock } = this.options;
    if (this.timer !== null) clock.clearTimer(this.timer);
    this.timer = null;
    if (this.stopped) return;
    const times = (await store.list()).filter((s) => s.enabled && s.nextRunAt).map((s) => Date.parse(s.nextRunAt ?? ''));
    if (!times.length) return;
    const delay = Math.min(Math.max(0, Math.min(...times) - clock.now().getTime()), MAX_TIMER_MS);
    this.timer = clock.setTimer(() => {
      this.timer = null;
      // A wait longer than MAX_TIMER_MS wakes early with nothing due; runDue then just re-arms.
      void this.serial(() => this.runDue('schedule'));
    }, delay);
  }
}
