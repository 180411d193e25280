import { describe, expect, it } from 'vitest';
import { RunQueue } from '../../electron/core/training/run-queue';

describe('the run queue', () => {
  it('runs one at a time, in the order runs were started', async () => {
    const queue = new RunQueue();
    const started: string[] = [];
    const run = (id: string) => queue.acquire(id).then(() => started.push(id));
    await run('a');
    const b = run('b');
    const c = run('c');
    expect(queue.queued()).toEqual(['b', 'c']);
    expect(queue.position('c')).toBe(2);
    expect(queue.ahead()).toBe(3);
    queue.release('a');
    await b;
    expect(started).toEqual(['a', 'b']);
    queue.release('b');
    await c;
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('lets a waiting run leave when it is cancelled, without blocking the next', async () => {
    const queue = new RunQueue();
    await queue.acquire('a');
    const cancel = new AbortController();
    const b = queue.acquire('b', cancel.signal);
    const c = queue.acquire('c');
    cancel.abort();
    await expect(b).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(queue.queued()).toEqual(['c']);
    queue.release('a');
    await expect(c).resolves.toBeUndefined();
  });

  it('refuses at once a run cancelled before it asked', async () => {
    const cancel = new AbortController();
    cancel.abort();
    await expect(new RunQueue().acquire('a', cancel.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
