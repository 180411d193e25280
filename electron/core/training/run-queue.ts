import { cancelledError } from '../errors';

interface Waiter {
  id: string;
  grant: () => void;
}

/**
 * Runs take turns: at most `slots` at once (one by default, so two runs never fight over a GPU),
 * the others wait in the order they were started. A waiting run can leave through its signal.
 */
export class RunQueue {
  private readonly active = new Set<string>();
  private readonly waiting: Waiter[] = [];

  constructor(private readonly slots = 1) {}

  /** Resolves when `id` may run; rejects with CANCELLED when the signal aborts first. Call `release(id)` after. */
  acquire(id: string, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelledError('The run'));
    if (this.active.size < this.slots && this.waiting.length === 0) {
      this.active.add(id);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(cancelledError('The run'));
      };
      const waiter: Waiter = {
        id,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active.add(id);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Frees `id`'s slot and lets the next waiting run start. */
  release(id: string): void {
    if (!this.active.delete(id)) return;
    while (this.active.size < this.slots && this.waiting.length) this.waiting.shift()!.grant();
  }

  /** How many runs a run started now would wait for: those running and those already waiting. */
  ahead(): number {
    return this.active.size + this.waiting.length;
  }

  /** The ids waiting, first to run first. */
  queued(): string[] {
    return this.waiting.map((w) => w.id);
  }

  /** Where `id` waits (1 = next), or 0 when it is not waiting. */
  position(id: string): number {
    return this.waiting.findIndex((w) => w.id === id) + 1;
  }
}
