import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import { cancelledError, WorkbenchError } from '../errors';
import { connectTimeout, networkError } from './network-errors';
import { WRONG_LOGIN_HINT } from './rest-errors';

/**
 * An SSH session to ONTAP's CLI (ssh2's client): password login (and keyboard-interactive, which
 * some clusters ask instead), the host key trusted on first use — an unknown key is refused with
 * its fingerprint for the user to confirm, a key other than the pinned one is refused outright —
 * and commands run one at a time over exec channels, each honouring an AbortSignal.
 */

/** Where to log in and which host key is trusted. */
export interface SshTarget {
  host: string;
  port: number;
  username: string;
  password: string;
  /** The pinned host key fingerprint (`SHA256:…`), or null when none is trusted yet. */
  pinnedSha256: string | null;
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

/** What one command may be given. */
export interface ExecOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
const DEFAULT_COMMAND_TIMEOUT_MS = 10 * 60_000;
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** OpenSSH's fingerprint of a public key blob: `SHA256:` and unpadded base64, as `ssh-keygen -l` prints it. */
export function sshFingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The fingerprint of a key given as text (a private key, or a public key line), via ssh2's parser. */
export function hostKeyFingerprint(key: string): string {
  const parsed = ssh2.utils.parseKey(key);
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!first || first instanceof Error) throw new Error(`not an SSH key: ${first instanceof Error ? first.message : 'empty'}`);
  return sshFingerprint(first.getPublicSSH());
}

/** Reads a host key fingerprint as pasted (`SHA256:abc…` or the base64 alone); null when it is not one. */
export function normalizeHostKeyFingerprint(text: string): string | null {
  const b64 = text.trim().replace(/^SHA256:/i, '');
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(b64)) return null;
  return `SHA256:${b64.replace(/=$/, '')}`;
}

function hostKeyError(target: SshTarget, seen: string): WorkbenchError {
  const where = `${target.host}:${target.port}`;
  if (target.pinnedSha256 === null)
    return new WorkbenchError('SSH_HOST_KEY_UNKNOWN', `The SSH host key of ${where} is not trusted yet (${seen}).`, {
      hint: 'Compare this fingerprint with the one your storage administrator sees (for example with `ssh-keygen -l` on a known copy of the key), then trust it for this connection.',
      details: { sha256: seen },
    });
  return new WorkbenchError(
    'SSH_HOST_KEY_CHANGED',
    `Warning: the SSH host key of ${where} is not the one you trusted. The cluster may have been rebuilt — or someone may be intercepting the connection.`,
    {
      hint: 'Do not log in until your storage administrator confirms the key changed; then trust the new fingerprint.',
      details: { sha256: seen, pinned: target.pinnedSha256 },
    },
  );
}

