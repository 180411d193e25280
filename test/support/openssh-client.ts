import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** Where to log in with the real OpenSSH client. */
export interface SshTarget {
  port: number;
  user: string;
  password: string;
  host?: string;
}

/** What an `ssh host 'command'` run printed and how it exited. */
export interface SshResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts /usr/bin/ssh through `sshpass -e` with hermetic options: no user config, no known_hosts,
 * password or keyboard-interactive login only, one password try. Needs the Debian packages
 * openssh-client and sshpass.
 */
function spawnSsh(
  target: SshTarget,
  options: { tty?: boolean; methods?: string; command?: string },
): ChildProcessWithoutNullStreams {
  const args = [
    '-e',
    '/usr/bin/ssh',
    '-F',
    '/dev/null',
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'LogLevel=ERROR',
    '-o',
    'ConnectTimeout=10',
    '-o',
    'NumberOfPasswordPrompts=1',
    '-o',
    `PreferredAuthentications=${options.methods ?? 'password,keyboard-interactive'}`,
    ...(options.tty ? ['-tt'] : []),
    '-p',
    String(target.port),
    `${target.user}@${target.host ?? '127.0.0.1'}`,
    ...(options.command !== undefined ? [options.command] : []),
  ];
  const child = spawn('sshpass', args, { env: { ...process.env, SSHPASS: target.password }, stdio: 'pipe' });
  child.stdin.on('error', () => undefined);
  return child;
}

/** Runs `ssh host command` and resolves when it exits; killed (and rejected) after `timeoutMs`. */
export function sshExec(
  target: SshTarget,
  command: string,
  options: { timeoutMs?: number; methods?: string } = {},
): Promise<SshResult> {
  const child = spawnSsh(target, { command, methods: options.methods });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ssh '${command}' did not finish in ${timeoutMs} ms; output so far:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/**
 * An interactive `ssh -tt` session driven like `expect`: wait for text (a prompt, a question),
 * then type the next line. Every wait is bounded.
 */
export class SshSession {
  private output = '';
  private seen = 0;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly changed = new Set<() => void>();
  /** Resolves with the exit status when ssh exits. */
  readonly closed: Promise<number | null>;

  constructor(target: SshTarget) {
    this.child = spawnSsh(target, { tty: true });
    const take = (d: Buffer) => {
      this.output += d.toString();
      for (const notify of this.changed) notify();
    };
    this.child.stdout.on('data', take);
    this.child.stderr.on('data', take);
    this.closed = new Promise((resolve) =>
      this.child.once('close', (status) => {
        for (const notify of this.changed) notify();
        resolve(status);
      }),
    );
  }

  /** Resolves with everything printed since the last wait, up to and including `text`. */
  waitFor(text: string, timeoutMs = 15_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const at = this.output.indexOf(text, this.seen);
        if (at >= 0) {
          const end = at + text.length;
          const chunk = this.output.slice(this.seen, end);
          this.seen = end;
          done();
          resolve(chunk);
        } else if (this.child.exitCode !== null) {
          done();
          reject(new Error(`ssh exited while waiting for ${JSON.stringify(text)}; it printed:\n${this.output}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${JSON.stringify(text)} within ${timeoutMs} ms; the session printed:\n${this.output}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.changed.delete(check);
      };
      this.changed.add(check);
      check();
    });
  }

  /** Types a line and Enter. */
  send(line: string): void {
    this.child.stdin.write(`${line}\r`);
  }

  /** Ends the session from our side if it is still running (a failed test must not leave ssh behind). */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
