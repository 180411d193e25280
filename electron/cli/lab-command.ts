import { InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { resolveCacheDir, resolveDataDir } from '../core/data-dir';
import { startLab } from '../lab/start-lab';

/** What `workbench lab` takes. */
export interface LabCommandOptions {
  data?: string;
  restPort?: number;
  sshPort?: number;
  s3Port?: number;
  password?: string;
}

/** Checks `--password` as ONTAP checks an admin password: at least 8 characters, a letter and a digit. */
export function checkLabPassword(password: string): string {
  if (password.length < 8 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new InvalidArgumentError('use at least 8 characters, with at least one letter and one digit (as ONTAP requires).');
  }
  return password;
}

/**
 * Starts the lab standalone: progress on stderr, then ONE line of JSON on stdout with its
 * endpoints and admin credentials (for the AWS CLI, boto3, ssh, Ansible…), then serves until
 * SIGINT/SIGTERM and exits cleanly.
 */
export async function runLab(options: LabCommandOptions): Promise<void> {
  const dir = options.data ?? join(resolveDataDir(), 'lab');
  let lastPercent = -1;
  const running = await startLab({
    dir,
    password: options.password,
    ports: { rest: options.restPort, ssh: options.sshPort, s3: options.s3Port },
    sampleCacheDir: resolveCacheDir(),
    onProgress: (message, done, total) => {
      const percent = done !== undefined && total ? Math.floor((done / total) * 100) : -1;
      if (percent === lastPercent) return;
      lastPercent = percent;
      process.stderr.write(`${message}${percent >= 0 ? ` ${percent}%` : ''}\n`);
    },
  });
  process.stdout.write(`${JSON.stringify(running.endpoints())}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