/** A logged-in session; close() ends it. */
export class SshSession {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly client: ssh2.Client,
    /** The verified host key's fingerprint. */
    readonly hostKeySha256: string,
    private readonly target: { host: string; port: number },
  ) {}

  /**
   * Connects, checks the host key against the pinned one and logs in. Rejects with
   * SSH_HOST_KEY_UNKNOWN / SSH_HOST_KEY_CHANGED (fingerprint in `details`), ONTAP_AUTH_FAILED,
   * HOST_UNREACHABLE or CANCELLED.
   */
  static open(target: SshTarget): Promise<SshSession> {
    const timeoutMs = target.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      if (target.signal?.aborted) return reject(cancelledError('Connecting'));
      const client = new ssh2.Client();
      let seen: string | null = null;
      let refusedKey = false;
      let settled = false;
      const settle = (err: WorkbenchError | null) => {
        if (settled) return;
        settled = true;
        target.signal?.removeEventListener('abort', onAbort);
        if (err) {
          client.end();
          reject(err);
        } else resolve(new SshSession(client, seen as string, { host: target.host, port: target.port }));
      };
      const onAbort = () => settle(cancelledError('Connecting'));
      target.signal?.addEventListener('abort', onAbort, { once: true });
      client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) =>
        finish(prompts.map(() => target.password)),
      );
      client.on('ready', () => settle(null));
      client.on('error', (err: Error & { level?: string }) => {
        if (refusedKey && seen) return settle(hostKeyError(target, seen));
        if (err.level === 'client-authentication')
          return settle(
            new WorkbenchError('ONTAP_AUTH_FAILED', `The CLI refused the login of ${target.username}: wrong user or password.`, {
              hint: WRONG_LOGIN_HINT,
            }),
          );
        if (err.level === 'client-timeout') return settle(networkError(connectTimeout(timeoutMs), target, 'the cluster’s SSH'));
        settle(networkError(err, target, 'the cluster’s SSH'));
      });
      client.on('close', () => settle(networkError(Object.assign(new Error('closed'), { code: 'ECONNRESET' }), target)));
      const config: ConnectConfig = {
        host: target.host,
        port: target.port,
        username: target.username,
        password: target.password,
        tryKeyboard: true,
        readyTimeout: timeoutMs,
        hostVerifier: (key: Buffer) => {
          seen = sshFingerprint(key);
          refusedKey = target.pinnedSha256 === null || normalizeHostKeyFingerprint(target.pinnedSha256) !== seen;
          return !refusedKey;
        },
      };
      client.connect(config);
    });
  }

  /** Runs one command line and resolves with everything it printed (ONTAP prints errors on stdout too). */
  exec(command: string, o: ExecOptions = {}): Promise<string> {
    const run = () => this.execNow(command, o);
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Ends the session. */
  close(): void {
    this.client.end();
  }

  private execNow(command: string, o: ExecOptions): Promise<string> {
    const timeoutMs = o.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      if (o.signal?.aborted) return reject(cancelledError());
      let channel: ClientChannel | null = null;
      let settled = false;
      const finish = (err: Error | null, output?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', onAbort);
        if (err) {
          channel?.close();
          reject(err);
        } else resolve(output ?? '');
      };
      const onAbort = () => finish(cancelledError());
      const timer = setTimeout(
        () =>
          finish(
            new WorkbenchError('ONTAP_ERROR', `The CLI did not finish "${command.slice(0, 80)}" within ${timeoutMs / 1000} s.`, {
              hint: 'The cluster may be busy; look at `job show` on it, then try again.',
            }),
          ),
        timeoutMs,
      );
      o.signal?.addEventListener('abort', onAbort, { once: true });
      this.client.exec(command, (err, stream) => {
        if (err) return finish(networkError(err, this.target, 'the cluster’s SSH'));
        channel = stream;
        if (settled) return stream.close();
        const chunks: Buffer[] = [];
        let size = 0;
        const collect = (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_OUTPUT_BYTES)
            finish(new WorkbenchError('ONTAP_ERROR', 'The CLI printed more than 16 MB; narrow the query.'));
          else chunks.push(chunk);
        };
        stream.on('data', collect);
        stream.stderr.on('data', collect);
        stream.on('close', () => finish(null, Buffer.concat(chunks).toString('utf8')));
      });
    });
  }
}

/**
 * The host key a server presents, read without logging in (the handshake is stopped at the key):
 * what `trust` checks a fingerprint against when no test has shown it yet.
 */
export function probeHostKey(target: Omit<SshTarget, 'username' | 'password' | 'pinnedSha256'>): Promise<string> {
  const timeoutMs = target.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    if (target.signal?.aborted) return reject(cancelledError('Connecting'));
    const client = new ssh2.Client();
    let seen: string | null = null;
    let settled = false;
    const settle = (err: WorkbenchError | null) => {
      if (settled) return;
      settled = true;
      target.signal?.removeEventListener('abort', onAbort);
      client.end();
      if (seen && !err) resolve(seen);
      else reject(err ?? networkError(new Error('no host key'), target));
    };
    const onAbort = () => settle(cancelledError('Connecting'));
    target.signal?.addEventListener('abort', onAbort, { once: true });
    client.on('error', (err: Error & { level?: string }) =>
      settle(seen ? null : networkError(err.level === 'client-timeout' ? connectTimeout(timeoutMs) : err, target)),
    );
    client.on('close', () => settle(null));
    client.connect({
      host: target.host,
      port: target.port,
      username: 'workbench-host-key-probe',
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        seen = sshFingerprint(key);
        return false;
      },
    });
  });
}
