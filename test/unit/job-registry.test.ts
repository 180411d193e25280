import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventName, EventPayload } from '../../shared/contract';
import { WorkbenchError } from '../../electron/core/errors';
import { EventBus } from '../../electron/core/event-bus';
import { JobRegistry, PROGRESS_INTERVAL_MS } from '../../electron/core/jobs/job-registry';

function setup() {
  const bus = new EventBus();
  const seen: { name: EventName; payload: EventPayload<EventName> }[] = [];
  bus.subscribe((name, payload) => seen.push({ name, payload }));
  return { jobs: new JobRegistry(bus), seen };
}

/** A promise with its resolve exposed, to step a job body from the test. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

afterEach(() => vi.useRealTimers());

describe('JobRegistry', () => {
  it('returns an id at once and ends succeeded with done = total', async () => {
    const { jobs, seen } = setup();
    const step = gate();
    const jobId = jobs.start({
      kind: 'test.copy',
      title: 'Copy files',
      unit: 'files',
      total: 3,
      run: async (ctx) => {
        ctx.progress({ done: 1, message: 'a.png' });
        await step.opened;
      },
    });
    expect(jobs.get(jobId)?.state).toBe('running');
    step.open();
    const final = await jobs.waitFor(jobId);
    expect(final).toMatchObject({ state: 'succeeded', done: 3, total: 3, unit: 'files', error: null });
    expect(final.endedAt).not.toBeNull();
    const states = seen.filter((e) => e.name === 'job.state').map((e) => (e.payload as { state: string }).state);
    expect(states).toEqual(['running', 'succeeded']);
    expect(seen.some((e) => e.name === 'job.progress' && (e.payload as { message: string }).message === 'a.png')).toBe(true);
  });

  it('cancel aborts the signal the body honours, and the job ends cancelled', async () => {
    const { jobs } = setup();
    let signal: AbortSignal | undefined;
    const jobId = jobs.start({
      kind: 'test.wait',
      title: 'Wait forever',
      run: (ctx) =>
        new Promise<void>((_resolve, reject) => {
          signal = ctx.signal;
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
        }),
    });
    await vi.waitFor(() => expect(signal).toBeDefined());
    expect(jobs.cancel(jobId)).toEqual({ cancelled: true, state: 'running' });
    expect(signal?.aborted).toBe(true);
    const final = await jobs.waitFor(jobId);
    expect(final.state).toBe('cancelled');
    expect(final.error).toBeNull();
    expect(jobs.cancel(jobId)).toEqual({ cancelled: false, state: 'cancelled' });
  });

  it('a failing body ends failed with the error code, message and hint', async () => {
    const { jobs } = setup();
    const jobId = jobs.start({
      kind: 'test.fail',
      title: 'Reach host',
      run: async () => {
        throw new WorkbenchError('HOST_UNREACHABLE', 'No route to 10.0.0.5:443.', { hint: 'Join the VPC of the file system.' });
      },
    });
    const final = await jobs.waitFor(jobId);
    expect(final.state).toBe('failed');
    expect(final.error).toEqual({
      code: 'HOST_UNREACHABLE',
      message: 'No route to 10.0.0.5:443.',
      hint: 'Join the VPC of the file system.',
    });
    expect(final.message).toBe('No route to 10.0.0.5:443.');
  });

  it('an unexpected exception becomes INTERNAL with its message, not a crash', async () => {
    const { jobs } = setup();
    const jobId = jobs.start({ kind: 'test.bug', title: 'Bug', run: async () => JSON.parse('{') as never });
    const final = await jobs.waitFor(jobId);
    expect(final.error?.code).toBe('INTERNAL');
    expect(final.error?.message).toMatch(/JSON/);
  });

  it('cancel of an unknown job answers undefined', () => {
    expect(setup().jobs.cancel('nope')).toBeUndefined();
  });

  it('lists jobs newest first', async () => {
    const { jobs } = setup();
    const a = jobs.start({ kind: 'k', title: 'first', run: async () => undefined });
    const b = jobs.start({ kind: 'k', title: 'second', run: async () => undefined });
    await Promise.all([jobs.waitFor(a), jobs.waitFor(b)]);
    expect(jobs.list().map((j) => j.title)).toEqual(['second', 'first']);
  });

  it('coalesces a flood of progress into few events but always publishes the latest', async () => {
    vi.useFakeTimers();
    const { jobs, seen } = setup();
    const step = gate();
    const jobId = jobs.start({
      kind: 'test.flood',
      title: 'Flood',
      unit: 'bytes',
      total: 10_000,
      run: async (ctx) => {
        for (let i = 1; i <= 10_000; i++) ctx.progress({ done: i });
        await step.opened;
      },
    });
    await vi.advanceTimersByTimeAsync(PROGRESS_INTERVAL_MS * 2);
    const progress = seen.filter((e) => e.name === 'job.progress');
    expect(progress.length).toBeLessThanOrEqual(3);
    expect((progress.at(-1)?.payload as { done: number }).done).toBe(10_000);
    step.open();
    await vi.runAllTimersAsync();
    expect((await jobs.waitFor(jobId)).state).toBe('succeeded');
  });

  it('cancelAll stops every running job', async () => {
    const { jobs } = setup();
    const body = (ctx: { signal: AbortSignal }) =>
      new Promise<void>((_r, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    const ids = [jobs.start({ kind: 'k', title: 'a', run: body }), jobs.start({ kind: 'k', title: 'b', run: body })];
    await jobs.cancelAll();
    expect(ids.map((id) => jobs.get(id)?.state)).toEqual(['cancelled', 'cancelled']);
  });
});
