import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PipelineRun } from '../../shared/schedules';
import { skippedRun } from '../../electron/core/schedules/pipeline-record';
import { ScheduleStore, type StoredSchedule } from '../../electron/core/schedules/schedule-store';
import { MAX_TIMER_MS, nextRunAt, Scheduler, type Clock } from '../../electron/core/schedules/scheduler';

/** A clock whose time moves only when the test says; timers fire in time order as it passes them. */
class FakeClock implements Clock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;
  readonly delays: number[] = [];

  constructor(private time: number) {}

  now(): Date {
    return new Date(this.time);
  }

  setTimer(fn: () => void, ms: number): unknown {
    this.delays.push(ms);
    const id = ++this.ids;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }

  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  get armed(): number {
    return this.timers.length;
  }

  /** Moves time to `iso`, firing each timer that falls due on the way (waiting for the scheduler between them). */
  async advanceTo(iso: string, scheduler: Scheduler): Promise<void> {
    const target = Date.parse(iso);
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fn();
      await scheduler.idle();
    }
    this.time = target;
  }
}

const pipeline = { templateRunId: 'run-1', modelName: 'tyres', metric: 'test/accuracy', minImprovement: 0, deploy: true };

describe('scheduler', () => {
  let dir: string;
  let store: ScheduleStore;
  let launches: {
    schedule: string;
    trigger: PipelineRun['trigger'];
    slotAt: string | null;
    note: string | null;
    finish: () => void;
  }[];
  let skipped: PipelineRun[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-scheduler-'));
    store = new ScheduleStore(dir);
    launches = [];
    skipped = [];
  });
  // Schedulers made by a test: each is stopped (its step in progress ends) before its folder goes.
  let made: Scheduler[] = [];
  afterEach(async () => {
    await Promise.all(made.map((s) => s.stop()));
    made = [];
    rmSync(dir, { recursive: true, force: true });
  });

  function scheduler(clock: FakeClock): Scheduler {
    let n = 0;
    const s = new Scheduler({
      store,
      clock,
      launch: async (schedule, trigger, slotAt, note) => {
        let finish = () => {};
        const done = new Promise<void>((resolve) => (finish = resolve));
        launches.push({ schedule: schedule.name, trigger, slotAt, note, finish });
        return { jobId: `job-${++n}`, done };
      },
      skipped: async (schedule, slotAt, jobId) => {
        const run = skippedRun(schedule, slotAt, jobId, clock.now());
        skipped.push(run);
        await store.saveRun(run);
      },
      changed: () => {},
    });
    made.push(s);
    return s;
  }

  async function add(name: string, expression: string, createdAt: string, enabled = true): Promise<StoredSchedule> {
    const now = new Date(createdAt);
    const base = { name, expression, enabled, pipeline, anchorAt: createdAt };
    return store.add({ ...base, nextRunAt: nextRunAt(base, now) }, now);
  }

  it('runs slots missed while the app was closed once at start, not once per slot', async () => {
    await add('hourly', 'cron(0 * * * ? *)', '2026-11-22T09:30:00Z');
    // The app reopens at 14:10: the 10:00 to 14:00 slots (five) were missed.
    const clock = new FakeClock(Date.parse('2026-11-22T14:10:00Z'));
    const s = scheduler(clock);
    await s.start();
    expect(launches).toHaveLength(1);
    expect(launches[0]).toMatchObject({ trigger: 'missed', slotAt: '2026-11-22T10:00:00.000Z' });
    expect(launches[0]?.note).toMatch(/5 slots missed since 2026-11-22T10:00:00.000Z/);
    // The next run is the next future slot, and the timer waits for exactly that.
    expect((await store.list())[0]?.nextRunAt).toBe('2026-11-22T15:00:00.000Z');
    expect(clock.delays.at(-1)).toBe(50 * 60_000);
  });

  it('does not run at start a schedule whose next slot is still ahead, nor a disabled one', async () => {
    await add('later', 'cron(0 18 * * ? *)', '2026-11-22T09:00:00Z');
    await add('off', 'rate(5 minutes)', '2026-11-22T09:00:00Z', false);
    const clock = new FakeClock(Date.parse('2026-11-22T12:00:00Z'));
    await scheduler(clock).start();
    expect(launches).toEqual([]);
    expect(clock.armed).toBe(1);
    expect(clock.delays.at(-1)).toBe(6 * 3_600_000);
  });

  it('skips and records a slot that arrives while the previous pipeline still runs', async () => {
    await add('every 5', 'rate(5 minutes)', '2026-11-22T10:00:00Z');
    const clock = new FakeClock(Date.parse('2026-11-22T10:00:00Z'));
    const s = scheduler(clock);
    await s.start();
    await clock.advanceTo('2026-11-22T10:05:00Z', s);
    expect(launches.map((l) => l.slotAt)).toEqual(['2026-11-22T10:05:00.000Z']);
    expect(s.runningJob((await store.list())[0]?.id ?? '')).toBe('job-1');

    await clock.advanceTo('2026-11-22T10:10:00Z', s);
    expect(launches).toHaveLength(1);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ outcome: 'skipped', slotAt: '2026-11-22T10:10:00.000Z' });
    expect(skipped[0]?.reason).toMatch(/previous pipeline .*job-1.* still running/);
    expect(await store.runs(skipped[0]?.scheduleId ?? '')).toHaveLength(1);

    // Once it ends, the next slot runs again.
    launches[0]?.finish();
    await vi.waitFor(() => expect(s.runningJob(skipped[0]?.scheduleId ?? '')).toBeNull());
    await clock.advanceTo('2026-11-22T10:15:00Z', s);
    expect(launches.map((l) => l.slotAt)).toEqual(['2026-11-22T10:05:00.000Z', '2026-11-22T10:15:00.000Z']);
  });

  it('keeps one timer, re-armed to the nearest schedule after runs and changes', async () => {
    const daily = await add('daily', 'cron(0 17 * * ? *)', '2026-11-22T10:00:00Z');
    const clock = new FakeClock(Date.parse('2026-11-22T10:00:00Z'));
    const s = scheduler(clock);
    await s.start();
    expect(clock.armed).toBe(1);
    expect(clock.delays.at(-1)).toBe(7 * 3_600_000);

    // A sooner schedule takes the timer; still only one armed.
    await add('soon', 'cron(30 10 * * ? *)', '2026-11-22T10:00:00Z');
    await s.rearm();
    expect(clock.armed).toBe(1);
    expect(clock.delays.at(-1)).toBe(30 * 60_000);

    await clock.advanceTo('2026-11-22T10:30:00Z', s);
    expect(launches.map((l) => l.schedule)).toEqual(['soon']);
    // After the run it waits for the daily one at 17:00.
    expect(clock.armed).toBe(1);
    expect(clock.delays.at(-1)).toBe(6.5 * 3_600_000);

    // Disabling the daily one moves the timer to tomorrow's 10:30.
    await store.change(daily.id, { enabled: false, nextRunAt: null }, clock.now());
    await s.rearm();
    expect(clock.armed).toBe(1);
    expect(clock.delays.at(-1)).toBe(24 * 3_600_000);
  });

  it('waits in steps of at most 2^31-1 ms for a run years away, then runs it on time', async () => {
    await add('new year 2028', 'cron(0 0 1 JAN ? 2028)', '2026-11-22T10:00:00Z');
    const clock = new FakeClock(Date.parse('2026-11-22T10:00:00Z'));
    const s = scheduler(clock);
    await s.start();
    expect(clock.delays.at(-1)).toBe(MAX_TIMER_MS);
    await clock.advanceTo('2027-12-31T23:59:00Z', s);
    expect(launches).toEqual([]);
    expect(clock.delays.every((d) => d <= MAX_TIMER_MS)).toBe(true);
    await clock.advanceTo('2028-01-01T00:00:00Z', s);
    expect(launches.map((l) => l.slotAt)).toEqual(['2028-01-01T00:00:00.000Z']);
    // No later year: nothing left to arm.
    expect(clock.armed).toBe(0);
  });
});
