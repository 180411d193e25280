import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * The worker's code, evaluated from this string so it runs the same under tsx/vitest (TypeScript
 * sources), the esbuild bundle and Electron's asar: there is no separate file to resolve. Dynamic
 * imports work whether Node evaluates it as CommonJS or as a module.
 */
const WORKER_SOURCE = `
(async () => {
  const { parentPort } = await import('node:worker_threads');
  const { openSync, readSync, closeSync } = await import('node:fs');
  const { createHash } = await import('node:crypto');
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  parentPort.on('message', ({ id, path, offset, length }) => {
    let fd;
    try {
      fd = openSync(path, 'r');
      const hash = createHash('md5');
      for (let at = 0; at < length; ) {
        const n = readSync(fd, buffer, 0, Math.min(buffer.length, length - at), offset + at);
        if (n === 0) throw Object.assign(new Error('the file ends at byte ' + (offset + at)), { code: 'ESHORT' });
        hash.update(buffer.subarray(0, n));
        at += n;
      }
      parentPort.postMessage({ id, digest: hash.digest() });
    } catch (err) {
      parentPort.postMessage({ id, error: String((err && err.message) || err), code: err && err.code });
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  });
})();
`;

/**
 * How many hashing threads by default: one core is left to the main thread (sockets, writes) and,
 * on a workstation, to whatever else runs; past 4, MD5 outruns what the network delivers.
 */
export function defaultHashWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

let live = 0;

/** How many hashing threads exist in this process right now (tests check it returns to zero). */
export function liveHashWorkers(): number {
  return live;
}

interface Task {
  id: number;
  path: string;
  offset: number;
  length: number;
  resolve: (digest: Buffer) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  gone: boolean;
}

/**
 * MD5s of file regions computed on worker threads, so hashing a large download does not take the
 * main thread's core. Regions are read back from the file (the page cache has them) so what is
 * verified is what landed on disk. Threads start on demand, are unref'd while idle (an idle pool
 * never keeps the process alive) and end with `terminate()`.
 */
export class HashPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private ended: Promise<void> | null = null;

  constructor(private readonly size = defaultHashWorkers()) {}

  /** The MD5 digest of `length` bytes of `path` from `offset`; rejects naming the path when they cannot be read. */
  md5Region(path: string, offset: number, length: number): Promise<Buffer> {
    if (this.ended) return Promise.reject(new Error(`Cannot hash ${path}: the hashing threads were stopped.`));
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, path, offset, length, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; queued and running regions reject. Safe to call more than once. */
  terminate(): Promise<void> {
    this.ended ??= (async () => {
      for (const task of this.queue.splice(0))
        task.reject(new Error(`Cannot hash ${task.path}: the hashing threads were stopped.`));
      await Promise.all(this.slots.map((slot) => this.stop(slot)));
    })();
    return this.ended;
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.task && !s.gone);
      if (!slot && this.slots.filter((s) => !s.gone).length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({ id: task.id, path: task.path, offset: task.offset, length: task.length });
    }
  }

  private spawn(): Slot {
    // execArgv []: the worker needs no loader (tsx, vitest) and must not inherit `--input-type`.
    const slot: Slot = { worker: new Worker(WORKER_SOURCE, { eval: true, execArgv: [] }), task: null, gone: false };
    live++;
    slot.worker.on('message', (m: { id: number; digest?: Uint8Array; error?: string; code?: string }) => {
      const task = slot.task;
      if (!task || task.id !== m.id) return;
      slot.task = null;
      slot.worker.unref();
      if (m.digest) task.resolve(Buffer.from(m.digest.buffer, m.digest.byteOffset, m.digest.byteLength));
      else task.reject(Object.assign(new Error(`Cannot read ${task.path} to verify it: ${m.error}`), { code: m.code }));
      this.dispatch();
    });
    slot.worker.on('error', (err) => this.fail(slot, err));
    slot.worker.on('exit', () => this.fail(slot, new Error('the hashing thread exited')));
    this.slots.push(slot);
    return slot;
  }

  // A thread that died takes its region with it; the others carry on with the queue.
  private fail(slot: Slot, err: Error): void {
    if (!slot.gone) {
      slot.gone = true;
      live--;
    }
    const task = slot.task;
    slot.task = null;
    task?.reject(new Error(`Cannot hash ${task.path}: ${err.message}`));
    if (!this.ended) this.dispatch();
  }

  private async stop(slot: Slot): Promise<void> {
    await slot.worker.terminate();
    this.fail(slot, new Error('the hashing threads were stopped'));
  }
}
