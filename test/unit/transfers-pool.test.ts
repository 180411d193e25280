import { describe, expect, it } from 'vitest';
import { runPool } from '../../electron/core/transfers/pool';

/** A promise with its resolve exposed, to step work from the test. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('runPool', () => {
  it('never runs more than the concurrency at once, and runs every item', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runPool(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async (i) => {
        running++;
        peak = Math.max(peak, running);
        await Promise.resolve();
        await Promise.resolve();
        running--;
        done.push(i);
      },
    );
    expect(peak).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('stops starting items after a failure and rethrows it once the running ones settle', async () => {
    const started: number[] = [];
    const slow = gate();
    let slowSettled = false;
    const run = runPool([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      if (i === 0) {
        await slow.opened;
        slowSettled = true;
      }
      if (i === 1) throw new Error('object 1 failed');
    });
    slow.open();
    await expect(run).rejects.toThrow('object 1 failed');
    expect(slowSettled).toBe(true);
    expect(started).not.toContain(5);
  });

  it('rejects with CANCELLED and starts nothing more once the signal aborts', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const run = runPool(
      [0, 1, 2, 3],
      1,
      async (i) => {
        started.push(i);
        if (i === 1) controller.abort();
      },
      controller.signal,
    );
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(started).toEqual([0, 1]);
  });
});
