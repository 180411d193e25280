import { execFile } from 'node:child_process';
import { cancelledError } from '../errors';

/** What a finished command printed. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/** Why a command could not give an answer. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly reason: 'not-found' | 'timeout' | 'exit',
    readonly stderr: string,
  ) {
    super(message);
  }
}

/**
 * Runs a program without a shell, bounded in time and honouring `signal` (the child is killed on
 * abort, and the promise rejects with CANCELLED).
 */
export function runCommand(
  file: string,
  args: string[],
  options: { signal?: AbortSignal; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<CommandOutput> {
  const { signal, timeoutMs, env } = options;
  if (signal?.aborted) return Promise.reject(cancelledError());
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024, env, signal, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        if (signal?.aborted) return reject(cancelledError());
        const err = error as NodeJS.ErrnoException & { killed?: boolean };
        if (err.code === 'ENOENT') return reject(new CommandFailure(`${file} was not found`, 'not-found', stderr));
        if (err.killed)
          return reject(new CommandFailure(`${file} did not answer within ${timeoutMs / 1000} s`, 'timeout', stderr));
        reject(new CommandFailure(`${file} failed: ${(stderr || err.message).trim().split('\n').pop() ?? ''}`, 'exit', stderr));
      },
    );
  });
}
