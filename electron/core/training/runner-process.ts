import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { EventLineReader, type RunnerEvent } from './runner-events';

/** How long a runner has to stop on SIGTERM before its process group gets SIGKILL. */
export const TERMINATE_GRACE_MS = 5_000;

/** How a runner ended. */
export interface RunnerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What to start and where its output goes. */
export interface RunnerSpec {
  python: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr, appended as they arrive. */
  logFile: string;
  /** Each chunk's complete events, in order (one call per chunk, so the caller can write a batch at once). */
  onEvents: (events: RunnerEvent[]) => void;
  onLog: (text: string) => void;
  /** Lines on the events channel that were not events. */
  onInvalid?: (line: string) => void;
}

/** A started runner: its pid (= its process group), how it ends, and how to stop it. */
export interface RunnerProcess {
  readonly pid: number;
  readonly exited: Promise<RunnerExit>;
  /** SIGTERM to the whole process group, SIGKILL after the grace period; resolves when it has exited. */
  terminate(): Promise<RunnerExit>;
}

/** Sends a signal to a process group; a group already gone is not an error. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/**
 * Starts the runner in its own process group (`detached`), so cancel can stop the DataLoader
 * workers and anything a user script spawned, not just the interpreter. Events arrive on fd 3.
 */
export function startRunner(spec: RunnerSpec): Promise<RunnerProcess> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(spec.python, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const log: WriteStream = createWriteStream(spec.logFile, { flags: 'a' });
    const reader = new EventLineReader();
    const deliver = (batch: { events: RunnerEvent[]; invalid: string[] }) => {
      try {
        if (batch.events.length) spec.onEvents(batch.events);
        for (const line of batch.invalid) spec.onInvalid?.(line);
      } catch (err) {
        // A stream handler must not throw (it would take the app down); the run's outcome still comes from its exit.
        console.error('recording runner events failed:', err);
      }
    };
    const onOutput = (chunk: Buffer) => {
      log.write(chunk);
      spec.onLog(chunk.toString('utf8'));
    };
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    const events = child.stdio[3] as Readable;
    events.setEncoding('utf8');
    events.on('data', (chunk: string) => deliver(reader.push(chunk)));
    const eventsEnded = new Promise<void>((done) => events.once('close', done));
    const streamsEnded = Promise.all([
      eventsEnded,
      new Promise<void>((done) => child.stdout!.once('close', done)),
      new Promise<void>((done) => child.stderr!.once('close', done)),
    ]);

    child.once('error', (err) => {
      log.end();
      reject(err);
    });
    child.once('spawn', () => {
      const pid = child.pid!;
      const exitedRaw = new Promise<RunnerExit>((done) => child.once('exit', (code, signal) => done({ code, signal })));
      // Every byte the runner wrote is read before the exit counts: the last metrics precede the status.
      const exited = exitedRaw.then(async (exit) => {
        // Leftovers in the group (workers of a runner killed with -9) go with it.
        signalGroup(pid, 'SIGKILL');
        // A grandchild that kept the pipes open must not hold the run forever.
        await Promise.race([streamsEnded, new Promise((r) => setTimeout(r, 2_000))]);
        deliver(reader.end());
        await new Promise<void>((done) => log.end(done));
        return exit;
      });
      let terminating: Promise<RunnerExit> | undefined;
      resolve({
        pid,
        exited,
        terminate: () => {
          terminating ??= (async (): Promise<RunnerExit> => {
            signalGroup(pid, 'SIGTERM');
            const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), TERMINATE_GRACE_MS);
            const exit = await exitedRaw;
            clearTimeout(timer);
            // The interpreter is gone; DataLoader workers or a script's children left in the group go too.
            signalGroup(pid, 'SIGKILL');
            return exited.then(() => exit);
          })();
          return terminating;
        },
      });
    });
  });
}
